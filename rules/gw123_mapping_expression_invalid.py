'''## What it does
Checks the parameter mapping expressions of `x-amazon-apigateway-integration` and
`x-amazon-apigateway-gateway-responses`:

- REST `requestParameters`: keys `integration.request.{header|querystring|path|multivalueheader|multivaluequerystring}.NAME`;
  values `method.request.{path|querystring|header|multivalueheader|multivaluequerystring}.NAME`,
  `method.request.body[.JSONPath]`, `context.VAR`, `stageVariables.VAR` or a single-quoted static
  value (`'application/json'`). A `method.request.*` parameter must be declared in the operation's (or
  path item's) `parameters`: mapping `integration.request.path.proxy` from `method.request.path.proxy`
  on `/{proxy+}` needs a `proxy` path parameter. The same holds for `cacheKeyParameters`.
- REST integration `responses`: each `statusCode` must be a response of the operation, and each
  `method.response.header.NAME` key must be declared in that response's `headers`; values are
  `integration.response.{header|multivalueheader}.NAME`, `integration.response.body[.JSONPath]`,
  `context.VAR`, `stageVariables.VAR` or a single-quoted static value.
- HTTP API `requestParameters` (without `integrationSubtype`): keys
  `{append|overwrite|remove}:{header|querystring}.NAME` or `overwrite:path`; `responseParameters`: status
  codes and `{append|overwrite|remove}:header.NAME` / `overwrite:statuscode`.
- Gateway responses: keys `gatewayresponse.{header|path|querystring}.NAME`; values
  `method.request.*`, `context.VAR`, `stageVariables.VAR` or a single-quoted static value.
- SAM `AWS::Serverless::Api` `Cors` (`AllowOrigin`, `AllowMethods`, `AllowHeaders`, `MaxAge`): SAM copies
  them into the pre-flight response mappings as they are, so they must be single-quoted (`"'*'"`).

## Why is this bad?
API Gateway rejects the import: "Invalid mapping expression specified: ... Invalid mapping expression
parameter specified: method.request.path.proxy" (the `{proxy+}` case), "... method.response.header.Location"
(an undeclared response header), or "Invalid mapping expression specified: *" (a static value without
quotes). An integration response for a status code the method does not declare is rejected too ("No
method response exists for method").

## Example
```yaml
swagger: "2.0"
info: {title: proxy, version: "1"}
paths:
  /{proxy+}:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: ANY
        uri: https://backend.example.com/{proxy}
        requestParameters:
          integration.request.path.proxy: method.request.path.proxy
```

Use instead:
```yaml
swagger: "2.0"
info: {title: proxy, version: "1"}
paths:
  /{proxy+}:
    x-amazon-apigateway-any-method:
      parameters:
        - {name: proxy, in: path, required: true, type: string}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: ANY
        uri: https://backend.example.com/{proxy}
        requestParameters:
          integration.request.path.proxy: method.request.path.proxy
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
- https://repost.aws/knowledge-center/api-gateway-proxy-path-parameter-error
'''

from __future__ import annotations

import re

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

_LOCATIONS = "path|querystring|header|multivalueheader|multivaluequerystring"
_REQUEST_KEY = re.compile(rf"^integration\.request\.(?:{_LOCATIONS})\.\S+$")
_METHOD_PARAMETER = re.compile(rf"^method\.request\.(?P<where>{_LOCATIONS})\.(?P<name>\S+)$")
_COMMON_SOURCE = re.compile(r"^(?:'.*'|context\.\S+|stageVariables\.\S+)$", re.S)
_REQUEST_SOURCE = re.compile(r"^method\.request\.body(?:\.\S+)?$")
_RESPONSE_SOURCE = re.compile(r"^integration\.response\.(?:(?:header|multivalueheader)\.\S+|body(?:\.\S+)?)$")
_RESPONSE_KEY = re.compile(r"^method\.response\.header\.(?P<name>\S+)$")
_QUOTED = re.compile(r"^'.*'$", re.S)
_HTTP_KEY = re.compile(r"^(?:(?:append|overwrite|remove):(?:header|querystring)\.\S+|overwrite:path)$")
_DECLARED_AS = {"path": "path", "querystring": "query", "multivaluequerystring": "query",
                "header": "header", "multivalueheader": "header"}


class MappingExpressionInvalid(Rule):
    __doc__ = __doc__
    id = "GW123"
    name = "mapping-expression-invalid"
    severity = Severity.ERROR
    summary = "Parameter mapping expression that API Gateway rejects, or that names an undeclared parameter"
    tags = ("openapi", "extension")
    joins = "integration + operation parameters and responses"

    def check(self, model):
        from gwlint.analysis.openapi_extensions import (
            INTEGRATION, INTEGRATIONS, MAPPING, occurrences, schema_problems,
        )
        for problem in schema_problems(model):
            if problem.category == MAPPING:
                yield Violation(problem.pointer, problem.message, at=problem.at)
        yield from self._sam_cors(model)
        for occurrence in occurrences(model):
            if not occurrence.placed or not isinstance(occurrence.value, dict):
                continue
            definition = occurrence.definition
            if occurrence.name == INTEGRATION:
                label = f"integration of {occurrence.operation.route}" if occurrence.operation else "integration"
                if definition.rest:
                    yield from self._rest(definition, occurrence.operation, occurrence.value, occurrence.pointer, label)
                else:
                    yield from self._http(occurrence.value, occurrence.pointer, label)
            elif occurrence.name == INTEGRATIONS and not definition.rest:
                for name, config in occurrence.value.items():
                    if isinstance(config, dict):
                        yield from self._http(config, occurrence.pointer / name, f"integration {name!r}")
            elif occurrence.name == "x-amazon-apigateway-gateway-responses" and definition.rest:
                yield from self._gateway_responses(occurrence.value, occurrence.pointer)

    # -- REST ------------------------------------------------------------------------------------
    def _rest(self, definition, operation, config, pointer, label):
        from gwlint.analysis.openapi_extensions import (
            declared_parameters,
        )
        declared = declared_parameters(definition, operation) if operation else None
        parameters = config.get("requestParameters")
        if isinstance(parameters, dict):
            for key, source in parameters.items():
                where = pointer / "requestParameters" / key
                if isinstance(key, str) and key.startswith("integration.request.") and not _REQUEST_KEY.match(key):
                    yield Violation(where, f"{label}: {key!r} is not integration.request."
                                           "{header|querystring|path|multivalueheader|multivaluequerystring}.NAME")
                if not isinstance(source, str):
                    continue
                if not (_COMMON_SOURCE.match(source) or _REQUEST_SOURCE.match(source)
                        or _METHOD_PARAMETER.match(source)):
                    yield Violation(where, f"{label}: {source!r} is not a mapping expression (method.request.*, "
                                           "context.*, stageVariables.*); a static value must be single-quoted: "
                                           f"\"'{source}'\"", at="value")
                    continue
                yield from self._undeclared(source, declared, where, label, "mapped")
        cache_keys = config.get("cacheKeyParameters")
        if isinstance(cache_keys, list):
            for index, source in enumerate(cache_keys):
                if isinstance(source, str):
                    yield from self._undeclared(source, declared, pointer / "cacheKeyParameters" / index, label,
                                                "used as a cache key")
        responses = config.get("responses")
        if isinstance(responses, dict):
            for selection, response in responses.items():
                if isinstance(response, dict):
                    yield from self._response(definition, operation, response,
                                              pointer / "responses" / selection, label)

    def _undeclared(self, source, declared, where, label, verb):
        match = _METHOD_PARAMETER.match(source)
        if match is None or declared is None:
            return
        kind = _DECLARED_AS[match.group("where")]
        name = match.group("name")
        if (name.lower() if kind == "header" else name) not in declared[kind]:
            answer = ("Invalid cache key parameter specified" if verb != "mapped"
                      else f"Invalid mapping expression parameter specified: {source}")
            yield Violation(where, f"{label}: {source} is {verb} but the method declares no {kind} parameter "
                                   f"{name!r} (add it to parameters; API Gateway answers '{answer}')", at="value")

    def _response(self, definition, operation, response, pointer, label):
        from gwlint.analysis.openapi_extensions import (
            resolve_ref, status_key,
        )
        status = response.get("statusCode")
        method_response = None
        known = operation is not None and isinstance(operation.data.get("responses"), dict) \
            and isinstance(status, (str, int)) and not isinstance(status, bool)
        if known:
            key = status_key(operation.data["responses"], status)
            if key is None:
                yield Violation(pointer / "statusCode",
                                f"{label}: integration response status {status} is not a response of the "
                                f"operation (declare {status!r} under responses; API Gateway answers 'No method "
                                "response exists for method')", at="value")
                known = False
            else:
                method_response = resolve_ref(definition, operation.data["responses"][key])
        parameters = response.get("responseParameters")
        if not isinstance(parameters, dict):
            return
        headers = None
        if known and isinstance(method_response, dict):
            declared = method_response.get("headers", {})
            if isinstance(declared, dict):
                headers = {str(name).lower() for name in declared}
        for key, source in parameters.items():
            where = pointer / "responseParameters" / key
            match = _RESPONSE_KEY.match(key) if isinstance(key, str) else None
            if match and headers is not None and match.group("name").lower() not in headers:
                yield Violation(where, f"{label}: {key} is mapped but response {status} declares no header "
                                       f"{match.group('name')!r} (API Gateway answers 'Invalid mapping expression "
                                       f"parameter specified: {key}')")
            if isinstance(source, str) and not (_COMMON_SOURCE.match(source) or _RESPONSE_SOURCE.match(source)
                                                or source.startswith("method.request.")):
                yield Violation(where, f"{label}: {source!r} is not a mapping expression "
                                       "(integration.response.*, context.*, stageVariables.*); a static value must "
                                       f"be single-quoted: \"'{source}'\"", at="value")

    # -- SAM Cors --------------------------------------------------------------------------------
    @staticmethod
    def _sam_cors(model):
        """SAM copies ``Cors`` values of an ``AWS::Serverless::Api`` into response header mappings as they are."""
        from gwlint.analysis.openapi_extensions import (
            cors_pointer,
        )
        seen = set()
        for api in model.apis:
            if api.cors_pointer is None or api.cors_pointer.parts[-1] != "Cors":
                continue
            values = {"AllowOrigin": api.cors} if isinstance(api.cors, str) else api.cors
            if not isinstance(values, dict):
                continue
            for key in ("AllowOrigin", "AllowMethods", "AllowHeaders", "MaxAge"):
                value = values.get(key)
                if isinstance(value, str) and not _QUOTED.match(value):
                    where = cors_pointer(model, api, None if isinstance(api.cors, str) else key)
                    if where in seen:
                        continue  # a Globals value shared by several APIs
                    seen.add(where)
                    owner = "Globals" if where.parts[:1] == ("Globals",) else api.display
                    yield Violation(where, f"Cors {key} of {owner} is {value!r}: SAM writes it into the "
                                           "pre-flight response mapping as is, where a static value must be "
                                           f"single-quoted (\"'{value}'\"); API Gateway rejects it "
                                           "('Invalid mapping expression specified')", at="value")

    # -- HTTP ------------------------------------------------------------------------------------
    def _http(self, config, pointer, label):
        from gwlint.analysis.extension_schemas import looks_like_intrinsic
        if "integrationSubtype" in config:
            return  # keys are the action's parameters (QueueUrl, MessageBody, ...)
        parameters = config.get("requestParameters")
        if isinstance(parameters, dict):
            for key in parameters:
                if isinstance(key, str) and not looks_like_intrinsic({key: None}) and not _HTTP_KEY.match(key):
                    yield Violation(pointer / "requestParameters" / key,
                                    f"{label}: {key!r} is not an HTTP API parameter mapping "
                                    "({append|overwrite|remove}:{header|querystring}.NAME or overwrite:path)")

    # -- gateway responses -----------------------------------------------------------------------
    def _gateway_responses(self, value, pointer):
        for kind, response in value.items():
            if not isinstance(response, dict) or not isinstance(response.get("responseParameters"), dict):
                continue
            for key, source in response["responseParameters"].items():
                if isinstance(source, str) and not (_COMMON_SOURCE.match(source)
                                                    or _METHOD_PARAMETER.match(source)):
                    yield Violation(pointer / kind / "responseParameters" / key,
                                    f"gateway response {kind}: {source!r} is not a mapping expression "
                                    "(method.request.*, context.*, stageVariables.*); a static value must be "
                                    f"single-quoted: \"'{source}'\"", at="value")
