'''## What it does
Reports a file that gwlint cannot read or parse: a YAML or JSON syntax error, invalid UTF-8, a binary
file, a file over the size limit, a path that does not exist.

## Why is this bad?
CloudFormation and API Gateway reject the file too, and nothing in it can be checked. gwlint reports
it (exit code 2) and goes on with the other files.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: [unclosed
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: pets}
```
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class ParseError(Rule):
    __doc__ = __doc__
    id = "GW001"
    name = "parse-error"
    severity = Severity.ERROR
    summary = "File cannot be read or parsed"
    target = "engine"  # reported by the engine itself, before any model exists

    def check(self, subject):
        return iter(())
