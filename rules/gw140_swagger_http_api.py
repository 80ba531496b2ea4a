'''## What it does
Flags an HTTP API (`AWS::ApiGatewayV2::Api`, `AWS::Serverless::HttpApi`) whose OpenAPI definition is
a Swagger 2.0 document (`swagger: "2.0"`).

## Why is this bad?
HTTP APIs import only OpenAPI 3.0 definitions: a Swagger 2.0 document is an import error, so the
stack fails to create or update.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Body:
        swagger: "2.0"
        info: {title: pets, version: "1"}
        paths: {}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Body:
        openapi: 3.0.1
        info: {title: pets, version: "1"}
        paths: {}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class SwaggerHttpApi(Rule):
    __doc__ = __doc__
    id = "GW140"
    name = "swagger-http-api"
    severity = Severity.ERROR
    summary = "HTTP API defined by a Swagger 2.0 document, which HTTP APIs cannot import"
    tags = ("openapi",)
    joins = "API resource + OpenAPI definition"

    def check(self, model):
        from gwlint.analysis.openapi_extensions import definitions
        for definition in definitions(model):
            if definition.rest or not definition.declared or not definition.swagger:
                continue
            yield Violation(definition.pointer / "swagger",
                            f"{definition.api.display} is an HTTP API but its definition is Swagger "
                            f"{definition.data.get('swagger')}: HTTP APIs import only OpenAPI 3.0", at="value")
