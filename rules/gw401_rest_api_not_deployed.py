'''## What it does
Flags an `AWS::ApiGateway::RestApi` that has methods (from `Body`, `BodyS3Location` or
`AWS::ApiGateway::Method` resources) but no `AWS::ApiGateway::Deployment` and no
`AWS::ApiGateway::Stage` anywhere in the template.

## Why is this bad?
A REST API serves nothing until it is deployed to a stage: without a deployment there is no
invoke URL, and every method you defined is unreachable. CloudFormation creates the API and its
methods and reports success, so the mistake shows only when a client gets a DNS error or a 403.

A deployment made elsewhere (another stack that imports the API id, a custom resource, a pipeline
step) is not visible to gwlint: a custom resource in the same template that refers to the API
keeps the rule quiet.

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
- https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-deployment.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.cloudformation import references
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation


class RestApiNotDeployed(Rule):
    __doc__ = __doc__
    id = "GW401"
    name = "rest-api-not-deployed"
    severity = Severity.ERROR
    summary = "REST API with methods but no deployment and no stage: nothing is callable"
    tags = ("deployment",)
    joins = "REST API + methods + deployments + stages"

    def check(self, model):
        from gwlint.analysis.deployments import plural
        for api in model.apis:
            if (api.kind is not ApiKind.REST or api.origin is not Origin.CLOUDFORMATION or api.logical_id is None
                    or not api.operations or api.deployments or api.stages):
                continue
            if _custom_resource_refers_to(model, api.pointer.file, api.logical_id):
                continue
            yield Violation(api.pointer, (
                f"REST API {api.logical_id} has {plural(len(api.operations), 'method')} but no "
                "AWS::ApiGateway::Deployment and no AWS::ApiGateway::Stage in this template: nothing is "
                "callable until it is deployed to a stage"))


def _custom_resource_refers_to(model, file: str, logical_id: str) -> bool:
    """A custom resource (a deployer Lambda, a common work-around) that takes the API's id."""
    document = next((d for d in model.documents if d.path == file), None)
    resources = document.data.get("Resources") if document is not None and isinstance(document.data, dict) else None
    for resource in resources.values() if isinstance(resources, dict) else ():
        if not isinstance(resource, dict):
            continue
        kind = resource.get("Type")
        if isinstance(kind, str) and (kind.startswith("Custom::") or kind == "AWS::CloudFormation::CustomResource"):
            if logical_id in references(resource.get("Properties")):
                return True
    return False
