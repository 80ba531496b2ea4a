'''## What it does
Flags an extension, a field or a value that belongs to the other API type: REST-only extensions
(`x-amazon-apigateway-gateway-responses`, `-request-validators`, `-binary-media-types`, `-policy`,
`-api-key-source`, `-minimum-compression-size`, `-documentation`, ...) and fields (`requestTemplates`,
`passthroughBehavior`, `responses`, `cacheKeyParameters`, `tlsConfig.insecureSkipVerification`,
`providerARNs`) in an HTTP API, HTTP-only ones (`x-amazon-apigateway-cors`,
`-importexport-version`, `components.x-amazon-apigateway-integrations`, `isDefaultRoute`,
`integrationSubtype`, `jwtConfiguration`, `enableSimpleResponses`, `tlsConfig.serverNameToVerify`) in a
REST API, and integration types an HTTP API does not import (`aws`, `http`, `mock`). The API type comes
from the resource (`AWS::ApiGateway::RestApi`, `AWS::ApiGatewayV2::Api`, `AWS::Serverless::Api` /
`HttpApi`); for a standalone file it is inferred (HTTP when it has `x-amazon-apigateway-cors`,
`payloadFormatVersion`, `isDefaultRoute` or shared integrations, REST otherwise and always for
Swagger 2.0).

## Why is this bad?
The import skips what the API type does not support (an HTTP API reports a warning, a REST API says
nothing): the CORS configuration, the request validation, the resource policy or the integration the
author wrote is simply not there.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Body:
        openapi: 3.0.1
        info: {title: pets, version: "1"}
        x-amazon-apigateway-request-validators:
          all: {validateRequestBody: true, validateRequestParameters: true}
        paths: {}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        info: {title: pets, version: "1"}
        x-amazon-apigateway-request-validators:
          all: {validateRequestBody: true, validateRequestParameters: true}
        paths: {}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class ExtensionWrongApiType(Rule):
    __doc__ = __doc__
    id = "GW132"
    name = "extension-wrong-api-type"
    severity = Severity.WARNING
    summary = "Extension, field or value that only the other API type (REST or HTTP) supports"
    tags = ("openapi", "extension")
    joins = "OpenAPI extension + API type"

    def check(self, model):
        from gwlint.analysis.openapi_extensions import API_TYPE, schema_problems
        for problem in schema_problems(model):
            if problem.category == API_TYPE:
                api = problem.occurrence.definition.api
                kind = "a REST" if problem.occurrence.definition.rest else "an HTTP"
                effect = "" if problem.kind == "unsupported-value" else "; the import ignores it"
                yield Violation(problem.pointer, f"{problem.message} ({api.display} is {kind} API{effect})",
                                at=problem.at)
