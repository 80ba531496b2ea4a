'''## What it does
Reports extension fields that API Gateway accepts but ignores in this configuration:
`payloadFormatVersion` on a REST API integration, `identityValidationExpression` on a REST `request`
authorizer (it only applies to `token` authorizers) or on an HTTP API authorizer.

## Why is this bad?
Nothing breaks, but the field suggests a behaviour that does not happen: a validation expression
on a `request` authorizer does not reject malformed tokens before the Lambda function runs.

## Example
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
securityDefinitions:
  custom:
    type: apiKey
    name: Unused
    in: header
    x-amazon-apigateway-authtype: custom
    x-amazon-apigateway-authorizer:
      type: request
      identitySource: method.request.header.Authorization
      identityValidationExpression: "^Bearer [-0-9a-zA-Z._]+$"
      authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
paths: {}
```

Use instead:
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
securityDefinitions:
  custom:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: custom
    x-amazon-apigateway-authorizer:
      type: token
      identitySource: method.request.header.Authorization
      identityValidationExpression: "^Bearer [-0-9a-zA-Z._]+$"
      authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
paths: {}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class ExtensionFieldIgnored(Rule):
    __doc__ = __doc__
    id = "GW133"
    name = "extension-field-ignored"
    severity = Severity.NOTE
    summary = "Extension field that API Gateway ignores in this configuration"
    tags = ("openapi", "extension")

    def check(self, model):
        from gwlint.analysis.openapi_extensions import IGNORED, schema_problems
        for problem in schema_problems(model):
            if problem.category == IGNORED:
                yield Violation(problem.pointer, problem.message, at=problem.at)
