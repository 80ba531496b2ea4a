'''## What it does
Flags a token validation expression that is not anchored with `^` at the start and `$` (or `\\z`) at
the end, such as `Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+` or AWS's own example `^x-[a-z]+`. When it can, the
message gives a token that a search accepts but a whole-token match does not.

## Why is this bad?
AWS does not document whether API Gateway applies the expression to the whole header value (Java
`matches()`, as it does for `selectionPattern`) or searches for it anywhere in the value (`find()`).
Local emulators disagree too: SAM CLI uses Python's `re.match` (anchored at the start only),
serverless-offline a JavaScript search. Under a search, `Bearer [\\w-]+...` accepts
`junk Bearer a.b.c junk`. With `^...$` every interpretation agrees.

## Example
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
      IdentityValidationExpression: 'Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+'
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
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class AuthorizerRegexUnanchored(Rule):
    __doc__ = __doc__
    id = "GW204"
    name = "authorizer-regex-unanchored"
    severity = Severity.WARNING
    summary = "Authorizer validation expression is not anchored with ^ and $"
    tags = ("auth", "regex")

    def check(self, model):
        from gwlint.analysis.authorizer_regex import issue_violations
        yield from issue_violations(model, ('unanchored',))
