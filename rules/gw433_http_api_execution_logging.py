'''## What it does
Flags execution-logging settings on an HTTP API stage: `LoggingLevel` (`ERROR` or `INFO`) or
`DataTraceEnabled: true` in `DefaultRouteSettings` or `RouteSettings` of an `AWS::ApiGatewayV2::Stage` or an
`AWS::Serverless::HttpApi` (`Globals` included). Only WebSocket APIs have execution logs; HTTP APIs log
through access logs (GW602).

KICS's access-logging query demands `DefaultRouteSettings.LoggingLevel` on HTTP APIs (Checkmarx/kics#6944):
following it breaks the deployment. gwlint never asks an HTTP API for execution logs (GW603).

## Why is this bad?
CloudFormation fails the stage with "Execution logs are not supported on protocolType HTTP".

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: http, ProtocolType: HTTP}
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: $default
      AutoDeploy: true
      DefaultRouteSettings:
        LoggingLevel: INFO
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: http, ProtocolType: HTTP}
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: $default
      AutoDeploy: true
      AccessLogSettings:
        DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:http-access
        Format: $context.requestId $context.status
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigatewayv2-stage-routesettings.html
- https://github.com/Checkmarx/kics/issues/6944
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class HttpApiExecutionLogging(Rule):
    __doc__ = __doc__
    id = "GW433"
    name = "http-api-execution-logging"
    severity = Severity.ERROR
    summary = "Execution logging (LoggingLevel, DataTraceEnabled) on an HTTP API stage, which CloudFormation rejects"
    tags = ("stage", "logging")

    def check(self, model):
        from gwlint.analysis.stages import stage_views
        reported = set()
        for view in stage_views(model):
            if view.api.kind is not ApiKind.HTTP or view.api.logical_id is None:
                continue
            for entry in view.entries():
                if entry.pointer in reported:
                    continue
                level = entry.logging_level
                if level is not None and level != "OFF":
                    reported.add(entry.pointer)
                    yield Violation(entry.pointer / "LoggingLevel", (
                        f"LoggingLevel {level} on {view.label}, an HTTP API: CloudFormation fails with \"Execution logs "
                        "are not supported on protocolType HTTP\"; use access logs (AccessLogSettings)"), at="value")
                elif entry.flag("DataTraceEnabled") is True:
                    reported.add(entry.pointer)
                    yield Violation(entry.pointer / "DataTraceEnabled", (
                        f"DataTraceEnabled on {view.label}, an HTTP API: data trace is an execution log, which HTTP "
                        "APIs do not have, and CloudFormation rejects the stage"), at="value")
