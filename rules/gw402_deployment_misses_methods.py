'''## What it does
Flags an `AWS::ApiGateway::Deployment` that does not wait for every `AWS::ApiGateway::Method` of
its REST API, and names the methods it does not wait for. A method counts as covered when the
deployment depends on it directly (`DependsOn`, or a `Ref`/`Fn::GetAtt` in its properties) or
through a resource it depends on.

## Why is this bad?
A deployment is a snapshot of the API taken when CloudFormation creates it. Nothing tells
CloudFormation to create the methods first: it may create the deployment before some of them. With
no method yet the stack fails with "The REST API doesn't contain any methods"; with some, the
deployment succeeds and the stage serves the API without the later methods, which answer
`403 Missing Authentication Token` until the next deployment.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: items}
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: {Type: MOCK}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: prod
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: items}
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: {Type: MOCK}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [GetItems]
    Properties:
      RestApiId: !Ref Api
      StageName: prod
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-deployment.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class DeploymentMissesMethods(Rule):
    __doc__ = __doc__
    id = "GW402"
    name = "deployment-misses-methods"
    severity = Severity.ERROR
    summary = "REST deployment does not depend on every method of its API: it may be created before them"
    tags = ("deployment",)
    joins = "deployment + methods (DependsOn, references)"

    def check(self, model):
        from gwlint.analysis.deployments import coverage, method_names
        for api in model.apis:
            if api.kind is not ApiKind.REST or api.key == "?":
                continue
            methods = [op for op in api.operations if op.logical_id is not None]
            if not methods:
                continue
            for deployment in api.deployments:
                if deployment.logical_id is None or deployment.generated_by is not None:
                    continue
                required = set(deployment.requires)
                missing = [op for op in methods if op.logical_id not in required]
                if not missing:
                    continue
                if len(missing) == len(methods):
                    effect = ("CloudFormation may create it before any of them and fail with \"The REST API "
                              "doesn't contain any methods\", or deploy an incomplete API")
                else:
                    effect = ("CloudFormation may create it before them, and the stage then serves the API "
                              "without them until the next deployment")
                where = deployment.pointer / "DependsOn" if deployment.depends_on else deployment.pointer
                yield Violation(where, (
                    f"deployment {deployment.logical_id} does not depend {coverage(len(missing), len(methods), 'method')} "
                    f"of {api.display}: {method_names(missing)}. {effect}; "
                    "add them to DependsOn"))
