'''## What it does
Flags a token validation expression on an authorizer that does not use it the way it suggests:

- a `REQUEST` authorizer (`AWS::ApiGateway::Authorizer` with `Type: REQUEST`, a SAM authorizer with
  `FunctionPayloadType: REQUEST`): API Gateway ignores the expression;
- any authorizer of an HTTP or WebSocket API (`AWS::ApiGatewayV2::Authorizer`): the property is not used;
- a `COGNITO_USER_POOLS` authorizer (note): the expression is matched against the token's `aud` claim,
  not against the header, and access tokens have no `aud` claim.

Inside `x-amazon-apigateway-authorizer`, the first two cases are reported by GW133.

## Why is this bad?
On a REQUEST, HTTP or WebSocket authorizer the expression reads like a pre-filter but filters nothing:
every malformed request still invokes (and bills) the Lambda authorizer. On a Cognito authorizer it
turns away every request that carries an access token, including every call to a method with
authorization scopes (which require access tokens), with a 401 that is not logged.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  RequestAuth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: request
      Type: REQUEST
      IdentitySource: method.request.header.Authorization
      IdentityValidationExpression: '^Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+$'
      AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  TokenAuth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: token
      Type: TOKEN
      IdentitySource: method.request.header.Authorization
      IdentityValidationExpression: '^Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+$'
      AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
```

## References
- https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigatewayv2-authorizer.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class ValidationExpressionWrongAuthorizerType(Rule):
    __doc__ = __doc__
    id = "GW208"
    name = "validation-expression-wrong-authorizer-type"
    severity = Severity.WARNING
    summary = "Validation expression on an authorizer that ignores it (REQUEST, HTTP, WebSocket) or applies it to aud"
    tags = ("auth", "regex")
    joins = "authorizer + API type"

    def check(self, model):
        from gwlint.analysis.authorizer_regex import subjects
        for subject in subjects(model):
            name, api = subject.authorizer.name, subject.api.display
            if subject.applied:
                if subject.cognito:
                    yield Violation(subject.pointer, (
                        f"Cognito authorizer {name} of API {api}: API Gateway matches the validation expression "
                        "against the aud claim of the token, not against the header: requests with an access "
                        "token (no aud claim; methods with authorization scopes require one) are always "
                        "answered 401. Keep it only to restrict ID tokens to known app clients"),
                        severity=Severity.NOTE)
                continue
            if subject.in_openapi:
                continue  # GW133 reports ignored extension fields
            kind = subject.api.kind.value
            if kind == "REST":
                why = (f"{subject.authorizer.type} authorizers ignore it (only TOKEN and Cognito authorizers apply "
                       "one)")
            else:
                why = f"{'HTTP' if kind == 'HTTP' else 'WebSocket'} APIs do not use it"
            yield Violation(subject.pointer, (
                f"authorizer {name} of API {api} has a validation expression, but {why}: every request still "
                "invokes the authorizer, so validate the token in the function and remove the expression"))
