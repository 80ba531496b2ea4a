'''## What it does
Flags a token validation expression that accepts every token, or every non-empty one: `.*`, `.+`,
`^.*$`, `\\S*`, `[\\s\\S]+`. An expression that only checks a fixed prefix (`Bearer .*`, `^Bearer \\S+$`)
is reported as a note: it filters out other schemes, but nothing about the credential itself.

## Why is this bad?
API Gateway applies the expression before it invokes the Lambda authorizer, so that malformed tokens
are answered 401 without running (and paying for) the function. An expression that accepts everything
filters nothing: every junk or oversized header reaches the authorizer. It reads like validation in a
review, which is worse than no expression at all.

## Example
```yaml
openapi: 3.0.1
info: {title: orders, version: "1"}
components:
  securitySchemes:
    token:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        identityValidationExpression: "^.*$"
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
paths: {}
```

Use instead:
```yaml
openapi: 3.0.1
info: {title: orders, version: "1"}
components:
  securitySchemes:
    token:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        identityValidationExpression: "^Bearer [A-Za-z0-9_-]+\\\\.[A-Za-z0-9_-]+\\\\.[A-Za-z0-9_-]+$"
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
paths: {}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization-with-console.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class AuthorizerRegexAcceptsEverything(Rule):
    __doc__ = __doc__
    id = "GW203"
    name = "authorizer-regex-accepts-everything"
    severity = Severity.WARNING
    summary = "Authorizer validation expression accepts every token"
    tags = ("auth", "regex")

    def check(self, model):
        from gwlint.analysis.authorizer_regex import issue_violations
        yield from issue_violations(model, ('accepts-everything',))
