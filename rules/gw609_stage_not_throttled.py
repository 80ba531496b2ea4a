'''## What it does
Flags a stage with no throttling limit of its own: no `ThrottlingRateLimit` / `ThrottlingBurstLimit` in a
REST stage's `MethodSettings` (or a deployment's `StageDescription`, or an `AWS::Serverless::Api` with
`Globals`), and none in an HTTP or WebSocket stage's `DefaultRouteSettings` / `RouteSettings`. A REST stage
whose methods all require an API key and that a usage plan with `Throttle` covers counts as throttled.

## Why is this bad?
Without a stage limit, the stage draws on the account's Regional quota (10,000 requests per second, shared
by every API of the account in the Region). One client in a loop, or a flood, then degrades every other
API of the account, and a Lambda backend scales to match it. This is hygiene (a note).

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
      DefaultRouteSettings:
        ThrottlingRateLimit: 100
        ThrottlingBurstLimit: 200
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation

THROTTLE_KEYS = ("ThrottlingRateLimit", "ThrottlingBurstLimit")


class StageNotThrottled(Rule):
    __doc__ = __doc__
    id = "GW609"
    name = "stage-not-throttled"
    severity = Severity.NOTE
    summary = "Stage without a throttling limit of its own, drawing on the account-wide quota"
    tags = ("hygiene", "throttling")
    joins = "stage + method settings + usage plans"

    def check(self, model):
        from gwlint.analysis.stages import stage_views
        reported = set()
        for view in stage_views(model):
            settings = view.settings
            if view.kind is ApiKind.REST and settings.method_settings is not None \
                    and not isinstance(settings.method_settings.value, list):
                continue  # written with an intrinsic, or a map (GW432)
            if any(key in entry.values for entry in view.entries() for key in THROTTLE_KEYS):
                continue
            if view.kind is ApiKind.REST and _usage_plan_throttles(model, view):
                continue
            key = "MethodSettings" if view.kind is ApiKind.REST else "DefaultRouteSettings"
            pointer = settings.pointer / key
            if pointer in reported:
                continue
            reported.add(pointer)
            where = ("a MethodSettings entry for ResourcePath /* and HttpMethod * with ThrottlingRateLimit and "
                     "ThrottlingBurstLimit" if view.kind is ApiKind.REST
                     else "DefaultRouteSettings.ThrottlingRateLimit and ThrottlingBurstLimit")
            yield Violation(pointer, (
                f"{view.label} has no throttling limit: it shares the account's Regional quota with every other API, "
                f"so one client can exhaust it for all of them; add {where}"))


def _usage_plan_throttles(model, view) -> bool:
    operations = [op for op in view.api.operations if op.method != "OPTIONS"]
    if not operations or not all(op.authorization.api_key_required for op in operations):
        return False
    for plan in model.usage_plans:
        if plan.throttle is None:
            continue
        if plan.unresolved or any(api == view.api.key for api, _ in plan.api_stages):
            return True
    return False
