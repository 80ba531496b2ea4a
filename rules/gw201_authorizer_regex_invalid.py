'''## What it does
Checks that an authorizer's token validation expression is a valid Java regular expression:
`IdentityValidationExpression` of an `AWS::ApiGateway::Authorizer`, `identityValidationExpression` in
`x-amazon-apigateway-authorizer` (a standalone OpenAPI file, a `Body` or a `DefinitionBody`) and SAM
`Auth.Authorizers.NAME.Identity.ValidationExpression`. The finding points at the fault inside the
expression, with Java's own description of it.

The expression is read with Java's rules (`java.util.regex.Pattern`, which API Gateway uses), not
Python's: `[\\w-.]` and `[a-z[A-Z]]` are fine, while Python-only syntax such as `(?P<name>...)` or
`x{,3}`, and unknown escapes such as `\\y`, are errors.

## Why is this bad?
API Gateway cannot compile the expression, so the authorizer cannot validate any token: expect the
deployment to fail or every request to be answered 401. Expressions are often tested with a Python or
JavaScript tool that accepts a different dialect.

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
      IdentityValidationExpression: '^Bearer (?P<jwt>[\\w-]+\\.[\\w-]+\\.[\\w-]+)$'
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
- https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/regex/Pattern.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class AuthorizerRegexInvalid(Rule):
    __doc__ = __doc__
    id = "GW201"
    name = "authorizer-regex-invalid"
    severity = Severity.ERROR
    summary = "Authorizer validation expression is not a valid Java regular expression"
    tags = ("auth", "regex")

    def check(self, model):
        from gwlint.analysis.authorizer_regex import issue_violations
        yield from issue_violations(model, ('java-syntax-error',),
                                    " (API Gateway compiles it as a Java regex, so it cannot validate any token)")
