'''## What it does
Flags a REST API with methods that require an API key when no usage plan of the template covers the API:
no `AWS::ApiGateway::UsagePlan` whose `ApiStages` names it, and no SAM `Auth.UsagePlan` with
`CreateUsagePlan: PER_API` or `SHARED`. APIs without API-key methods are never asked for a usage plan
(cfn_nag W64/W68 and KICS flag every stage and deployment, and AWS Solutions repositories suppress them
wholesale). A usage plan whose `ApiId` gwlint cannot resolve counts as covering every API.

## Why is this bad?
API Gateway accepts a key only if it belongs to a usage plan associated with the API stage; otherwise every
call to a key-protected method answers 403 Forbidden. The plan may live in another stack: then suppress
this note.

## Example
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ApiKeyRequired: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: x
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /quotes, Method: get}}
```

Use instead:
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ApiKeyRequired: true
        UsagePlan:
          CreateUsagePlan: PER_API
          Throttle: {RateLimit: 50, BurstLimit: 100}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: x
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /quotes, Method: get}}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
- https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-apiusageplan.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation
from gwlint.source import Pointer


class ApiKeyWithoutUsagePlan(Rule):
    __doc__ = __doc__
    id = "GW610"
    name = "api-key-without-usage-plan"
    severity = Severity.NOTE
    summary = "REST API with API-key methods but no usage plan in the template: keys are refused"
    tags = ("auth", "usage-plan")
    joins = "methods + usage plans"

    def check(self, model):
        from gwlint.analysis.deployments import plural
        if any(plan.unresolved for plan in model.usage_plans):
            return
        covered = {api for plan in model.usage_plans for api, _ in plan.api_stages}
        for api in model.apis:
            if api.kind is not ApiKind.REST or api.origin not in (Origin.CLOUDFORMATION, Origin.SAM) \
                    or api.logical_id is None or api.key in covered:
                continue
            keyed = [op for op in api.operations if op.authorization.api_key_required and op.method != "OPTIONS"]
            if not keyed:
                continue
            pointer = _where(model, api, keyed)
            yield Violation(pointer, (
                f"{plural(len(keyed), 'method')} of API {api.display} require{'s' if len(keyed) == 1 else ''} an API key "
                f"({', '.join(op.route for op in keyed[:3])}{' ...' if len(keyed) > 3 else ''}), but no usage plan "
                "in the template covers the API: a key outside a usage plan of the stage is refused with 403; add an "
                "AWS::ApiGateway::UsagePlan (SAM: Auth.UsagePlan) unless another stack has one"))


def _where(model, api, keyed) -> Pointer:
    if api.origin is Origin.SAM:
        local = api.pointer / "Properties" / "Auth"
        if not api.implicit and model.data_at(local) is not None:
            return local / "UsagePlan"
        globals_auth = Pointer(api.pointer.file, ("Globals", "Api", "Auth"))
        if model.data_at(globals_auth) is not None:
            return globals_auth / "UsagePlan"
        return keyed[0].pointer
    method = next((op for op in keyed if op.logical_id), None)
    if method is not None:
        return method.pointer / "Properties" / "ApiKeyRequired"
    return api.pointer
