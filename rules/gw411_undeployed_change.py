'''## What it does
Runs with `gwlint check --base REF` (for example `--base HEAD` in a pre-commit hook, `--base
origin/main` in CI). For each template, gwlint reads the version at `REF` (`git show REF:path`) and
reports, at the changed method or integration, every change to what a REST API serves (methods,
integrations, authorizers, request validators, models, resource policy, gateway responses, binary
media types, a changed `Body`/`BodyS3Location` kept in S3) while the API's
`AWS::ApiGateway::Deployment` keeps its logical id, `Description` and `StageDescription`.

Quiet when the deployment gets a new logical id or a new description, for SAM APIs (SAM derives the
deployment's logical id from a hash of the API, so a changed definition is a new deployment), for
APIs and files that are new at `REF`, and without `--base`.

## Why is this bad?
In CloudFormation an `AWS::ApiGateway::Deployment` is a snapshot taken once, when it is created.
Updating a method, an integration or the resource policy updates the API, but the stage keeps
serving the old snapshot: the stack update succeeds and the change "does nothing" in production
until someone deploys the API by hand.

## Example
```yaml
# At REF the integration was `Type: MOCK`; this commit points GET / at a Lambda function
# and leaves the deployment as it was.
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
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [GetItems]
    Properties: {RestApiId: !Ref Api, StageName: prod}
```

Use instead:
```yaml
# A new logical id (or a new Description) makes CloudFormation create a new deployment.
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
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  DeploymentV2:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [GetItems]
    Properties: {RestApiId: !Ref Api, StageName: prod}
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-deployment.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class UndeployedChange(Rule):
    __doc__ = __doc__
    id = "GW411"
    name = "undeployed-change"
    severity = Severity.ERROR
    summary = "REST API changed since --base REF, but its deployment is not re-created: the stage serves the old API"
    tags = ("deployment",)
    joins = "two versions of a template (git) + deployments"
    needs_base = True

    def check(self, model):
        if model.base is None:
            return
        from gwlint.deploy_diff import undeployed_changes

        since = f"since {model.base_label}" if model.base_label else "since the base revision"
        for api, stale, change in undeployed_changes(model.base, model):
            names = ", ".join(d.logical_id for d in stale)
            deployments = f"deployment {names} keeps" if len(stale) == 1 else f"deployments {names} keep"
            yield Violation(change.pointer, (
                f"{change.text} on {api.display} {since}, but {deployments} the same logical id, Description and "
                "StageDescription: CloudFormation does not re-create it, and the stage keeps serving the API as it "
                "was; give the deployment a new logical id (or change its Description) in the same change"))
