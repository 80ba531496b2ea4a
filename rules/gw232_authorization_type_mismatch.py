'''## What it does
Checks that a method's or route's `AuthorizationType` fits its `AuthorizerId` and the API type, on
`AWS::ApiGateway::Method` and `AWS::ApiGatewayV2::Route`:

- `CUSTOM` needs a Lambda authorizer (`TOKEN` or `REQUEST` on a REST API, `REQUEST` on an HTTP or WebSocket
  API), `COGNITO_USER_POOLS` a `COGNITO_USER_POOLS` authorizer, `JWT` a `JWT` authorizer;
- `CUSTOM`, `COGNITO_USER_POOLS` and `JWT` need an `AuthorizerId`;
- an `AuthorizerId` with `NONE` or `AWS_IAM` (or no `AuthorizationType`) protects nothing (warning);
- the type must exist for the API type: `JWT` is HTTP-only, `COGNITO_USER_POOLS` REST-only.

cfn-lint's E3708 checks the first point for REST methods only.

## Why is this bad?
CloudFormation fails the method with "Invalid authorizer ID specified. Setting the authorization type
to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer", after it has created the rest of the
stack. An `AuthorizerId` next to `AuthorizationType: NONE` looks protected in review, but API Gateway
calls no authorizer: the method is open.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  UserPool:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: users
      Type: COGNITO_USER_POOLS
      IdentitySource: method.request.header.Authorization
      ProviderARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc]
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref UserPool
      Integration: {Type: MOCK}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  UserPool:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: users
      Type: COGNITO_USER_POOLS
      IdentitySource: method.request.header.Authorization
      ProviderARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc]
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref UserPool
      Integration: {Type: MOCK}
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-method.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-route.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation

VALID = {
    ApiKind.REST: ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"),
    ApiKind.HTTP: ("NONE", "AWS_IAM", "CUSTOM", "JWT"),
    ApiKind.WEBSOCKET: ("NONE", "AWS_IAM", "CUSTOM"),
}
#: Authorization type -> authorizer types it accepts, per API type.
NEEDS = {
    ApiKind.REST: {"CUSTOM": ("TOKEN", "REQUEST"), "COGNITO_USER_POOLS": ("COGNITO_USER_POOLS",)},
    ApiKind.HTTP: {"CUSTOM": ("REQUEST",), "JWT": ("JWT",)},
    ApiKind.WEBSOCKET: {"CUSTOM": ("REQUEST",)},
}


def template_authorizers(model) -> dict:
    """Authorizer resources of the template (AWS::ApiGateway::Authorizer, AWS::ApiGatewayV2::Authorizer) by
    logical id."""
    found = {}
    for api in model.apis:
        for authorizer in api.authorizers:
            parts = authorizer.pointer.parts
            if len(parts) == 3 and parts[0] == "Resources" and parts[1] == authorizer.name and parts[2] == "Properties":
                found[authorizer.name] = authorizer
    return found


class AuthorizationTypeMismatch(Rule):
    __doc__ = __doc__
    id = "GW232"
    name = "authorization-type-mismatch"
    severity = Severity.ERROR
    summary = "Method or route AuthorizationType that does not fit its authorizer or the API type"
    tags = ("auth",)
    security_severity = 6.0
    joins = "method/route + authorizer"

    def check(self, model):
        authorizers = template_authorizers(model)
        for api in model.apis:
            for operation in api.operations:
                if not operation.logical_id:
                    continue
                props = operation.pointer / "Properties"
                written = model.data_at(props / "AuthorizationType")
                if written is not None and not isinstance(written, str):
                    continue
                kind = api.kind
                kind_name = {ApiKind.REST: "a REST API", ApiKind.HTTP: "an HTTP API",
                             ApiKind.WEBSOCKET: "a WebSocket API"}[kind]
                authorization = operation.authorization
                label = f"{operation.logical_id} ({operation.path if kind is ApiKind.WEBSOCKET else operation.route})"
                if authorization.type not in VALID[kind]:
                    yield Violation(props / "AuthorizationType", (
                        f"{label}: AuthorizationType {written} does not exist on {kind_name} (valid: "
                        f"{', '.join(VALID[kind])}): CloudFormation rejects the method"), at="value")
                    continue
                authorizer_id = model.data_at(props / "AuthorizerId")
                needs = NEEDS[kind].get(authorization.type)
                if needs is None:
                    if isinstance(authorizer_id, str) and authorizer_id == "AWS::NoValue":
                        yield Violation(props / "AuthorizerId", (
                            f"{label}: AuthorizerId is the text 'AWS::NoValue', not `!Ref AWS::NoValue`: API Gateway "
                            "receives an authorizer id that does not exist; remove the property or write the Ref"),
                            at="value", severity=Severity.WARNING)
                    elif authorizer_id is not None:
                        yield Violation(props / "AuthorizerId", (
                            f"{label} names an authorizer but its AuthorizationType is "
                            f"{authorization.type if written else 'not set (NONE)'}: API Gateway calls no authorizer, "
                            f"the method is {'open' if authorization.type == 'NONE' else 'only IAM-authorized'}; set "
                            "AuthorizationType to the authorizer's type"), severity=Severity.WARNING)
                    continue
                if authorizer_id is None:
                    yield Violation(props / "AuthorizationType", (
                        f"{label}: AuthorizationType {authorization.type} needs an AuthorizerId: CloudFormation fails "
                        "with \"Invalid authorizer ID specified\""), at="value")
                    continue
                authorizer = authorizers.get(authorization.authorizer or "")
                if authorizer is None or authorizer.type is None or authorizer.type in needs:
                    continue
                yield Violation(props / "AuthorizationType", (
                    f"{label}: AuthorizationType {authorization.type} needs a {' or '.join(needs)} authorizer, but "
                    f"{authorizer.name} is a {authorizer.type} authorizer: CloudFormation fails with \"Invalid authorizer "
                    f"ID specified\"; use AuthorizationType "
                    f"{_type_for(kind, authorizer.type) or 'matching the authorizer'}"), at="value")


def _type_for(kind: ApiKind, authorizer_type: str) -> str | None:
    for authorization, accepted in NEEDS[kind].items():
        if authorizer_type in accepted:
            return authorization
    return None
