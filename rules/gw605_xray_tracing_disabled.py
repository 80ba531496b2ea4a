'''## What it does
Flags a REST stage without X-Ray tracing (`TracingEnabled` not `true`) on an `AWS::ApiGateway::Stage`, the
`StageDescription` of a deployment that creates its stage, or an `AWS::Serverless::Api` (`Globals`
included). HTTP and WebSocket APIs cannot be traced with X-Ray and are never asked.

## Why is this bad?
Without tracing, a slow or failing request cannot be followed from API Gateway into the Lambda function
or service behind it: latency is visible per hop only if each hop records it. This is hygiene (a note).

## Example
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
```

Use instead:
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      TracingEnabled: true
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-xray.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class XrayTracingDisabled(Rule):
    __doc__ = __doc__
    id = "GW605"
    name = "xray-tracing-disabled"
    severity = Severity.NOTE
    summary = "REST stage without X-Ray tracing (never asked of HTTP or WebSocket APIs)"
    tags = ("observability", "hygiene")

    def check(self, model):
        from gwlint.analysis.stages import flag, stage_views, unknown
        reported = set()
        for view in stage_views(model):
            if view.kind is not ApiKind.REST or view.api.kind is not ApiKind.REST:
                continue
            tracing = view.settings.tracing
            if flag(tracing) is True or unknown(tracing):
                continue
            pointer = tracing.pointer if tracing is not None else view.settings.pointer / "TracingEnabled"
            if pointer in reported:
                continue
            reported.add(pointer)
            yield Violation(pointer, (
                f"{view.label} has no X-Ray tracing (TracingEnabled is not true): requests cannot be followed into "
                f"the backend; set TracingEnabled: true on {view.fix_place}"))
