'''## What it does
Flags a method or route that anyone on the internet can call: no authorization (`AuthorizationType`
`NONE`, no authorizer, no `security` API Gateway applies), no API key, and no resource policy that
restricts who may call it, on an API with a public endpoint. It reads `AWS::ApiGateway::Method`,
`AWS::ApiGatewayV2::Route`, operations of an OpenAPI definition (standalone, `Body`, `DefinitionBody`) and
the routes of SAM function events (with `Auth.DefaultAuthorizer`, `ApiKeyRequired` and `Globals`).

It stays quiet, unlike the checks it replaces, for:

- `OPTIONS` methods (CORS pre-flight requests never carry credentials) and `MOCK` integrations, which
  reach no backend;
- REST methods that require an API key;
- REST methods whose resource policy admits only some addresses, VPCs or accounts (the policy is
  evaluated for the method, as API Gateway does for `AuthorizationType: NONE`);
- private APIs whose policy restricts the VPC endpoints (a private API without a policy admits nobody);
- WebSocket routes other than `$connect` (only `$connect` can be authorized).

HTTP APIs have no API keys and no resource policies: a route without authorization is open.

## Why is this bad?
The backend behind such a method answers every caller: a scraper, a competitor, someone running up
your Lambda or DynamoDB bill. Most often it is an oversight: a method copied without its authorizer,
a SAM event that overrides `DefaultAuthorizer` with `NONE`, a `security` block on the wrong level. If
the method is public on purpose, suppress the finding with a reason, so that the next reader knows.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: index.handler, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: AWS_IAM
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: index.handler, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class UnauthenticatedRoute(Rule):
    __doc__ = __doc__
    id = "GW230"
    name = "unauthenticated-route"
    severity = Severity.WARNING
    summary = "Method or route on a public endpoint with no authorization, no API key and no resource-policy restriction"
    tags = ("security", "auth")
    security_severity = 5.3
    joins = "method + authorizer + API key + resource policy + endpoint type"

    def check(self, model):
        from gwlint.analysis.resource_policies import policy_views

        views = {view.api.key: view for view in policy_views(model) if view.api is not None}
        for api in model.apis:
            for operation in api.operations:
                if operation.logical_id and not isinstance(
                        model.data_at(operation.pointer / "Properties" / "AuthorizationType", ""), str):
                    continue  # AuthorizationType written with an intrinsic (`!If [...]`): not known
                reason = _exposure(api, operation, views.get(api.key))
                if reason is None:
                    continue
                pointer = operation.pointer / "Properties" / "AuthorizationType" if operation.logical_id \
                    else operation.pointer
                route = operation.path if api.kind is ApiKind.WEBSOCKET else operation.route
                yield Violation(pointer, f"{route} of {_api_label(api)} {reason}: anyone who can reach the "
                                         "endpoint can call it (suppress with a reason if it is public on purpose)")


def _api_label(api) -> str:
    return f"the implicit API {api.display}" if api.implicit else f"API {api.display}"


def _exposure(api, operation, view) -> str | None:
    """Why the operation is open (for the message), or None when it is not."""
    if operation.method in ("OPTIONS", "?") or operation.path in ("$disconnect",):  # "?": written with an intrinsic
        return None
    if operation.integration is not None and operation.integration.type == "MOCK":
        return None
    authorization = operation.authorization
    if authorization.type != "NONE":
        return None
    if api.kind is ApiKind.WEBSOCKET:
        return "has no authorization (only $connect can be authorized, and it is not)" \
            if operation.path == "$connect" else None
    if api.kind is ApiKind.HTTP:
        return "has no authorization (HTTP APIs have no API keys and no resource policies)"
    if authorization.api_key_required:
        return None
    private = "PRIVATE" in api.endpoint_types
    if view is None:
        if private:
            return None  # a private API without a resource policy admits nobody
        return "has no authorization, no API key and no resource policy"
    target = next((t for t in view.targets if t.route == operation.route), None)
    if target is None:
        target = next((t for t in view.targets if t.route is None), None)
    if target is None:
        return None
    access = view.evaluate(target, authorization="NONE")
    v4 = access.may_invoke.family(4)
    if private:
        if v4.is_empty or not v4.is_full:
            return None
        return ("has no authorization and no API key, and the private API's resource policy admits any VPC "
                "endpoint of any account (no aws:SourceVpce or aws:SourceVpc condition)")
    from gwlint.analysis.cidr import PUBLIC_V4

    if not PUBLIC_V4.issubset(v4):
        return None
    return "has no authorization and no API key, and its resource policy admits every address"
