'''## What it does
Flags an `x-amazon-apigateway-request-validator` (at the root, the API default, or on an operation)
that names a validator which `x-amazon-apigateway-request-validators` does not define.

## Why is this bad?
API Gateway resolves the name when it imports the definition; a misspelled or missing validator
cannot be resolved, so the import fails, and in any case the request validation the author meant to
turn on does not happen.

## Example
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
x-amazon-apigateway-request-validators:
  all: {validateRequestBody: true, validateRequestParameters: true}
paths:
  /pets:
    post:
      x-amazon-apigateway-request-validator: body-only
      x-amazon-apigateway-integration:
        type: mock
```

Use instead:
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
x-amazon-apigateway-request-validators:
  all: {validateRequestBody: true, validateRequestParameters: true}
  body-only: {validateRequestBody: true, validateRequestParameters: false}
paths:
  /pets:
    post:
      x-amazon-apigateway-request-validator: body-only
      x-amazon-apigateway-integration:
        type: mock
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-request-validator.html
'''

from __future__ import annotations


from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

VALIDATOR = "x-amazon-apigateway-request-validator"
VALIDATORS = "x-amazon-apigateway-request-validators"


class RequestValidatorUndefined(Rule):
    __doc__ = __doc__
    id = "GW141"
    name = "request-validator-undefined"
    severity = Severity.ERROR
    summary = "x-amazon-apigateway-request-validator names a validator that is not defined"
    tags = ("openapi", "extension")

    def check(self, model):
        from gwlint.analysis.openapi_extensions import occurrences
        for occurrence in occurrences(model):
            if occurrence.name != VALIDATOR or not occurrence.placed or not occurrence.definition.rest:
                continue
            name = occurrence.value
            if not isinstance(name, str):
                continue
            defined = occurrence.definition.data.get(VALIDATORS)
            if defined is None:
                yield Violation(occurrence.pointer, f"request validator {name!r} is not defined: the definition "
                                                    f"has no {VALIDATORS}", at="value")
            elif isinstance(defined, dict) and name not in defined:
                names = [key for key in defined if isinstance(key, str)]
                from difflib import get_close_matches

                hint = get_close_matches(name, names, n=1, cutoff=0.6)
                detail = f"did you mean {hint[0]!r}?" if hint else "defined: " + (", ".join(sorted(names)) or "none")
                yield Violation(occurrence.pointer, f"request validator {name!r} is not defined in {VALIDATORS} "
                                                    f"({detail})", at="value")
