'''## What it does
Flags a token validation expression whose credential part may be empty because it uses `*` (or `{0,n}`)
where `+` is meant: `^Bearer [-0-9a-zA-Z._]*$` accepts `Bearer ` alone, `^[A-Za-z0-9]*$` the empty
token. The finding spans the repetition.

## Why is this bad?
The expression exists to turn malformed tokens away before the Lambda authorizer runs; a scheme with no
credential is the most common malformed token, and it passes.

## Example
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        Authorizers:
          TokenAuth:
            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:auth
            Identity:
              ValidationExpression: '^Bearer [A-Za-z0-9._-]*$'
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
        Authorizers:
          TokenAuth:
            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:auth
            Identity:
              ValidationExpression: '^Bearer [A-Za-z0-9._-]+$'
```

## References
- https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-lambdatokenauthorizationidentity.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class AuthorizerRegexAcceptsEmptyToken(Rule):
    __doc__ = __doc__
    id = "GW205"
    name = "authorizer-regex-accepts-empty-token"
    severity = Severity.WARNING
    summary = "Authorizer validation expression accepts an empty credential ('*' where '+' is meant)"
    tags = ("auth", "regex")

    def check(self, model):
        from gwlint.analysis.authorizer_regex import issue_violations
        yield from issue_violations(model, ('empty-token-accepted',))
