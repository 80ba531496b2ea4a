'''## What it does
Flags an internet-facing Application or Network Load Balancer that an API uses as its backend when its
security groups admit the internet on the listener port the API calls. It finds the balancer through:
- an `HTTP`/`HTTP_PROXY` integration URI built from its `DNSName`;
- an HTTP API private integration whose URI is its listener's ARN;
- a REST VPC link whose `TargetArns` name it;
- a REST `integrationTarget`.

It reads inline `SecurityGroupIngress` and standalone `AWS::EC2::SecurityGroupIngress` rules. It counts
port ranges and `IpProtocol: -1`. It merges CIDRs (`0.0.0.0/1` + `128.0.0.0/1` is the whole of IPv4) and
leaves out the IANA special-purpose ranges, which are not public. It reads only the IP versions the
balancer listens on (`IpAddressType`). An NLB without `SecurityGroups` filters nothing, so it is open.

- **Error**: more than half of the public IPv4 or IPv6 space is admitted (`0.0.0.0/0`, `::/0`, the two
  halves, many /8s), or the NLB has no security groups.
- **Warning**: at least a /8 of public IPv4 (16,777,216 addresses) or a /32 of public IPv6 is admitted,
  but not more than half.
- No finding for smaller ranges, for private ranges, for security-group or prefix-list sources, or for
  values the template does not know. A CIDR given by a parameter is judged by the parameter's `Default`.

The finding points at the rule that opens the port (at the NLB's `Type` when it has no security
groups). It names the API routes the balancer serves.

## Why is this bad?
The API's authorizers, API keys, resource policy, WAF, throttling and request validation all run in API
Gateway. If the load balancer behind the API has a public DNS name and accepts the internet on the port
the API uses, anyone can call the load balancer directly and skip all of them. Make the balancer
`internal` and reach it through a VPC link. If it must stay public, admit only what has to call it.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: shop}
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items}
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: GET
      AuthorizationType: AWS_IAM
      Integration:
        Type: HTTP_PROXY
        IntegrationHttpMethod: GET
        Uri: !Sub https://${Alb.DNSName}/items
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
      SecurityGroups: [!Ref AlbSecurityGroup]
  HttpsListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]
  AlbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ALB
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
```

Use instead:
```yaml
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: shop, ProtocolType: HTTP}
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: GET /items
      AuthorizationType: AWS_IAM
      Target: !Sub integrations/${Integration}
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref HttpApi
      IntegrationType: HTTP_PROXY
      IntegrationMethod: GET
      ConnectionType: VPC_LINK
      ConnectionId: !Ref VpcLink
      IntegrationUri: !Ref HttpsListener
      PayloadFormatVersion: "1.0"
  VpcLink:
    Type: AWS::ApiGatewayV2::VpcLink
    Properties:
      Name: shop
      SubnetIds: [subnet-1, subnet-2]
      SecurityGroupIds: [!Ref VpcLinkSecurityGroup]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internal
      Subnets: [subnet-1, subnet-2]
      SecurityGroups: [!Ref AlbSecurityGroup]
  HttpsListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]
  VpcLinkSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: VPC link}
  AlbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ALB
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: !Ref VpcLinkSecurityGroup}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-private-integration.html
- https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
- https://www.iana.org/assignments/iana-ipv4-special-registry/
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

_BYPASS = "the API's authorizers, resource policy, WAF and throttling"


class LoadBalancerReachableAroundApi(Rule):
    __doc__ = __doc__
    id = "GW501"
    name = "load-balancer-reachable-around-api"
    severity = Severity.ERROR
    summary = "Internet-facing load balancer behind the API admits the internet on its listener port"
    tags = ("security", "network")
    security_severity = 8.0
    joins = "integration + load balancer + listener + security group"

    def check(self, model):
        from gwlint.analysis.exposure import PARTIAL, WORLD, Index, backends, exposures
        index = Index.of(model)
        for backend in backends(model, index):
            balancer = backend.load_balancer
            if balancer.scheme != "internet-facing":
                continue
            # One finding per rule (or per NLB without security groups), covering every port it opens.
            found: dict[str, list] = {}
            for exposure in exposures(backend, index):
                if exposure.level not in (WORLD, PARTIAL):
                    continue
                key = "" if exposure.open_by_default else str(exposure.culprits[0].rule.pointer)
                found.setdefault(key, []).append(exposure)
            for key, items in found.items():
                yield _violation(backend, items)


def _violation(backend, items) -> Violation:
    from gwlint.analysis.exposure import WORLD, describe_public
    balancer = backend.load_balancer
    world = any(item.level == WORLD for item in items)
    ports = ", ".join(item.use.text for item in items)
    if items[0].open_by_default:
        return Violation(
            balancer.pointer / "Properties" / "Type",
            f"internet-facing NLB {balancer.logical_id} has no security groups, so anyone on the internet "
            f"reaches {ports} directly; it is the backend of {backend.routes_text()}, so callers can bypass "
            f"{_BYPASS}",
            severity=Severity.ERROR,
        )
    worst = next(item for item in items if item.level == WORLD) if world else items[0]
    culprit = worst.culprits[0]
    rule = culprit.rule
    others = [entry.text for entry in worst.admissions
              if entry is not culprit and entry.addresses is not None and not (entry.addresses & worst.public).is_empty]
    with_others = f" (with {', '.join(others)} in other rules)" if others else ""
    who = "anyone on the internet" if world else "every host of a wide public range"
    return Violation(
        rule.pointer / culprit.cidr_key,
        f"security group {rule.group or '?'} admits {culprit.text}{with_others} on {ports} of internet-facing "
        f"{backend.name}, the backend of {backend.routes_text()}: {who} ({describe_public(worst.public)}) can "
        f"call the load balancer directly and bypass {_BYPASS}",
        severity=Severity.ERROR if world else Severity.WARNING,
    )
