'''## What it does
Flags a REST method that does not require an API key on an API whose other methods do: the API meters its
clients with API keys and usage plans, and this method is outside the meter. `OPTIONS` methods (CORS
pre-flight requests carry no key) and `MOCK` integrations are left out, and so are APIs where no method
requires a key: unlike KICS "API Gateway Method Does Not Contains An API Key", which flags every method
without a key (even IAM- or Cognito-protected ones), this rule only speaks where a key is part of the
design. HTTP APIs have no API keys and are never checked.

It reads `ApiKeyRequired` on `AWS::ApiGateway::Method`, `api_key` security requirements in OpenAPI
(`x-api-key` schemes), and SAM `Auth.ApiKeyRequired` (API, event and `Globals`).

## Why is this bad?
A usage plan's quota and throttling only count requests that carry a key. A method without
`ApiKeyRequired` is called without one, so it escapes the quota and the per-client throttling, and calls
to it cannot be attributed to a client. It is usually a method added later that missed the flag.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: metered}
  GetQuotes:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      ApiKeyRequired: true
      Integration: {Type: HTTP_PROXY, IntegrationHttpMethod: GET, Uri: https://backend.example.com/quotes}
  PostQuotes:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: AWS_IAM
      Integration: {Type: HTTP_PROXY, IntegrationHttpMethod: POST, Uri: https://backend.example.com/quotes}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: metered}
  GetQuotes:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      ApiKeyRequired: true
      Integration: {Type: HTTP_PROXY, IntegrationHttpMethod: GET, Uri: https://backend.example.com/quotes}
  PostQuotes:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: AWS_IAM
      ApiKeyRequired: true
      Integration: {Type: HTTP_PROXY, IntegrationHttpMethod: POST, Uri: https://backend.example.com/quotes}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


def _counted(operation) -> bool:
    return operation.method != "OPTIONS" and not (
        operation.integration is not None and operation.integration.type == "MOCK")


class ApiKeyNotRequired(Rule):
    __doc__ = __doc__
    id = "GW231"
    name = "api-key-not-required"
    severity = Severity.NOTE
    summary = "REST method without ApiKeyRequired on an API whose other methods require an API key"
    tags = ("auth", "usage-plan")
    joins = "method + the API's other methods"

    def check(self, model):
        from gwlint.analysis.deployments import plural
        for api in model.apis:
            if api.kind is not ApiKind.REST:
                continue
            operations = [op for op in api.operations if _counted(op)]
            keyed = [op for op in operations if op.authorization.api_key_required]
            if not keyed:
                continue
            for operation in operations:
                if operation.authorization.api_key_required:
                    continue
                if operation.logical_id and not isinstance(
                        model.data_at(operation.pointer / "Properties" / "ApiKeyRequired", False), bool):
                    continue  # written with an intrinsic
                pointer = operation.pointer / "Properties" / "ApiKeyRequired" if operation.logical_id \
                    else operation.pointer
                yield Violation(pointer, (
                    f"{operation.route} of API {api.display} does not require an API key, while "
                    f"{plural(len(keyed), 'other method')} of the API require{'s' if len(keyed) == 1 else ''} one: "
                    "its calls escape the usage plan's quota and throttling and are not attributed to a client"))
