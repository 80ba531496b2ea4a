'''## What it does
Flags an unescaped `.` between two token segments in a validation expression, where a literal dot is
evidently meant: the JWT shape `[\\w-]+.[\\w-]+.[\\w-]+`. The finding spans the dot.

## Why is this bad?
`.` matches any character, so the expression does not check the separator it seems to check:
`aaa!bbb#ccc` passes as a "JWT". Adjacent repetitions joined by a `.` that also matches their own
characters are also what makes such expressions backtrack in polynomial time (GW202).

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
      IdentityValidationExpression: '^Bearer [\\w-]+.[\\w-]+.[\\w-]+$'
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
- https://datatracker.ietf.org/doc/html/rfc7519#section-3
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class AuthorizerRegexUnescapedDot(Rule):
    __doc__ = __doc__
    id = "GW207"
    name = "authorizer-regex-unescaped-dot"
    severity = Severity.WARNING
    summary = "Unescaped '.' in an authorizer validation expression where a literal dot is meant"
    tags = ("auth", "regex")

    def check(self, model):
        from gwlint.analysis.authorizer_regex import issue_violations
        yield from issue_violations(model, ('unescaped-dot',))
