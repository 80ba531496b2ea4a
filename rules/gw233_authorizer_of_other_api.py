'''## What it does
Flags an `AWS::ApiGateway::Method` or `AWS::ApiGatewayV2::Route` whose `AuthorizerId` names an authorizer
of another API in the same template (cfn-lint E3699 does this for REST methods only).

## Why is this bad?
An authorizer belongs to one API. CloudFormation fails the method with "Invalid authorizer ID specified"
after it has created the rest of the stack; the usual cause is a method or route copied from another API
of the template.

## Example
```yaml
Resources:
  Orders:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  Items:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: items}
  ItemsAuthorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Items
      Name: items-auth
      Type: TOKEN
      IdentitySource: method.request.header.Authorization
      AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Orders
      ResourceId: !GetAtt Orders.RootResourceId
      HttpMethod: GET
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref ItemsAuthorizer
      Integration: {Type: MOCK}
```

Use instead:
```yaml
Resources:
  Orders:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  OrdersAuthorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Orders
      Name: orders-auth
      Type: TOKEN
      IdentitySource: method.request.header.Authorization
      AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Orders
      ResourceId: !GetAtt Orders.RootResourceId
      HttpMethod: GET
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref OrdersAuthorizer
      Integration: {Type: MOCK}
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-method.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

from gwlint.rules.gw232_authorization_type_mismatch import template_authorizers


class AuthorizerOfOtherApi(Rule):
    __doc__ = __doc__
    id = "GW233"
    name = "authorizer-of-other-api"
    severity = Severity.ERROR
    summary = "Method or route whose AuthorizerId names an authorizer of another API"
    tags = ("auth",)
    joins = "method/route + authorizer + API"

    def check(self, model):
        from gwlint.analysis.deployments import is_template_api
        authorizers = template_authorizers(model)
        for api in model.apis:
            if not is_template_api(model, api.key):
                continue
            for operation in api.operations:
                name = operation.authorization.authorizer
                if not operation.logical_id or name is None or name not in authorizers:
                    continue
                authorizer = authorizers[name]
                if authorizer.api == api.key or not is_template_api(model, authorizer.api):
                    continue
                other = model.api(authorizer.api)
                yield Violation(operation.pointer / "Properties" / "AuthorizerId", (
                    f"{operation.logical_id} ({operation.route}) belongs to API {api.display}, but its AuthorizerId names "
                    f"{name}, an authorizer of API {other.display}: an authorizer only serves its own API, and "
                    "CloudFormation fails with \"Invalid authorizer ID specified\""), at="value")
