'''## What it does
Runs with `gwlint check --deployed EXPORT`, where `EXPORT` is what a stage serves:

    aws apigateway get-export --rest-api-id a1b2c3 --stage-name prod \
        --export-type oas30 --parameters extensions=apigateway --accepts application/json export.json

The export is compared with the source definition it came from (a template or an OpenAPI file,
matched by the API's name against the export's `info.title`, or by `--deployed-api NAME`, a name
or logical id). Routes, integrations (type, method, URI, connection), method authorization,
authorizers and resource policy statements that differ are reported at their place in the source:
"the deployed stage 'prod' does not serve POST /items yet".

What the export changes is normalised first: `Fn::Sub` / `Ref` forms against the resolved ARNs,
`execute-api:/*` against the expanded `arn:aws:execute-api:...` resources, ordering,
`x-amazon-apigateway-any-method` against `ANY`, and stage variables kept as written.

## Why is this bad?
What a template says is not what clients get until it is deployed to the stage. A stage that
serves an older definition answers new routes with 403 "Missing Authentication Token", keeps
removed routes and old authorizers reachable, and enforces the old resource policy.

## Example
```yaml
# With --deployed export.json, where export.json (the stage) has only GET /items:
openapi: 3.0.1
info: {title: items, version: '1'}
paths:
  /items:
    get:
      x-amazon-apigateway-integration: {type: mock}
    post:
      x-amazon-apigateway-integration: {type: mock}
```

Use instead:
```yaml
# Deploy the API (a new deployment of the stage), then compare again.
openapi: 3.0.1
info: {title: items, version: '1'}
paths:
  /items:
    get:
      x-amazon-apigateway-integration: {type: mock}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-export-api.html
- https://docs.aws.amazon.com/cli/latest/reference/apigateway/get-export.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class DeployedStageDiffers(Rule):
    __doc__ = __doc__
    id = "GW421"
    name = "deployed-stage-differs"
    severity = Severity.WARNING
    summary = "The deployed stage (--deployed EXPORT) serves routes, integrations or policies the source does not"
    tags = ("deployment",)
    joins = "source definition + export of a deployed stage"
    needs_deployed = True

    def check(self, model):
        export = model.deployed
        if export is None:
            return
        from gwlint.deployed import compare

        for api in model.apis:
            if export.matches(api):
                for difference in compare(model, api, export):
                    yield Violation(difference.pointer, difference.message)
