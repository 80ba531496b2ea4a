'''## What it does
Flags an `AWS::ApiGatewayV2::Stage` (HTTP or WebSocket API) with `AutoDeploy` false or absent
that no `AWS::ApiGatewayV2::Deployment` deploys to (by the stage's `DeploymentId` or the
deployment's `StageName`): an error. When a deployment exists but does not depend on every
`AWS::ApiGatewayV2::Route` of the API (directly or through a resource it depends on), it is a
warning naming the routes not covered.

## Why is this bad?
Without `AutoDeploy`, an HTTP or WebSocket stage serves only what a deployment captured. With no
deployment the stage answers every request with `{"message":"Not Found"}`. A deployment that
CloudFormation may create before some routes captures the API without them, and nothing
redeploys it later.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: items, ProtocolType: HTTP}
  GetItems:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Api, RouteKey: GET /items}
  Prod:
    Type: AWS::ApiGatewayV2::Stage
    Properties: {ApiId: !Ref Api, StageName: prod}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: items, ProtocolType: HTTP}
  GetItems:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Api, RouteKey: GET /items}
  Prod:
    Type: AWS::ApiGatewayV2::Stage
    Properties: {ApiId: !Ref Api, StageName: prod, AutoDeploy: true}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-deployment.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class V2StageNotDeployed(Rule):
    __doc__ = __doc__
    id = "GW405"
    name = "v2-stage-not-deployed"
    severity = Severity.ERROR
    summary = "HTTP/WebSocket stage without AutoDeploy and without a deployment that waits for every route"
    tags = ("deployment",)
    joins = "stage + deployments + routes"

    def check(self, model):
        from gwlint.analysis.deployments import coverage, method_names
        deployment_ids = {d.logical_id for api in model.apis for d in api.deployments if d.logical_id}
        for api in model.apis:
            if api.kind is ApiKind.REST or api.key == "?":
                continue
            routes = [op for op in api.operations if op.logical_id is not None]
            for stage in api.stages:
                if stage.logical_id is None or stage.auto_deploy is True:
                    continue
                if stage.deployment is not None and stage.deployment not in deployment_ids:
                    continue  # a deployment made outside the template (a parameter, an import)
                deployments = [d for d in api.deployments
                               if d.logical_id is not None and (d.logical_id == stage.deployment or
                                                                (stage.name is not None and d.stage_name == stage.name))]
                label = f"stage '{stage.name}' ({stage.logical_id})" if stage.name else f"stage {stage.logical_id}"
                written = isinstance(stage.properties, dict) and "AutoDeploy" in stage.properties
                auto = stage.pointer / "Properties" / "AutoDeploy" if written else stage.pointer
                if not deployments:
                    if api.logical_id is None:
                        continue  # an API of another stack: its deployments may live there
                    if stage.name is None and any(d.stage_name is None for d in api.deployments):
                        continue  # names we cannot read: a deployment may well name this stage
                    yield Violation(auto, (
                        f"{label} of {api.display} has AutoDeploy "
                        f"{'false' if stage.auto_deploy is False else 'absent (false)'} and no "
                        "AWS::ApiGatewayV2::Deployment deploys to it: the stage serves nothing and answers every "
                        "request with \"Not Found\"; set AutoDeploy: true or add a deployment that depends on the "
                        "routes"))
                    continue
                for deployment in deployments:
                    required = set(deployment.requires)
                    missing = [op for op in routes if op.logical_id not in required]
                    if missing:
                        where = deployment.pointer / "DependsOn" if deployment.depends_on else deployment.pointer
                        yield Violation(where, (
                            f"deployment {deployment.logical_id} of {label} does not depend "
                            f"{coverage(len(missing), len(routes), 'route')} of {api.display}: {method_names(missing)}. "
                            "CloudFormation may create it before them, and the stage (AutoDeploy off) serves the "
                            "API without them; add them to DependsOn"), severity=Severity.WARNING)
