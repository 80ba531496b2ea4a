'''## What it does
Finds token validation expressions that a backtracking regex engine can take a very long time to
reject: nested quantifiers over overlapping characters (`(a+)+`, `([\\w-]+\\.?)+`), alternatives that
overlap under a quantifier (`(a|a)*`), and adjacent overlapping quantifiers (`[\\w-]+.[\\w-]+`). The
finding spans the ambiguous part of the expression and its message gives an attack string (a prefix, a
pumped part repeated many times and a suffix that makes the match fail).

- exponential backtracking: error;
- polynomial backtracking (O(n^2), O(n^3)...): warning; a note when `{n,m}` bounds cap the work.

The expression is read with Java's syntax (`IdentityValidationExpression`, `identityValidationExpression`,
SAM `Identity.ValidationExpression`) of TOKEN and Cognito authorizers on REST APIs.

## Why is this bad?
API Gateway runs the expression on every request, on a header the caller chooses (up to about 10 KB).
JDK 9+ memoises some exponential loops, but polynomial cases and other shapes remain slow there, and
every Python- or JavaScript-based emulator (SAM CLI, serverless-offline) and any code that reuses the
expression is exposed. A validation expression is a cheap pre-filter: it should run in linear time.

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
              ValidationExpression: '^Bearer ([A-Za-z0-9_-]+\\.?)+$'
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
              ValidationExpression: '^Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$'
```

## References
- https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class AuthorizerRegexBacktracking(Rule):
    __doc__ = __doc__
    id = "GW202"
    name = "authorizer-regex-backtracking"
    severity = Severity.ERROR
    summary = "Authorizer validation expression can backtrack catastrophically (exponential or polynomial time)"
    tags = ("auth", "regex", "security")
    security_severity = 5.3

    def check(self, model):
        from gwlint.analysis.authorizer_regex import issue_violations
        yield from issue_violations(model, ('redos-exponential', 'redos-polynomial'))
