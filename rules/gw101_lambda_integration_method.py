'''## What it does
Flags a Lambda integration (`AWS` / `AWS_PROXY` with a `lambda:path/.../functions/.../invocations`
URI) on a REST or WebSocket API whose integration HTTP method is not `POST` (`httpMethod` in
OpenAPI, `IntegrationHttpMethod` on `AWS::ApiGateway::Method`, `IntegrationMethod` on
`AWS::ApiGatewayV2::Integration`). On a REST API a missing method is flagged too. HTTP APIs are not
checked: their Lambda proxy integrations do not document the method as significant.

## Why is this bad?
API Gateway calls Lambda's `Invoke` API, which only accepts `POST`. The integration method is the
method API Gateway uses toward the backend, not the method clients use: with `GET` every call
fails with a 500 and "Execution failed due to configuration error".

## Example
```yaml
Resources:
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: GET
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
```

Use instead:
```yaml
Resources:
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model import ApiKind
from gwlint.rule import Rule, Violation


class LambdaIntegrationMethod(Rule):
    __doc__ = __doc__
    id = "GW101"
    name = "lambda-integration-method"
    severity = Severity.ERROR
    summary = "Lambda integration whose integration HTTP method is not POST"
    joins = "integration + Lambda function"

    def check(self, model):
        kinds = {api.key: api.kind for api in model.apis}
        for operation, integration in model.integrations():
            if not integration.targets_lambda:
                continue
            kind = kinds.get(operation.api)
            if kind is ApiKind.HTTP:
                continue
            method = integration.http_method
            if method is None:
                if kind is ApiKind.REST:
                    yield Violation(integration.pointer / integration.http_method_key,
                                    f"Lambda integration of {operation.route} has no {integration.http_method_key}: "
                                    "it must be POST")
            elif method != "POST":
                yield Violation(integration.pointer / integration.http_method_key,
                                f"Lambda integration of {operation.route} uses {integration.http_method_key} "
                                f"{method}: Lambda is only invoked with POST, every call will fail with a 500",
                                at="value")
