'''## What it does
Flags a Lambda authorizer (REST `TOKEN` / `REQUEST`, HTTP API `REQUEST`) used by at least one route
whose function no Lambda permission lets API Gateway invoke. A permission counts when it grants
`lambda:InvokeFunction` (or `lambda:*`) to `apigateway.amazonaws.com` on the same function ARN, with a
`SourceArn` matching `arn:aws:execute-api:REGION:ACCOUNT:API_ID/authorizers/AUTHORIZER_ID` (usually
`.../authorizers/*`). SAM's own permissions count: a REST API's Lambda authorizers get one unless
`DisableFunctionDefaultPermissions: true`; an HTTP API's get none unless
`EnableFunctionDefaultPermissions: true`.

Not judged: authorizers with credentials (`authorizerCredentials`, `AuthorizerCredentials(Arn)`,
SAM `FunctionInvokeRole`), functions or APIs outside the analysed files.

## Why is this bad?
API Gateway cannot call the authorizer, so every request to the routes it protects fails (a 500
"AuthorizerConfigurationException" on REST APIs, a 500 on HTTP APIs) before reaching the
integration. The HTTP API case is a documented SAM pitfall: the same `Auth.Authorizers` block that
works on an `AWS::Serverless::Api` creates no permission on an `AWS::Serverless::HttpApi`.

## Example
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: LambdaAuth
        Authorizers:
          LambdaAuth:
            FunctionArn: !GetAtt AuthFn.Arn
            Identity: {Headers: [Authorization]}
            AuthorizerPayloadFormatVersion: "2.0"
  AuthFn:
    Type: AWS::Serverless::Function
    Properties: {Handler: auth.handler, Runtime: python3.12, CodeUri: src/}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      CodeUri: src/
      Events:
        Get:
          Type: HttpApi
          Properties: {ApiId: !Ref HttpApi, Path: /items, Method: get}
```

Use instead:
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: LambdaAuth
        Authorizers:
          LambdaAuth:
            FunctionArn: !GetAtt AuthFn.Arn
            Identity: {Headers: [Authorization]}
            AuthorizerPayloadFormatVersion: "2.0"
            EnableFunctionDefaultPermissions: true
  AuthFn:
    Type: AWS::Serverless::Function
    Properties: {Handler: auth.handler, Runtime: python3.12, CodeUri: src/}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      CodeUri: src/
      Events:
        Get:
          Type: HttpApi
          Properties: {ApiId: !Ref HttpApi, Path: /items, Method: get}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
- https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-lambdaauthorizer.html
- https://github.com/aws/serverless-application-model/issues/2933
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model import ApiKind
from gwlint.model.elements import Origin
from gwlint.rule import Rule, Violation


class LambdaAuthorizerWithoutPermission(Rule):
    __doc__ = __doc__
    id = "GW111"
    name = "lambda-authorizer-without-permission"
    severity = Severity.ERROR
    summary = "Lambda authorizer that no Lambda permission lets API Gateway invoke: its routes fail"
    joins = "authorizer + Lambda permission + SAM Auth"

    def check(self, model):
        from gwlint.analysis.permissions import analyse, function_label
        for coverage in analyse(model).authorizers():
            if coverage.status != "missing":
                continue
            invocation = coverage.invocation
            authorizer = invocation.authorizer
            target = function_label(invocation.function_id, invocation.qualifier)
            yield Violation(invocation.pointer,
                            f"authorizer {authorizer.name} of {invocation.api.display} invokes {target}, but no Lambda "
                            f"permission lets API Gateway call it: requests to {invocation.path} and every other route "
                            f"it protects fail with a 500; {_why(model, coverage)}")


def _why(model, coverage) -> str:
    from gwlint.analysis.permissions import AUTHORIZER, function_label
    invocation = coverage.invocation
    authorizer, api = invocation.authorizer, invocation.api
    sam = api.origin is Origin.SAM and "Authorizers" in authorizer.pointer.parts
    if sam and api.kind is ApiKind.HTTP:
        return ("SAM creates no permission for an HttpApi Lambda authorizer unless it sets "
                "EnableFunctionDefaultPermissions: true")
    if sam and model.value_at(authorizer.pointer / "DisableFunctionDefaultPermissions") is True:
        return "DisableFunctionDefaultPermissions: true turns off the permission SAM would create"
    closest, failure = coverage.closest, coverage.failure
    if closest is None:
        return f"there is no AWS::Lambda::Permission for {invocation.function_id}"
    reasons = []
    if "qualifier" in failure.parts:
        reasons.append(f"it is on {function_label(invocation.function_id, closest.qualifier)} while the authorizer "
                       f"invokes {function_label(invocation.function_id, invocation.qualifier)}")
    if "principal" in failure.parts:
        reasons.append(f"its principal is {closest.principal_text!r}, not apigateway.amazonaws.com")
    if "action" in failure.parts:
        reasons.append(f"its action is {closest.action_text!r}, not lambda:InvokeFunction")
    arn_parts = [p for p in failure.parts if p not in ("qualifier", "principal", "action")]
    if AUTHORIZER in arn_parts and len(arn_parts) == 1:
        reasons.append(f"its SourceArn `{failure.pattern_text}` covers routes, not `{failure.expected}` "
                       "(API Gateway invokes authorizers as .../authorizers/<id>)")
    elif arn_parts:
        reasons.append(f"its SourceArn `{failure.pattern_text}` does not match the {' and '.join(arn_parts)} of "
                       f"`{failure.expected}`")
    return f"the closest, {closest.name}, fails: " + "; ".join(reasons)
