'''## What it does
Flags a REST API whose endpoint is public (`EDGE`, the default, or `REGIONAL`) although its configuration
is written for a private API: `VpcEndpointIds` in its `EndpointConfiguration` (SAM: `VPCEndpointIds`), or a
resource policy that tests `aws:SourceVpce`, `aws:SourceVpc` or `aws:VpcSourceIp`. Unlike KICS, which asks
every API to be private, it only speaks where the template shows that private was meant.

## Why is this bad?
Those condition keys only exist on requests through a VPC endpoint to a private API. On a public
endpoint an `Allow` that requires them never matches (every call is refused) and a `Deny` that excludes
them always matches; meanwhile the API is reachable from the internet. Make the endpoint `PRIVATE`.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: internal
      EndpointConfiguration: {Types: [REGIONAL]}
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              StringEquals: {aws:SourceVpce: vpce-0123456789abcdef0}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: internal
      EndpointConfiguration: {Types: [PRIVATE]}
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              StringEquals: {aws:SourceVpce: vpce-0123456789abcdef0}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation

VPC_KEYS = ("aws:sourcevpce", "aws:sourcevpc", "aws:vpcsourceip")


class EndpointNotPrivate(Rule):
    __doc__ = __doc__
    id = "GW613"
    name = "endpoint-not-private"
    severity = Severity.NOTE
    summary = "REST API with a public endpoint whose VPC endpoint ids or resource policy are written for a private API"
    tags = ("hygiene", "network")
    joins = "endpoint configuration + resource policy"

    def check(self, model):
        from gwlint.analysis.iam_policy import parse_policy

        for api in model.apis:
            if api.kind is not ApiKind.REST or api.origin not in (Origin.CLOUDFORMATION, Origin.SAM) \
                    or api.logical_id is None or "PRIVATE" in api.endpoint_types:
                continue
            properties = api.properties if isinstance(api.properties, dict) else {}
            endpoint = properties.get("EndpointConfiguration")
            if endpoint is not None and not api.endpoint_types:
                continue  # written with an intrinsic
            endpoint_type = api.endpoint_types[0] if api.endpoint_types else "EDGE (the default)"
            where = api.pointer / "Properties" / "EndpointConfiguration"
            local = model.data_at(api.pointer / "Properties")
            if api.origin is Origin.SAM and not (isinstance(local, dict) and "EndpointConfiguration" in local):
                where = api.pointer / "Properties"
            reasons = []
            if isinstance(endpoint, dict) and (endpoint.get("VpcEndpointIds") or endpoint.get("VPCEndpointIds")):
                reasons.append("it lists VPC endpoint ids")
            if api.policy is not None:
                keys = sorted({clause.key for statement in parse_policy(api.policy.evaluable).statements
                               for clause in statement.conditions if clause.key_lower in VPC_KEYS})
                if keys:
                    reasons.append(f"its resource policy tests {', '.join(keys)}")
            if not reasons:
                continue
            yield Violation(where, (
                f"API {api.display} has {'an' if endpoint_type[0] in 'AEIOU' else 'a'} {endpoint_type} endpoint, but {' and '.join(reasons)}, which only private "
                "APIs receive: the policy cannot work as written and the API is reachable from the internet; set "
                "the endpoint type to PRIVATE"))
