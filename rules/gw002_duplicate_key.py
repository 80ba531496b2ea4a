'''## What it does
Flags a mapping key written twice in the same YAML or JSON object.

## Why is this bad?
Parsers silently keep one of the two values (PyYAML and most JSON parsers keep the last), so the
template does something other than what one of the copies says. CloudFormation rejects duplicate
keys in YAML templates.

## Example
```yaml
Resources:
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      HttpMethod: POST
```

Use instead:
```yaml
Resources:
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: POST
```
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class DuplicateKey(Rule):
    __doc__ = __doc__
    id = "GW002"
    name = "duplicate-key"
    severity = Severity.ERROR
    summary = "Mapping key given twice; one value is silently lost"
    target = "document"

    def check(self, document):
        for duplicate in document.duplicate_keys:
            yield Violation(
                document.pointer(*duplicate.mapping_path, duplicate.key),
                f"duplicate key {duplicate.key!r}: first given on line {duplicate.first.line}; "
                "only the last value is used",
            )
