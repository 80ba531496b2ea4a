'''## What it does
Flags a stage whose `DeploymentId` (or canary `CanarySetting.DeploymentId`) names a deployment
of another API in the same template: an `AWS::ApiGateway::Stage` or `AWS::ApiGatewayV2::Stage`, or
the `CanarySetting` of an `AWS::Serverless::Api`.

## Why is this bad?
A stage can only serve deployments of its own API. CloudFormation fails the stack with
"Invalid deployment identifier specified" (or a canary that can never receive traffic) after it
has created everything else, typically after a copy-paste of a stage between two APIs.

## Example
```yaml
Resources:
  Orders:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  Items:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: items}
  ItemsDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Items}
  OrdersStage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Orders
      StageName: prod
      DeploymentId: !Ref ItemsDeployment
```

Use instead:
```yaml
Resources:
  Orders:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  OrdersDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Orders}
  OrdersStage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Orders
      StageName: prod
      DeploymentId: !Ref OrdersDeployment
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-stage.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.cloudformation import ref_target
from gwlint.rule import Rule, Violation


class StageDeploymentOfOtherApi(Rule):
    __doc__ = __doc__
    id = "GW403"
    name = "stage-deployment-of-other-api"
    severity = Severity.ERROR
    summary = "Stage or canary points at a deployment of another API"
    tags = ("deployment",)
    joins = "stage + deployment + API"

    def check(self, model):
        from gwlint.analysis.deployments import is_template_api, stage_properties_pointer
        deployments = {d.logical_id: d for api in model.apis for d in api.deployments if d.logical_id}
        for api in model.apis:
            if not is_template_api(model, api.key):
                continue
            for stage in api.stages:
                where = stage_properties_pointer(api, stage)
                targets = []
                if stage.deployment is not None:
                    targets.append(("DeploymentId", stage.deployment, where / "DeploymentId"))
                canary = stage.properties.get("CanarySetting") if isinstance(stage.properties, dict) else None
                if isinstance(canary, dict) and canary.get("DeploymentId") is not None:
                    targets.append(("the canary's DeploymentId", ref_target(canary["DeploymentId"]),
                                    where / "CanarySetting" / "DeploymentId"))
                for what, target, pointer in targets:
                    deployment = deployments.get(target)
                    if deployment is None or deployment.api == api.key or not is_template_api(model, deployment.api):
                        continue
                    stage_name = f"stage '{stage.name}'" if stage.name else "the stage"
                    label = f" ({stage.logical_id})" if stage.logical_id else ""
                    yield Violation(pointer, (
                        f"{stage_name}{label} belongs to {api.display}, but {what} names {deployment.logical_id}, a "
                        f"deployment of {model.api(deployment.api).display}: a stage can only serve deployments of "
                        "its own API, and CloudFormation fails with \"Invalid deployment identifier specified\""))
