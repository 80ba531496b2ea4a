'''## What it does
Flags a REST API `x-amazon-apigateway-integration` with `tlsConfig.insecureSkipVerification: true`.

## Why is this bad?
API Gateway then accepts any certificate from the HTTP backend: expired, self-signed, or issued for
another host. Anyone who can intercept or redirect the traffic between API Gateway and the backend
can read and change requests and responses, credentials included.

## Example
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://backend.example.com/pets
        tlsConfig:
          insecureSkipVerification: true
```

Use instead:
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://backend.example.com/pets
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration-tls-config.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class IntegrationTlsVerificationDisabled(Rule):
    __doc__ = __doc__
    id = "GW125"
    name = "integration-tls-verification-disabled"
    severity = Severity.WARNING
    summary = "Integration that skips TLS certificate verification of its backend"
    tags = ("openapi", "extension", "security")
    security_severity = 5.9

    def check(self, model):
        from gwlint.analysis.openapi_extensions import INTEGRATION, occurrences
        for occurrence in occurrences(model):
            if occurrence.name != INTEGRATION or not occurrence.placed or not occurrence.definition.rest:
                continue
            tls = occurrence.value.get("tlsConfig") if isinstance(occurrence.value, dict) else None
            if isinstance(tls, dict) and tls.get("insecureSkipVerification") is True:
                route = occurrence.operation.route if occurrence.operation else "an operation"
                yield Violation(occurrence.pointer / "tlsConfig" / "insecureSkipVerification",
                                f"integration of {route} skips TLS certificate verification of its backend: "
                                "any certificate is accepted, so the connection can be intercepted", at="value")
