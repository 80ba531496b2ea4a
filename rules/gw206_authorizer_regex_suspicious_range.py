'''## What it does
Flags a character range in a token validation expression that runs from one kind of alphanumeric
character to another across punctuation: `A-z` (which also admits `[ \\ ] ^ _` and a backtick), `0-z`,
`0-Z`. The finding spans the range and the message names the characters it admits by accident.

## Why is this bad?
`[-0-9a-zA-z\\.]` is the widely copied Auth0 example; the typo `A-z` for `A-Z` silently widens the
accepted alphabet to characters such as `\\` and backtick that no bearer token contains.

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
        identityValidationExpression: '^Bearer [A-z0-9._-]+$'
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
        identityValidationExpression: '^Bearer [A-Za-z0-9._-]+$'
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
paths: {}
```

## References
- https://github.com/aws/chalice/issues/642
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class AuthorizerRegexSuspiciousRange(Rule):
    __doc__ = __doc__
    id = "GW206"
    name = "authorizer-regex-suspicious-range"
    severity = Severity.WARNING
    summary = "Character range such as A-z in an authorizer validation expression admits punctuation"
    tags = ("auth", "regex")

    def check(self, model):
        from gwlint.analysis.authorizer_regex import issue_violations
        yield from issue_violations(model, ('suspicious-range',))
