'''## What it does
Flags a Lambda integration (REST `AWS` / `AWS_PROXY`, HTTP API Lambda proxy, WebSocket) whose function
no Lambda permission lets API Gateway invoke for that route. A permission counts when it grants
`lambda:InvokeFunction` (or `lambda:*`) to `apigateway.amazonaws.com`, names the same function ARN
(unqualified, or the same alias or version), and its `SourceArn` pattern matches every ARN API Gateway
presents for the route: `arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH`, with the real
values of path parameters and each verb of an `ANY` method. `AWS::Lambda::Permission` resources and the
permissions SAM generates for `Api` / `HttpApi` events are both considered. The message names the
closest permission and the part of its `SourceArn` that does not match (API id, stage, method, path),
or its qualifier, principal or action.

Not judged: integrations with `credentials` (API Gateway then calls Lambda with that role), functions
or APIs that are not defined in the analysed files, and routes a permission with an unresolvable
function (a parameter, an import) might cover.

## Why is this bad?
API Gateway cannot invoke the function: every call fails with a 500 and "Execution failed due to
configuration error: Invalid permissions on Lambda function". Typical causes are a `SourceArn` scoped
to another method or path, a path parameter written under another name than the definition's (write
`*`: reports differ on whether the ARN carries the parameter's value or its name, so gwlint accepts
`*` and the name as the definition writes it), `ANY` written as a method (the ARN carries the client's
verb, use `*`), a root path without its trailing `/`, a permission on the function while the integration invokes an alias (or the reverse,
for example a SAM `AutoPublishAlias` function referenced as `${Fn.Arn}` in a `DefinitionBody`), and
a function referenced only from a `DefinitionBody`, for which SAM creates no permission.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: pets}
  GetPet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref PetResource
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  PetResource:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: "{id}"}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Handler: index.handler, Runtime: python3.12, Role: arn:aws:iam::123456789012:role/fn, Code: {ZipFile: x}}
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: pets}
  GetPet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref PetResource
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  PetResource:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: "{id}"}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Handler: index.handler, Runtime: python3.12, Role: arn:aws:iam::123456789012:role/fn, Code: {ZipFile: x}}
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/*
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
- https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html
- https://docs.aws.amazon.com/lambda/latest/dg/using-aliases.html
- https://github.com/aws/serverless-application-model/issues/110
- https://github.com/aws/serverless-application-model/issues/326
- https://github.com/aws/serverless-application-model/issues/3393
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class LambdaIntegrationWithoutPermission(Rule):
    __doc__ = __doc__
    id = "GW110"
    name = "lambda-integration-without-permission"
    severity = Severity.ERROR
    summary = "Lambda integration that no Lambda permission lets API Gateway invoke: the route returns 500"
    joins = "integration + Lambda permission + SAM events"

    def check(self, model):
        from gwlint.analysis.permissions import analyse, function_label
        analysis = analyse(model)
        for coverage in analysis.integrations():
            if coverage.status != "missing":
                continue
            invocation = coverage.invocation
            target = function_label(invocation.function_id, invocation.qualifier)
            calls = f"{invocation.label} on {invocation.api.display}"
            if invocation.methods and len(invocation.methods) > 1 and coverage.covering:
                what = f"no Lambda permission lets API Gateway invoke {target} for {', '.join(coverage.uncovered_methods)}"
            else:
                what = f"no Lambda permission lets API Gateway invoke {target}"
            yield Violation(invocation.pointer,
                            f"{calls}: {what}, so calls fail with a 500 (Invalid permissions on Lambda function); "
                            + why(model, coverage))


def why(model, coverage) -> str:
    """The closest permission and what does not match, or why there is none."""
    from gwlint.analysis.permissions import API_ID, METHOD, PATH, function_label
    invocation = coverage.invocation
    closest, failure = coverage.closest, coverage.failure
    function = next((f for f in model.functions if f.logical_id == invocation.function_id), None)
    if closest is None:
        from_event = "Events" in invocation.integration.pointer.parts if invocation.integration else False
        if function is not None and function.type == "AWS::Serverless::Function" and not from_event:
            return (f"SAM creates invoke permissions only for {invocation.function_id}'s Api/HttpApi events, not for a "
                    f"function named in an OpenAPI definition: add an event for this route or an AWS::Lambda::Permission")
        return f"there is no AWS::Lambda::Permission for {invocation.function_id}"
    reasons = []
    for part in failure.parts:
        if part == "qualifier":
            granted = function_label(invocation.function_id, closest.qualifier)
            text = f"it is on {granted} while the integration invokes {function_label(invocation.function_id, invocation.qualifier)}"
            if closest.permission.generated_by and closest.qualifier and not invocation.qualifier:
                text += (f" (SAM puts event permissions on the AutoPublishAlias alias: reference "
                         f"${{{invocation.function_id}.Alias}} instead of ${{{invocation.function_id}.Arn}})")
            reasons.append(text)
        elif part == "principal":
            reasons.append(f"its principal is {closest.principal_text!r}, not apigateway.amazonaws.com")
        elif part == "action":
            reasons.append(f"its action is {closest.action_text!r}, not lambda:InvokeFunction")
    arn_parts = [part for part in failure.parts if part not in ("qualifier", "principal", "action")]
    if arn_parts:
        text = (f"its SourceArn `{failure.pattern_text}` does not match the {' and '.join(arn_parts)} of "
                f"`{failure.expected}`")
        if API_ID in arn_parts and closest.permission.generated_by == "event" and _literal_api_id(failure.pattern_text, invocation):
            text += (f" (SAM writes a RestApiId/ApiId given as the plain string {invocation.api.display!r} into the "
                     f"SourceArn as is: use !Ref {invocation.api.display})")
        elif METHOD in arn_parts and "/ANY/" in failure.pattern_text:
            text += " (the ARN carries the client's verb, never ANY: use *)"
        elif PATH in arn_parts and failure.parameter_names:
            text += (" (the ARN carries a path parameter's value, or its name exactly as the definition writes it: "
                     "use * for the parameter)")
        elif PATH in arn_parts and failure.expected.endswith("/") and not failure.pattern_text.endswith(("/", "*")):
            text += " (the root resource's ARN ends with a /)"
        reasons.append(text)
    return f"the closest, {closest.name}, fails: " + "; ".join(reasons)


def _literal_api_id(pattern_text: str, invocation) -> bool:
    return f":{invocation.api.key}/" in pattern_text
