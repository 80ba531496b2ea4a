'''## What it does
Flags stage method settings that name a path or method the API does not have:
`MethodSettings[].ResourcePath` / `HttpMethod` of an `AWS::ApiGateway::Stage`, of a deployment's
`StageDescription`, or of an `AWS::Serverless::Api` (with `Globals`), and the route keys of
`RouteSettings` on an `AWS::ApiGatewayV2::Stage` or `AWS::Serverless::HttpApi`.

`ResourcePath` encodes each `/` of the path as `~1` after a leading `/` (`/~1items~1{id}` is
`/items/{id}`, `/` is the root), and `/*` (with `HttpMethod: '*'`) means every method; `/*/*` is
read as that wildcard too. A path written without the encoding (`/items`) is flagged with the
encoded form. APIs whose definition gwlint cannot read (in S3) are not checked.

## Why is this bad?
Method settings are how you turn on logging, metrics, caching and throttling for one method. One
that names a path or method the API does not have applies to nothing: API Gateway rejects the
update or the setting silently never takes effect, and the method you meant keeps the stage
defaults (no cache, no throttling limit, no logs).

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: items
      Body:
        openapi: 3.0.1
        paths:
          /items:
            get:
              x-amazon-apigateway-integration: {type: mock}
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: !Ref Deployment
      MethodSettings:
        - ResourcePath: /items
          HttpMethod: GET
          ThrottlingRateLimit: 10
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Api}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: items
      Body:
        openapi: 3.0.1
        paths:
          /items:
            get:
              x-amazon-apigateway-integration: {type: mock}
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: !Ref Deployment
      MethodSettings:
        - ResourcePath: /~1items
          HttpMethod: GET
          ThrottlingRateLimit: 10
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Api}
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-stage-methodsetting.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-stage.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation
from gwlint.source import Pointer

WILDCARDS = {"/*", "*", "/*/*"}


class MethodSettingsUnknownPath(Rule):
    __doc__ = __doc__
    id = "GW408"
    name = "method-settings-unknown-path"
    severity = Severity.ERROR
    summary = "Stage method settings or route settings name a path or method the API does not have"
    tags = ("deployment",)
    joins = "stage settings + API methods"

    def check(self, model):
        for api in model.apis:
            if api.logical_id is None or api.definition_unread or not api.operations:
                continue
            if api.kind is ApiKind.REST:
                methods: dict[str, set[str]] = {}
                for op in api.operations:
                    methods.setdefault(_normal(op.path), set()).add(op.method)
                for entries, where in _method_settings(model, api):
                    for position, entry in enumerate(entries):
                        if isinstance(entry, dict):
                            yield from _check_entry(api, methods, entry, where(position))
            else:
                keys = {_route_key(api.kind, op) for op in api.operations}
                for stage in api.stages:
                    settings = stage.properties.get("RouteSettings") if isinstance(stage.properties, dict) else None
                    if not isinstance(settings, dict):
                        continue
                    base = (stage.pointer if stage.logical_id else api.pointer) / "Properties" / "RouteSettings"
                    for key in settings:
                        if isinstance(key, str) and key not in keys:
                            yield Violation(base / key, (
                                f"RouteSettings names route '{key}', which {api.display} does not have "
                                f"(routes: {_listing(sorted(keys))}): the settings apply to nothing"))


def _method_settings(model, api):
    """(MethodSettings list, position -> pointer) for the stages and deployments of a REST API."""
    for stage in api.stages:
        entries = stage.properties.get("MethodSettings") if isinstance(stage.properties, dict) else None
        if not isinstance(entries, list):
            continue
        if stage.logical_id is not None:
            base = stage.pointer / "Properties" / "MethodSettings"
            yield entries, (lambda i, base=base: base / i)
        elif api.origin is Origin.SAM:
            # SAM: Globals.Api.MethodSettings come first, then the API's own (lists concatenate).
            globals_pointer = Pointer(api.pointer.file, ("Globals", "Api", "MethodSettings"))
            global_entries = model.value_at(globals_pointer)
            count = len(global_entries) if isinstance(global_entries, list) else 0
            local = api.pointer / "Properties" / "MethodSettings"
            yield entries, (lambda i, g=globals_pointer, n=count, local=local: g / i if i < n else local / (i - n))
    for deployment in api.deployments:
        description = deployment.stage_description if isinstance(deployment.stage_description, dict) else {}
        entries = description.get("MethodSettings")
        if isinstance(entries, list):
            base = deployment.pointer / "Properties" / "StageDescription" / "MethodSettings"
            yield entries, (lambda i, base=base: base / i)


def _check_entry(api, methods: dict[str, set[str]], entry: dict, where: Pointer):
    resource_path, http_method = entry.get("ResourcePath"), entry.get("HttpMethod")
    method = http_method.upper() if isinstance(http_method, str) else None
    if not isinstance(resource_path, str) or resource_path in WILDCARDS:
        if resource_path in WILDCARDS and method not in (None, "*") and not any(
                method in found or "ANY" in found for found in methods.values()):
            yield Violation(where / "HttpMethod", (
                f"MethodSettings names HttpMethod {http_method} on every path, but {api.display} has no "
                f"{method} method: the settings apply to nothing"), at="value")
        return
    path = _decode(resource_path)
    if path is None:
        encoded = "/" + resource_path.replace("~", "~0").replace("/", "~1") if resource_path.startswith("/") else None
        if encoded and _normal(resource_path) in methods:
            advice = f"write '{encoded}', or the settings may never apply to {resource_path}"
        else:
            advice = "the settings apply to no method"
        yield Violation(where / "ResourcePath", (
            f"MethodSettings ResourcePath '{resource_path}' is not in the documented encoded form (a '/' then the "
            f"path with every '/' written as '~1'): {advice}"), at="value")
        return
    found = methods.get(_normal(path))
    if found is None:
        yield Violation(where / "ResourcePath", (
            f"MethodSettings ResourcePath '{resource_path}' is path {path}, which {api.display} does not have "
            f"(paths: {_listing(sorted(methods))}): the settings apply to nothing"), at="value")
    elif method not in (None, "*") and method not in found and "ANY" not in found:
        yield Violation(where / "HttpMethod", (
            f"MethodSettings names {method} {path}, but {path} of {api.display} only has "
            f"{', '.join(sorted(found))}: the settings apply to nothing"), at="value")


def _decode(resource_path: str) -> str | None:
    """`/~1items~1{id}` -> `/items/{id}`; `/` -> `/`; None when it is not in the encoded form."""
    if resource_path == "/":
        return "/"
    if not resource_path.startswith("/~1"):
        return None
    rest = resource_path[1:]
    if "/" in rest:
        return None
    return rest.replace("~1", "/").replace("~0", "~")


def _normal(path: str) -> str:
    return path.rstrip("/") if path not in ("", "/") else "/"


def _route_key(kind: ApiKind, op) -> str:
    if kind is ApiKind.WEBSOCKET or op.path.startswith("$") or op.path == "/$default":
        return op.path.lstrip("/") if op.path == "/$default" else op.path
    return f"{op.method} {op.path}"


def _listing(items: list[str], limit: int = 8) -> str:
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    return ", ".join(items)
