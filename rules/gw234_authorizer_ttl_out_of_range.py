'''## What it does
Flags an authorizer cache TTL outside 0 to 3,600 seconds: `AuthorizerResultTtlInSeconds` of an
`AWS::ApiGateway::Authorizer` or `AWS::ApiGatewayV2::Authorizer`, and `Identity.ReauthorizeEvery` of a SAM
`Api` / `HttpApi` authorizer (`Globals` included). The same limit inside `x-amazon-apigateway-authorizer` is
checked by GW220.

## Why is this bad?
API Gateway rejects the authorizer ("Authorizer TTL must be between 0 and 3600"); with CloudFormation
the stack fails after it has created everything before it. A TTL in milliseconds (`300000`) is the
usual mistake.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  Auth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: token
      Type: TOKEN
      IdentitySource: method.request.header.Authorization
      AuthorizerResultTtlInSeconds: 7200
      AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  Auth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: token
      Type: TOKEN
      IdentitySource: method.request.header.Authorization
      AuthorizerResultTtlInSeconds: 3600
      AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
```

## References
- https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
- https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-lambdatokenauthorizationidentity.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

MAXIMUM = 3600


def ttl_number(value) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return None
    return None


class AuthorizerTtlOutOfRange(Rule):
    __doc__ = __doc__
    id = "GW234"
    name = "authorizer-ttl-out-of-range"
    severity = Severity.ERROR
    summary = "Authorizer cache TTL outside 0 to 3,600 seconds"
    tags = ("auth",)

    def check(self, model):
        for api in model.apis:
            for authorizer in api.authorizers:
                parts = authorizer.pointer.parts
                if "x-amazon-apigateway-authorizer" in parts:
                    continue  # GW220
                ttl = ttl_number(authorizer.ttl)
                if ttl is None or 0 <= ttl <= MAXIMUM:
                    continue
                if parts and parts[0] == "Resources" and len(parts) == 3:
                    where, key = authorizer.pointer / "AuthorizerResultTtlInSeconds", "AuthorizerResultTtlInSeconds"
                else:  # SAM Auth.Authorizers.NAME
                    where, key = authorizer.pointer / "Identity" / "ReauthorizeEvery", "ReauthorizeEvery"
                hint = f" ({ttl:,} looks like milliseconds: {ttl // 1000:,} s)" if ttl >= 60_000 and ttl % 1000 == 0 else ""
                yield Violation(where, (
                    f"authorizer {authorizer.name} of API {api.display}: {key} {ttl:,} is outside 0 to 3,600 seconds"
                    f"{hint}: API Gateway rejects the authorizer"), at="value")
