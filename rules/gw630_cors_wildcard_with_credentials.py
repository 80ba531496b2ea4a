'''## What it does
Flags a CORS configuration that allows credentials for any origin:

- HTTP APIs: `x-amazon-apigateway-cors` with `allowOrigins: ["*"]` and `allowCredentials: true`.
- REST APIs: an integration response or gateway response that maps both
  `Access-Control-Allow-Origin: '*'` and `Access-Control-Allow-Credentials: 'true'`.
- `CorsConfiguration` of `AWS::ApiGatewayV2::Api` and `AWS::Serverless::HttpApi` (`AllowOrigins: ["*"]`
  with `AllowCredentials: true`), and `Cors` of `AWS::Serverless::Api` (`AllowCredentials: true` with
  `AllowOrigin: "'*'"`, or no `AllowOrigin`, which defaults to `'*'`).

## Why is this bad?
The CORS protocol forbids credentials with the `*` origin. An HTTP API rejects the configuration
("allow-credentials is not supported if 'allow-origin' is *") and the SAM transform refuses it, so
the deployment fails; on a REST
API the headers are returned, and browsers refuse every credentialed cross-origin call ("Credential
is not supported if the CORS header 'Access-Control-Allow-Origin' is '*'"). Name the origins instead.

## Example
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
x-amazon-apigateway-cors:
  allowOrigins: ["*"]
  allowCredentials: true
  allowMethods: [GET]
paths: {}
```

Use instead:
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
x-amazon-apigateway-cors:
  allowOrigins: ["https://app.example.com"]
  allowCredentials: true
  allowMethods: [GET]
paths: {}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
- https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS/Errors/CORSNotSupportingCredentials
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

CORS = "x-amazon-apigateway-cors"
ORIGIN = "access-control-allow-origin"
CREDENTIALS = "access-control-allow-credentials"


class CorsWildcardWithCredentials(Rule):
    __doc__ = __doc__
    id = "GW630"
    name = "cors-wildcard-with-credentials"
    severity = Severity.ERROR
    summary = "CORS that allows credentials together with the '*' origin"
    tags = ("cors", "security")
    joins = "CORS origins + credentials"

    def check(self, model):
        from gwlint.analysis.openapi_extensions import INTEGRATION, occurrences
        yield from self._properties(model)
        for occurrence in occurrences(model):
            if not occurrence.placed or not isinstance(occurrence.value, dict):
                continue
            definition = occurrence.definition
            if occurrence.name == CORS and not definition.rest:
                origins = occurrence.value.get("allowOrigins")
                if occurrence.value.get("allowCredentials") is True and isinstance(origins, list) and "*" in origins:
                    yield Violation(occurrence.pointer / "allowCredentials",
                                    "allowCredentials is true while allowOrigins contains '*': API Gateway rejects "
                                    "this ('allow-credentials is not supported if allow-origin is *')")
            elif occurrence.name == INTEGRATION and definition.rest:
                responses = occurrence.value.get("responses")
                if isinstance(responses, dict):
                    for selection, response in responses.items():
                        if isinstance(response, dict):
                            yield from _headers(response.get("responseParameters"),
                                                occurrence.pointer / "responses" / selection, "method.response.header.")
            elif occurrence.name == "x-amazon-apigateway-gateway-responses" and definition.rest:
                for kind, response in occurrence.value.items():
                    if isinstance(response, dict):
                        yield from _headers(response.get("responseParameters"), occurrence.pointer / kind,
                                            "gatewayresponse.header.")

    @staticmethod
    def _properties(model):
        """``CorsConfiguration`` (AWS::ApiGatewayV2::Api, SAM HttpApi) and SAM ``Api.Cors``."""
        from gwlint.analysis.openapi_extensions import cors_pointer
        for api in model.apis:
            if api.cors_pointer is None or not isinstance(api.cors, dict):
                continue
            cors, pointer = api.cors, api.cors_pointer
            if cors.get("AllowCredentials") is not True:
                continue
            sam = api.origin.value == "sam"
            if pointer.parts[-1] == "CorsConfiguration":
                origins = cors.get("AllowOrigins")
                if isinstance(origins, list) and "*" in origins:
                    effect = ("the SAM transform fails" if sam and origins == ["*"] else
                              "API Gateway rejects it ('allow-credentials is not supported if allow-origin is *')")
                    yield Violation(cors_pointer(model, api, "AllowCredentials"),
                                    f"CorsConfiguration of {api.display} allows credentials for AllowOrigins '*': {effect}")
            elif pointer.parts[-1] == "Cors":
                origin = cors.get("AllowOrigin", "'*'")
                if origin == "'*'":
                    unset = "" if "AllowOrigin" in cors else " (the default when AllowOrigin is not set)"
                    yield Violation(cors_pointer(model, api, "AllowCredentials"),
                                    f"Cors of {api.display} allows credentials for the origin '*'{unset}: the SAM "
                                    "transform fails ('AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\")")


def _headers(parameters, pointer, prefix):
    if not isinstance(parameters, dict):
        return
    values = {key[len(prefix):].lower(): (key, value) for key, value in parameters.items()
              if isinstance(key, str) and key.startswith(prefix)}
    origin, credentials = values.get(ORIGIN), values.get(CREDENTIALS)
    if origin and credentials and origin[1] == "'*'" and isinstance(credentials[1], str) \
            and credentials[1].strip("'").lower() == "true":
        yield Violation(pointer / "responseParameters" / credentials[0],
                        "Access-Control-Allow-Credentials 'true' with Access-Control-Allow-Origin '*': browsers refuse "
                        "every credentialed cross-origin call; return the caller's allowed origin instead")
