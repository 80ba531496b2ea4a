'''## What it does
Flags two deployments of one API that deploy to the same stage name (`StageName` of
`AWS::ApiGateway::Deployment` or `AWS::ApiGatewayV2::Deployment`), and a REST deployment whose
`StageName` is also created by an `AWS::ApiGateway::Stage` (or by a SAM API's `StageName`,
including SAM's own extra stage `Stage` when `OpenApiVersion` is not set).

## Why is this bad?
A REST deployment with `StageName` creates that stage. Two of them race: whichever CloudFormation
finishes last decides what the stage serves, and removing one later deletes the stage under the
other. A stage resource with the same name as a deployment's `StageName` fails the stack with
"Stage already exists". In SAM, `StageName: Stage` without `OpenApiVersion` collides with the extra
stage SAM creates.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: items}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Api, StageName: prod}
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: !Ref Deployment
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: items}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Api}
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: !Ref Deployment
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-deployment.html
- https://github.com/aws/serverless-application-model/issues/191
'''

from __future__ import annotations

import json

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class StageNameConflict(Rule):
    __doc__ = __doc__
    id = "GW404"
    name = "stage-name-conflict"
    severity = Severity.ERROR
    summary = "Two deployments deploy to one stage name, or a deployment and a stage both create it"
    tags = ("deployment",)
    joins = "deployments + stages of one API"

    def check(self, model):
        from gwlint.analysis.deployments import deployment_label
        for api in model.apis:
            if api.key == "?":
                continue
            first: dict[str, object] = {}
            for deployment in api.deployments:
                name = _stage_name(deployment)
                if name is None:
                    continue
                where = deployment.pointer / "Properties" / "StageName"
                if name in first:
                    yield Violation(where, (
                        f"{deployment_label(deployment)} and {deployment_label(first[name])} both deploy to stage "
                        f"{_shown(name)} of {api.display}: whichever CloudFormation finishes last decides what the stage "
                        "serves, and removing one of them later deletes the stage"))
                    continue
                first[name] = deployment
                if api.kind is not ApiKind.REST:
                    continue  # an HTTP/WebSocket deployment's StageName names an existing stage
                for stage in api.stages:
                    if _stage_name(stage) != name:
                        continue
                    if deployment.generated_by == "sam":
                        yield Violation(stage.pointer, (
                            f"StageName {_shown(name)} without OpenApiVersion: SAM also creates a stage named 'Stage' for "
                            f"{api.display}, and the stack fails with \"Stage already exists\"; set OpenApiVersion "
                            "(for example 3.0.1) or choose another stage name"))
                    else:
                        owner = f"stage resource {stage.logical_id}" if stage.logical_id else f"{api.display}"
                        yield Violation(where, (
                            f"deployment {deployment.logical_id} creates stage {_shown(name)}, and {owner} creates it "
                            "too: "
                            "CloudFormation fails with \"Stage already exists\"; remove StageName from the deployment "
                            "and let the stage resource point at it"))


def _stage_name(element) -> str | None:
    """The stage name as written (a literal, or the same `Ref` on both sides), comparable as text."""
    properties = element.properties if isinstance(element.properties, dict) else {}
    value = properties.get("StageName", element.stage_name if hasattr(element, "stage_name") else element.name)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _shown(name: str) -> str:
    return f"'{name}'" if not name.startswith("{") else f"named {name}"
