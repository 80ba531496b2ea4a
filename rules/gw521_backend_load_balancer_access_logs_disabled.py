'''## What it does
Flags an application load balancer that serves as an API backend (an integration reaches it by DNS name,
listener ARN or VPC link) when its `LoadBalancerAttributes` do not set `access_logs.s3.enabled` to
`true`. A value written with an intrinsic (`!If`, `!Ref`) is not flagged.

## Why is this bad?
API Gateway access logs show what reached the API. Requests that reach the backend balancer another way,
and the backend's side of each API call (target, latency, status, TLS), are only in the balancer's access
logs, which are off by default. Without them an incident cannot be traced past the API.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: shop}
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: AWS_IAM
      Integration:
        Type: HTTP_PROXY
        IntegrationHttpMethod: GET
        Uri: !Sub https://${Alb.DNSName}/
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: shop}
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: AWS_IAM
      Integration:
        Type: HTTP_PROXY
        IntegrationHttpMethod: GET
        Uri: !Sub https://${Alb.DNSName}/
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
      LoadBalancerAttributes:
        - {Key: access_logs.s3.enabled, Value: "true"}
        - {Key: access_logs.s3.bucket, Value: my-alb-logs}
```

## References
- https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

KEY = "access_logs.s3.enabled"


def attribute(balancer, key):
    """(state, entry index): state is "absent", "unknown" (intrinsics) or the value's text in lower case."""
    attributes = balancer.attributes
    if attributes is None:
        return "absent", None
    if not isinstance(attributes, list):
        return "unknown", None
    for position, entry in enumerate(attributes):
        if not isinstance(entry, dict):
            return "unknown", None
        name = entry.get("Key")
        if not isinstance(name, str):
            return "unknown", None
        if name == key:
            value = entry.get("Value")
            if isinstance(value, bool):
                return str(value).lower(), position
            return (value.strip().lower(), position) if isinstance(value, str) else ("unknown", position)
    return "absent", None


class BackendLoadBalancerAccessLogsDisabled(Rule):
    __doc__ = __doc__
    id = "GW521"
    name = "backend-load-balancer-access-logs-disabled"
    severity = Severity.NOTE
    summary = "Application load balancer behind an API without access logs"
    tags = ("logging", "network")
    joins = "integration + load balancer"

    def check(self, model):
        from gwlint.analysis.exposure import Index, backends
        for backend in backends(model, Index.of(model)):
            balancer = backend.load_balancer
            if balancer.type != "application":
                continue
            state, position = attribute(balancer, KEY)
            if state in ("true", "unknown"):
                continue
            pointer = balancer.pointer
            if position is not None:
                pointer = pointer / "Properties" / "LoadBalancerAttributes" / position / "Value"
            yield Violation(pointer, f"{backend.name}, the backend of {backend.routes_text()}, has no access logs "
                                     f"({KEY} is {'not set' if state == 'absent' else state}): requests that reach "
                                     f"it, through the API or around it, cannot be traced. Set {KEY} to \"true\" "
                                     f"with an access_logs.s3.bucket", at="value" if position is not None else "key")
