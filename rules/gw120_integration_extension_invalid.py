'''## What it does
Validates every `x-amazon-apigateway-integration` (and, on HTTP APIs, every entry of
`components.x-amazon-apigateway-integrations`) against the documented shape for the API type, on a
standalone OpenAPI file, a `RestApi` / `AWS::ApiGatewayV2::Api` `Body` and a SAM `DefinitionBody`
alike: a missing or unknown `type` (`aws`, `aws_proxy`, `http`, `http_proxy`, `mock`, any case), a
missing `uri` or `httpMethod`, an `httpMethod` that is not an HTTP method, `connectionType` and
`connectionId` (`VPC_LINK` needs an id, `integrationTarget` needs `VPC_LINK`), `timeoutInMillis` outside
50 to 29,000 ms on REST (up to 300,000 with a quota increase, see GW122) or 50 to 30,000 on HTTP
APIs, `payloadFormatVersion` (`"1.0"` or `"2.0"`, and `"1.0"` only for non-Lambda integrations),
`integrationSubtype` (needs `AWS_PROXY`), `passthroughBehavior`, `contentHandling`,
`responseTransferMode`, integration responses, mapping template size, and wrong value types. A
`$ref` integration is flagged on a REST API (only HTTP APIs resolve it) and when its target does not
exist. In a CloudFormation `Body` or `DefinitionBody`, intrinsic functions are accepted where a value
goes (both branches of an `Fn::If` are checked); in a standalone file they are flagged, since nothing
resolves them there.

Request and response parameter mappings are checked by GW123, URIs by GW121, unknown fields by GW130.

## Why is this bad?
API Gateway rejects the import (or the CloudFormation update) with a `BadRequestException`, or, for a
REST `$ref` integration, imports the method with no integration at all ("Unknown integration type
'null' for 'GET /'. Ignoring."), so every call to it fails.

## Example
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: lambda
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations
```

Use instead:
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"}


class IntegrationExtensionInvalid(Rule):
    __doc__ = __doc__
    id = "GW120"
    name = "integration-extension-invalid"
    severity = Severity.ERROR
    summary = "x-amazon-apigateway-integration that API Gateway rejects or cannot use"
    tags = ("openapi", "extension")
    joins = "OpenAPI extension + API type"

    def check(self, model):
        from gwlint.analysis.openapi_extensions import (
            INTEGRATION, INTEGRATION_INVALID, is_ref, occurrences, resolve_ref, schema_problems,
        )
        for problem in schema_problems(model):
            if problem.category == INTEGRATION_INVALID:
                yield Violation(problem.pointer, problem.message, at=problem.at)
        for occurrence in occurrences(model):
            if occurrence.name != INTEGRATION or not occurrence.placed:
                continue
            route = occurrence.operation.route if occurrence.operation else "the operation"
            value = occurrence.value
            if is_ref(value):
                ref = value["$ref"]
                if occurrence.definition.rest:
                    yield Violation(occurrence.pointer / "$ref",
                                    f"integration of {route} is a $ref ({ref}): REST APIs do not resolve "
                                    "$ref integrations, the import ignores it ('Unknown integration type "
                                    "null') and the method has no integration")
                elif not isinstance(resolve_ref(occurrence.definition, value), dict):
                    yield Violation(occurrence.pointer / "$ref",
                                    f"integration of {route} refers to {ref}, which does not exist",
                                    at="value")
                continue
            if not isinstance(value, dict):
                continue
            method = value.get("httpMethod")
            if isinstance(method, str) and method.upper() not in METHODS:
                yield Violation(occurrence.pointer / "httpMethod",
                                f"integration of {route} has httpMethod {method!r}, which is not an HTTP "
                                f"method ({', '.join(sorted(METHODS))})", at="value")
