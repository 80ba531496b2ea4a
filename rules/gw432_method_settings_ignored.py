'''## What it does
Flags REST stage `MethodSettings` that CloudFormation rejects or API Gateway ignores, on
`AWS::ApiGateway::Stage`, a deployment's `StageDescription` and `AWS::Serverless::Api` (with `Globals`):

- `MethodSettings` written as a map instead of a list (error: CloudFormation rejects it);
- an entry with settings but no `ResourcePath` or `HttpMethod`, the result of splitting one entry into
  several list items (error: "Invalid method setting path: null/null/...");
- an entry with only `ResourcePath` / `HttpMethod` and no setting, which is dropped (cfn-lint W3705);
- caching turned on (`CachingEnabled: true`) on a stage without `CacheClusterEnabled: true`: there is no
  cache to use;
- two entries for the same path and method: the later one overrides the earlier.

Paths and methods the API does not have are GW408's.

## Why is this bad?
Method settings are where logging, metrics, throttling and caching are set. A setting that is silently
dropped leaves the stage at its defaults (no throttling limit, no cache, no logs) while the template says
otherwise; a malformed one fails the deployment after everything before it was created.

## Example
```yaml
Resources:
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: abc123
      DeploymentId: def456
      StageName: prod
      MethodSettings:
        - ResourcePath: /*
        - HttpMethod: "*"
        - LoggingLevel: INFO
```

Use instead:
```yaml
Resources:
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: abc123
      DeploymentId: def456
      StageName: prod
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: "*"
          LoggingLevel: INFO
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-stage-methodsetting.html
- https://github.com/aws/serverless-application-model/issues/399
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation

CACHE_KEYS = ("CachingEnabled",)


class MethodSettingsIgnored(Rule):
    __doc__ = __doc__
    id = "GW432"
    name = "method-settings-ignored"
    severity = Severity.WARNING
    summary = "Stage MethodSettings that CloudFormation rejects or API Gateway ignores"
    tags = ("deployment", "stage")
    joins = "stage + method settings + cache cluster"

    def check(self, model):
        from gwlint.analysis.stages import flag, stage_views, unknown
        seen_pointers = set()
        for view in stage_views(model):
            if view.kind is not ApiKind.REST:
                continue
            settings = view.settings
            written = settings.method_settings
            if written is not None and isinstance(written.value, dict) and not _intrinsic(written.value):
                yield Violation(written.pointer, (
                    f"MethodSettings of {view.label} is a map, but it must be a list of entries, each with ResourcePath "
                    "and HttpMethod: CloudFormation rejects it (tools that read it as a map, like KICS, are wrong "
                    "about it too)"), severity=Severity.ERROR)
                continue
            cache_on = flag(settings.cache_cluster)
            seen: dict[tuple, object] = {}
            for entry in view.entries():
                if entry.pointer in seen_pointers:  # Globals entries shared by several SAM APIs: report once
                    continue
                seen_pointers.add(entry.pointer)
                if entry.scope == "method":
                    if not entry.values:
                        yield Violation(entry.pointer, (
                            f"this MethodSettings entry of {view.label} names "
                            f"{_selector(entry)} but sets nothing: CloudFormation drops it"))
                        continue
                    missing = [key for key, value in (("ResourcePath", entry.resource_path),
                                                      ("HttpMethod", entry.http_method)) if value is None]
                    if missing:
                        yield Violation(entry.pointer, (
                            f"this MethodSettings entry of {view.label} sets {', '.join(sorted(entry.values))} without "
                            f"{' and '.join(missing)}: API Gateway rejects the stage (\"Invalid method setting path: "
                            "null/null/...\"); an entry split into several list items is the usual cause"),
                            severity=Severity.ERROR)
                        continue
                    key = (_normal_path(entry.resource_path), str(entry.http_method).upper())
                    if key in seen:
                        yield Violation(entry.pointer, (
                            f"MethodSettings of {view.label} names {_selector(entry)} twice: API Gateway applies the "
                            "entries in order, so this one overrides the settings of the earlier entry"))
                    seen[key] = entry
                if entry.flag("CachingEnabled") is True and cache_on is not True and not unknown(settings.cache_cluster):
                    yield Violation(entry.pointer / "CachingEnabled", (
                        f"caching is turned on for {_selector(entry)} of {view.label}, but the stage has no cache "
                        "cluster (CacheClusterEnabled is not true): nothing is cached"), at="value")


def _intrinsic(value: dict) -> bool:
    return len(value) == 1 and next(iter(value)) in ("Fn::If", "Ref", "Fn::FindInMap", "Fn::GetAtt")


def _selector(entry) -> str:
    from gwlint.analysis.stages import WILDCARD_PATHS
    if entry.scope == "stage":
        return "every method"
    if entry.resource_path in WILDCARD_PATHS and entry.http_method == "*":
        return "every method (/*, *)"
    return f"{entry.resource_path or '?'} {entry.http_method or '?'}"


def _normal_path(path) -> str:
    from gwlint.analysis.stages import WILDCARD_PATHS
    if not isinstance(path, str):
        return repr(path)
    return "/*" if path in WILDCARD_PATHS else path
