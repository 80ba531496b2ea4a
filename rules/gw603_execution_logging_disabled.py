'''## What it does
Flags a REST or WebSocket stage on which no method has execution logging: no `LoggingLevel` (`ERROR` or
`INFO`) in `MethodSettings` (a list of entries; KICS reads it as a map and fires even when logging is set,
Checkmarx/kics#7466), in a deployment's `StageDescription`, or in a WebSocket stage's
`DefaultRouteSettings` / `RouteSettings`. SAM `Globals` count. A stage that sets `LoggingLevel: OFF` chose so
and is left alone.

HTTP APIs have no execution logs and are never asked for them (KICS demands them, Checkmarx/kics#6944,
and CloudFormation then rejects the stage: GW433).

## Why is this bad?
Execution logs show what API Gateway did with a request: authorizer results, mapping templates, the
integration request and response, and the reason for a 5xx. Without them, errors between API Gateway and
the backend cannot be diagnosed. (They need the account-level CloudWatch role, `AWS::ApiGateway::Account`.)

## Example
```yaml
Resources:
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: abc123
      DeploymentId: def456
      StageName: prod
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
          LoggingLevel: ERROR
          MetricsEnabled: true
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
- https://github.com/Checkmarx/kics/issues/7466
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class ExecutionLoggingDisabled(Rule):
    __doc__ = __doc__
    id = "GW603"
    name = "execution-logging-disabled"
    severity = Severity.NOTE
    summary = "REST or WebSocket stage without execution logging (never asked of HTTP APIs)"
    tags = ("logging", "hygiene")
    joins = "stage + method settings (+ SAM Globals)"

    def check(self, model):
        from gwlint.analysis.stages import stage_views
        reported = set()
        for view in stage_views(model):
            if view.kind is ApiKind.HTTP and view.api.kind is not ApiKind.WEBSOCKET:
                continue  # HTTP APIs (and V2 stages of APIs outside the template) have no execution logs
            if view.api.kind is ApiKind.HTTP:
                continue
            if view.kind is ApiKind.REST and _method_settings_unknown(view):
                continue
            if any("LoggingLevel" in entry.values for entry in view.entries()):
                continue
            key = "MethodSettings" if view.kind is ApiKind.REST else "DefaultRouteSettings"
            pointer = view.settings.pointer / key
            if view.source == "deployment":
                pointer = view.settings.pointer / "LoggingLevel"
            if pointer in reported:
                continue
            reported.add(pointer)
            where = ("LoggingLevel in the deployment's StageDescription" if view.source == "deployment" else
                     "a MethodSettings entry for ResourcePath /* and HttpMethod * with LoggingLevel ERROR or INFO"
                     if view.kind is ApiKind.REST else "DefaultRouteSettings.LoggingLevel ERROR or INFO")
            yield Violation(pointer, (
                f"{view.label} has no execution logging (no LoggingLevel): authorizer, mapping and integration "
                f"errors cannot be diagnosed; add {where}"))


def _method_settings_unknown(view) -> bool:
    written = view.settings.method_settings
    return written is not None and not isinstance(written.value, list)
