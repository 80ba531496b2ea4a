'''## What it does
Flags a REST API `x-amazon-apigateway-integration` whose `timeoutInMillis` is above 29,000 ms, the
default maximum. Values up to 300,000 ms are accepted only after a quota increase, and only on
Regional and private REST APIs. (Values out of the hard range, below 50 ms, or above 30,000 ms on an
HTTP API, are errors: GW120.)

## Why is this bad?
Without the quota increase for the account and Region, the import or the deployment fails; on an
edge-optimized API it cannot be raised at all. When it does work, clients wait longer than the usual
29 seconds, which most callers and CDNs do not expect.

## Example
```yaml
swagger: "2.0"
info: {title: reports, version: "1"}
paths:
  /reports:
    post:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: POST
        uri: https://reports.example.com/run
        timeoutInMillis: 60000
```

Use instead:
```yaml
swagger: "2.0"
info: {title: reports, version: "1"}
paths:
  /reports:
    post:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: POST
        uri: https://reports.example.com/run
        timeoutInMillis: 29000
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
- https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class IntegrationTimeoutAboveDefault(Rule):
    __doc__ = __doc__
    id = "GW122"
    name = "integration-timeout-above-default"
    severity = Severity.WARNING
    summary = "REST integration timeout above 29,000 ms, which needs a quota increase"
    tags = ("openapi", "extension")
    joins = "integration + API type and endpoint"

    def check(self, model):
        from gwlint.analysis.openapi_extensions import QUOTA, schema_problems
        for problem in schema_problems(model):
            if problem.category != QUOTA:
                continue
            message = problem.message
            if "EDGE" in problem.occurrence.definition.api.endpoint_types:
                message += "; this API is edge-optimized, where the limit cannot be raised"
            yield Violation(problem.pointer, message, at=problem.at)
