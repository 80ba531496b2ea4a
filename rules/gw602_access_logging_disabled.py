'''## What it does
Flags a stage without access logging: no `AccessLogSetting.DestinationArn` on an `AWS::ApiGateway::Stage`,
on the `StageDescription` of a deployment that creates its stage, or on an `AWS::Serverless::Api`; no
`AccessLogSettings.DestinationArn` on an `AWS::ApiGatewayV2::Stage` or an `AWS::Serverless::HttpApi`. SAM
`Globals` count (unlike cfn_nag, which flags the stages SAM generates even when `Globals.Api` sets
`AccessLogSetting`, stelligent/cfn_nag#522), and so do the implicit APIs SAM creates for function events.

## Why is this bad?
Access logs are the only record of who called the API: caller, source address, route, status, latency
and authorizer errors, one line per request. Without them an incident cannot be investigated and
abuse cannot be traced. This is hygiene: a note, which does not fail a build unless `--fail-on note`.

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
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api-access
        Format: $context.requestId $context.identity.sourceIp $context.status
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class AccessLoggingDisabled(Rule):
    __doc__ = __doc__
    id = "GW602"
    name = "access-logging-disabled"
    severity = Severity.NOTE
    summary = "Stage without access logging"
    tags = ("logging", "hygiene")
    joins = "stage (+ SAM Globals)"

    def check(self, model):
        from gwlint.analysis.stages import stage_views
        reported = set()
        for view in stage_views(model):
            settings = view.settings
            key = "AccessLogSetting" if view.kind is ApiKind.REST else "AccessLogSettings"
            written = settings.access_log
            if written is not None:
                value = written.value
                if not isinstance(value, dict) or "DestinationArn" in value or _intrinsic(value):
                    continue
                pointer, what = written.pointer, f"{key} has no DestinationArn"
            else:
                pointer, what = settings.pointer / key, f"there is no {key}"
            if pointer in reported:
                continue
            reported.add(pointer)
            yield Violation(pointer, (
                f"{view.label} writes no access logs ({what}): requests leave no record of caller, address, "
                f"status or latency; set {key}.DestinationArn on {view.fix_place}"))


def _intrinsic(value: dict) -> bool:
    return len(value) == 1 and next(iter(value)) in ("Fn::If", "Ref", "Fn::FindInMap")
