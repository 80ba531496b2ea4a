'''## What it does
Flags security settings in an OpenAPI definition that API Gateway cannot apply:

- REST APIs: a security scheme whose `type` is not `apiKey` (`oauth2`, `openIdConnect`, `http`) when it
  carries an `x-amazon-apigateway-authorizer` / `-authtype`, or when an operation's `security` uses it.
  REST APIs express Lambda, Cognito and IAM authorizers as `apiKey` schemes.
- HTTP APIs: an operation (or the root `security`, which HTTP APIs apply to every route) with more than
  one security requirement; a route can have one of IAM, a Lambda authorizer or a JWT authorizer.

## Why is this bad?
A REST import does not create an authorizer from a non-`apiKey` scheme: an operation that relies on
it ends up with no authorization at all, open to anyone. An HTTP API import with two requirements on one
operation fails ("Each operation can have only one of IAM authorization, a Lambda authorizer, or a JWT
authorizer").

## Example
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        implicit: {authorizationUrl: "https://auth.example.com/authorize", scopes: {}}
paths:
  /pets:
    get:
      security: [{oauth: []}]
      x-amazon-apigateway-integration: {type: mock}
```

Use instead:
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
components:
  securitySchemes:
    cognito:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"]
paths:
  /pets:
    get:
      security: [{cognito: []}]
      x-amazon-apigateway-integration: {type: mock}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class SecuritySchemeUnsupported(Rule):
    __doc__ = __doc__
    id = "GW221"
    name = "security-scheme-unsupported"
    severity = Severity.ERROR
    summary = "Security scheme or requirement that API Gateway cannot apply, leaving routes unprotected or the import failing"
    tags = ("openapi", "security")
    security_severity = 7.5
    joins = "security scheme + operations + API type"

    def check(self, model):
        from gwlint.analysis.openapi_extensions import definitions
        for definition in definitions(model):
            if definition.rest:
                yield from self._rest(definition)
            else:
                yield from self._http(definition)

    def _rest(self, definition):
        from gwlint.analysis.openapi_extensions import operations, security_schemes
        used: dict[str, str] = {}
        for operation in operations(definition):
            security = operation.data.get("security")
            if isinstance(security, list):
                for requirement in security:
                    if isinstance(requirement, dict):
                        for name in requirement:
                            used.setdefault(name, operation.route)
        for scheme, pointer in security_schemes(definition):
            kind = scheme.get("type")
            if not isinstance(kind, str) or kind == "apiKey":
                continue
            name = pointer.parts[-1]
            extended = sorted((key for key in scheme if isinstance(key, str)
                               and key in ("x-amazon-apigateway-authorizer", "x-amazon-apigateway-authtype")))
            if extended:
                yield Violation(pointer / "type", f"security scheme {name!r} has type {kind!r}: REST APIs only read "
                                                  f"{extended[0]} from apiKey schemes, so no authorizer is created",
                                at="value")
            elif name in used:
                yield Violation(pointer / "type", f"security scheme {name!r} has type {kind!r}, which REST APIs do not "
                                                  f"support: the import creates nothing for it, so {used[name]} (and any "
                                                  "other operation that relies on it) is not protected by it", at="value")

    def _http(self, definition):
        from gwlint.analysis.openapi_extensions import operations
        root = definition.data.get("security")
        if _count(root) > 1:
            yield Violation(definition.pointer / "security",
                            f"the root security has {_count(root)} requirements: an HTTP API route can have only "
                            "one of IAM, a Lambda authorizer or a JWT authorizer")
        for operation in operations(definition):
            security = operation.data.get("security")
            if _count(security) > 1:
                yield Violation(operation.pointer / "security",
                                f"{operation.route} has {_count(security)} security requirements: an HTTP API route "
                                "can have only one of IAM, a Lambda authorizer or a JWT authorizer (the import fails)")


def _count(security) -> int:
    if not isinstance(security, list):
        return 0
    return sum(len(requirement) for requirement in security if isinstance(requirement, dict))
