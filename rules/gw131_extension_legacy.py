'''## What it does
Reports legacy extensions: `x-amazon-apigateway-importer-version` (the HTTP API beta name of
`x-amazon-apigateway-importexport-version`) and `x-amazon-apigateway-auth` (per-operation `NONE` /
`AWS_IAM`, replaced by security schemes with `x-amazon-apigateway-authtype: awsSigv4`).

## Why is this bad?
They still appear in old exports and samples but are not part of the current documentation; what the
importer does with them may change, and readers have to know what they meant. The current forms say
the same thing explicitly.

## Example
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
x-amazon-apigateway-importer-version: "1.0"
paths: {}
```

Use instead:
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
x-amazon-apigateway-importexport-version: "1.0"
paths: {}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authtype.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class ExtensionLegacy(Rule):
    __doc__ = __doc__
    id = "GW131"
    name = "extension-legacy"
    severity = Severity.NOTE
    summary = "Legacy x-amazon-apigateway-importer-version or x-amazon-apigateway-auth"
    tags = ("openapi", "extension")

    def check(self, model):
        from gwlint.analysis.openapi_extensions import LEGACY, schema_problems
        for problem in schema_problems(model):
            if problem.category == LEGACY:
                yield Violation(problem.pointer, problem.message, at=problem.at)
