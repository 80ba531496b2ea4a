'''## What it does
Flags an `OPTIONS` method that requires authorization or an API key on a REST API, and an `OPTIONS`
route with authorization on an HTTP API that has no CORS configuration (with one, API Gateway answers
pre-flight requests itself). This includes the `OPTIONS` methods SAM adds for `Cors` when
`Auth.DefaultAuthorizer` is set and `AddDefaultAuthorizerToCorsPreflight` is not `false` (or
`Auth.ApiKeyRequired` without `AddApiKeyRequiredToCorsPreflight: false`).

## Why is this bad?
Browsers send the CORS pre-flight `OPTIONS` request without credentials: no `Authorization` header, no
API key. An authorizer or key requirement on it answers 401 or 403, the browser blocks the real request,
and the API works from `curl` but not from the web page. SAM's default (`AddDefaultAuthorizerToCorsPreflight:
true`) is a common cause.

## Example
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://app.example.com'"
      Auth:
        DefaultAuthorizer: Users
        Authorizers:
          Users: {UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: x
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /orders, Method: get}}
```

Use instead:
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://app.example.com'"
      Auth:
        DefaultAuthorizer: Users
        AddDefaultAuthorizerToCorsPreflight: false
        Authorizers:
          Users: {UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: x
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /orders, Method: get}}
```

## References
- https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#preflighted_requests
- https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-apiauth.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class CorsPreflightRequiresAuth(Rule):
    __doc__ = __doc__
    id = "GW235"
    name = "cors-preflight-requires-auth"
    severity = Severity.WARNING
    summary = "OPTIONS pre-flight method that requires authorization or an API key, so CORS requests fail"
    tags = ("auth", "cors")
    joins = "OPTIONS method + authorizer + CORS configuration"

    def check(self, model):
        for api in model.apis:
            if api.kind is ApiKind.WEBSOCKET:
                continue
            if api.kind is ApiKind.HTTP and (api.cors or _definition_cors(model, api)):
                continue  # API Gateway answers pre-flight requests itself
            for operation in api.operations:
                if operation.method != "OPTIONS":
                    continue
                authorization = operation.authorization
                needs = []
                if authorization.type != "NONE":
                    needs.append(f"{authorization.type} authorization"
                                 + (f" ({authorization.authorizer})" if authorization.authorizer else ""))
                if authorization.api_key_required and api.kind is ApiKind.REST:
                    needs.append("an API key")
                if not needs:
                    continue
                if operation.logical_id:
                    written = model.data_at(operation.pointer / "Properties" / "AuthorizationType")
                    if written is not None and not isinstance(written, str):
                        continue
                    pointer = operation.pointer / "Properties" / (
                        "AuthorizationType" if authorization.type != "NONE" else "ApiKeyRequired")
                else:
                    pointer = operation.pointer
                sam = " (SAM applies Auth.DefaultAuthorizer / ApiKeyRequired to the pre-flight methods it adds " \
                      "unless AddDefaultAuthorizerToCorsPreflight / AddApiKeyRequiredToCorsPreflight is false)" \
                    if pointer.parts and pointer.parts[-1] == "Cors" else ""
                yield Violation(pointer, (
                    f"OPTIONS {operation.path} of API {api.display} requires {' and '.join(needs)}: browsers send "
                    f"CORS pre-flight requests without credentials, so they are refused and the real request is "
                    f"never made{sam}"))


def _definition_cors(model, api) -> bool:
    if api.definition is None:
        return False
    definition = model.data_at(api.definition)
    return isinstance(definition, dict) and definition.get("x-amazon-apigateway-cors") is not None
