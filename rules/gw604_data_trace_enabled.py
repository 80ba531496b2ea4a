'''## What it does
Flags `DataTraceEnabled: true` in a REST stage's `MethodSettings` (or a deployment's `StageDescription`, or an
`AWS::Serverless::Api` with `Globals`) and in a WebSocket stage's `DefaultRouteSettings` / `RouteSettings`.
(On an HTTP API the setting is rejected: GW433.)

## Why is this bad?
Data trace writes full requests and responses to CloudWatch Logs: bodies, headers and query strings,
including tokens, API keys and personal data. AWS recommends it for troubleshooting only, not for
production stages; the log group then holds secrets that anyone with log access can read.

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
          HttpMethod: "*"
          LoggingLevel: INFO
          DataTraceEnabled: true
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
          DataTraceEnabled: false
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class DataTraceEnabled(Rule):
    __doc__ = __doc__
    id = "GW604"
    name = "data-trace-enabled"
    severity = Severity.NOTE
    summary = "Data trace logging on: full requests and responses, secrets included, go to CloudWatch Logs"
    tags = ("logging", "hygiene", "security")
    security_severity = 3.0

    def check(self, model):
        from gwlint.analysis.stages import stage_views
        reported = set()
        for view in stage_views(model):
            if view.api.kind is ApiKind.HTTP:
                continue
            for entry in view.entries():
                if entry.flag("DataTraceEnabled") is not True or entry.pointer in reported:
                    continue
                reported.add(entry.pointer)
                yield Violation(entry.pointer / "DataTraceEnabled", (
                    f"data trace is on for {view.label}: full request and response bodies and headers (tokens, "
                    "API keys, personal data) are written to CloudWatch Logs; turn it off outside troubleshooting"),
                    at="value")
