'''## What it does
Validates the `x-amazon-apigateway-*` extensions other than integrations (GW120) and authorizers
(GW220) against their documented shape and limits: gateway response types (the 21 values of
`GatewayResponseType`) and their `statusCode`, `x-amazon-apigateway-request-validators` flags,
`x-amazon-apigateway-cors` (`maxAge` -1 to 86,400, lists of strings, `allowCredentials` a boolean),
`x-amazon-apigateway-binary-media-types`, `x-amazon-apigateway-minimum-compression-size` (0 to
10,485,760), `x-amazon-apigateway-api-key-source` (`HEADER` / `AUTHORIZER`),
`x-amazon-apigateway-endpoint-configuration` (`vpce-` ids, `ipAddressType`),
`x-amazon-apigateway-security-policy` and `-endpoint-access-mode` (an enhanced `SecurityPolicy_*`
policy needs an access mode, and an access mode needs one), `x-amazon-apigateway-importexport-version`
(`"1.0"`), documentation parts, the resource policy's shape, the legacy `x-amazon-apigateway-auth`
type, and intrinsic functions where nothing resolves them (a standalone file, a `DefinitionUri` file).

## Why is this bad?
API Gateway rejects the import, or the CloudFormation update fails, with a `BadRequestException`
(an unknown gateway response type, a compression size out of range, a CORS `maxAge` above a day, an
enhanced security policy without an endpoint access mode).

## Example
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
x-amazon-apigateway-gateway-responses:
  DEFAULT_4XX_ERRORS:
    statusCode: "400"
paths: {}
```

Use instead:
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
x-amazon-apigateway-gateway-responses:
  DEFAULT_4XX:
    statusCode: "400"
paths: {}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/openapi-extensions-security-policy.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

POLICY = "x-amazon-apigateway-security-policy"
ACCESS_MODE = "x-amazon-apigateway-endpoint-access-mode"


class ExtensionValueInvalid(Rule):
    __doc__ = __doc__
    id = "GW134"
    name = "extension-value-invalid"
    severity = Severity.ERROR
    summary = "x-amazon-apigateway-* extension value that API Gateway rejects"
    tags = ("openapi", "extension")

    def check(self, model):
        from gwlint.analysis.openapi_extensions import OTHER_INVALID, definitions, schema_problems
        for problem in schema_problems(model):
            if problem.category == OTHER_INVALID:
                yield Violation(problem.pointer, problem.message, at=problem.at)
        for definition in definitions(model):
            if not definition.rest:
                continue
            data = definition.data
            properties = model.data_at(definition.api.pointer / "Properties") if definition.declared else None
            properties = properties if isinstance(properties, dict) else {}
            policy = data.get(POLICY, properties.get("SecurityPolicy"))
            mode = data.get(ACCESS_MODE, properties.get("EndpointAccessMode"))
            if POLICY in data and isinstance(policy, str) and policy.startswith("SecurityPolicy_") and mode is None:
                yield Violation(definition.pointer / POLICY,
                                f"{POLICY} {policy!r} is an enhanced security policy: it needs "
                                f"{ACCESS_MODE} (STRICT or BASIC), or API Gateway rejects it", at="value")
            if ACCESS_MODE in data and isinstance(policy, str) and not policy.startswith("SecurityPolicy_"):
                yield Violation(definition.pointer / ACCESS_MODE,
                                f"{ACCESS_MODE} only applies with an enhanced security policy "
                                f"(SecurityPolicy_*), not {policy!r}")
