'''## What it does
Flags a SAM REST API (`AWS::Serverless::Api`, or the implicit `ServerlessRestApi` of `Api` events)
without `OpenApiVersion` (on the API or in `Globals.Api`).

## Why is this bad?
Without `OpenApiVersion`, SAM's deployment also deploys to a stage named `Stage`, next to the
stage you named: a second public copy of the API that nobody configures (none of the logging,
throttling, caching or WAF settings SAM applies to your stage). Setting
`OpenApiVersion` (any value, `3.0.1` or `'2.0'`) makes SAM drop it. Changing it on an existing API
makes SAM create a new deployment.

## Example
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
```

Use instead:
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      OpenApiVersion: 3.0.1
```

## References
- https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html#sam-api-openapiversion
- https://github.com/aws/serverless-application-model/issues/191
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation


class SamExtraStage(Rule):
    __doc__ = __doc__
    id = "GW407"
    name = "sam-extra-stage"
    severity = Severity.NOTE
    summary = "SAM REST API without OpenApiVersion: SAM also deploys it to an extra stage named 'Stage'"
    tags = ("deployment", "sam")
    joins = "SAM API + its generated deployment"

    def check(self, model):
        for api in model.apis:
            if api.origin is not Origin.SAM or api.kind is not ApiKind.REST:
                continue
            if not any(d.generated_by == "sam" and d.stage_name == "Stage" for d in api.deployments):
                continue
            if any(stage.name == "Stage" for stage in api.stages):
                continue  # the collision itself is GW404's error
            if api.implicit:
                yield Violation(api.pointer, (
                    f"SAM also deploys the implicit {api.display} to a stage named 'Stage' next to 'Prod', because "
                    "Globals.Api.OpenApiVersion is not set: an unmanaged second copy of the API; set "
                    "Globals.Api.OpenApiVersion (for example 3.0.1) to drop it"))
            else:
                yield Violation(api.pointer, (
                    f"SAM also deploys {api.display} to a stage named 'Stage' next to its StageName, because "
                    "OpenApiVersion is not set: an unmanaged second copy of the API; set OpenApiVersion (for "
                    "example 3.0.1) to drop it"))
