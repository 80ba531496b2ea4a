'''## What it does
Flags `x-amazon-apigateway-*` keys that API Gateway does not read: a name that is not a documented
extension (with the closest known name, e.g. `x-amazon-apigateway-intergration`), a known extension
written where it is not read (an integration on a path item or at the root instead of in an
operation, `x-amazon-apigateway-cors` under a path, an integration under an `any:` key, which is not
an OpenAPI method: `x-amazon-apigateway-any-method` is), a field an extension does not define (a typo
such as `timeoutInMilis` or `payloadFormat`), and a value outside an open list of documented values
(an unknown `integrationSubtype`).

## Why is this bad?
The import ignores what it does not know, silently: the misspelled integration is not created, the
timeout stays at its default, the CORS configuration never applies. Nothing fails until a request
does.

## Example
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-intergration:
        type: http_proxy
        httpMethod: GET
        uri: https://pets.example.com/pets
```

Use instead:
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://pets.example.com/pets
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
'''

from __future__ import annotations


from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class ExtensionUnknown(Rule):
    __doc__ = __doc__
    id = "GW130"
    name = "extension-unknown"
    severity = Severity.WARNING
    summary = "x-amazon-apigateway-* name, field or place that API Gateway does not read"
    tags = ("openapi", "extension")

    def check(self, model):
        from gwlint.analysis.extension_schemas import extension_info, known_extensions
        from gwlint.analysis.openapi_extensions import PREFIX, UNKNOWN, location_label, occurrences, schema_problems
        names = [info.name for info in known_extensions()]
        for occurrence in occurrences(model):
            info = extension_info(occurrence.name)
            where = location_label(occurrence.location)
            if info is None:
                # Compare what follows the common prefix, or every name looks alike.
                tail = occurrence.name.lower()[len(PREFIX):]
                from difflib import get_close_matches

                hint = get_close_matches(tail, [name[len(PREFIX):] for name in names], n=1, cutoff=0.75)
                suffix = f" (did you mean {PREFIX + hint[0]!r}?)" if hint else ""
                in_where = f" in {where}" if occurrence.location != "other" else ""
                yield Violation(occurrence.pointer, f"unknown extension {occurrence.name!r}{in_where}{suffix}: "
                                                    "API Gateway ignores it")
            elif occurrence.location == "other" and _under_any(occurrence.pointer):
                yield Violation(occurrence.pointer.parent,
                                f"'{occurrence.pointer.parts[-2]}' is not an OpenAPI operation: API Gateway ignores it "
                                f"and its {occurrence.name} (write x-amazon-apigateway-any-method for ANY)")
            elif occurrence.location not in info.locations:
                places = " or ".join(location_label(location) for location in info.locations)
                here = f"in {where}" if occurrence.location != "other" else "here"
                yield Violation(occurrence.pointer, f"{occurrence.name} is not read {here}: it belongs in "
                                                    f"{places}, so API Gateway ignores it")
        for problem in schema_problems(model):
            if problem.category == UNKNOWN:
                yield Violation(problem.pointer, f"{problem.message}: API Gateway ignores it"
                                if problem.kind == "unknown-field" else problem.message, at=problem.at)


def _under_any(pointer) -> bool:
    parts = pointer.parts
    return len(parts) >= 4 and isinstance(parts[-2], str) and parts[-2].lower() == "any" and "paths" in parts[:-3]
