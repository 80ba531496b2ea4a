'''## What it does
Flags a security-group rule of an internal load balancer that admits a CIDR on the listener port the API
uses, when the API reaches that balancer through a VPC link V2. That covers an HTTP API private
integration, or a REST integration with `integrationTarget`. The VPC link's security group is what
should be admitted. The rule also fires when the CIDR rule sits beside a rule that admits the VPC link's
group, because the CIDR still lets everything in the range in. It only reads balancers that have
security groups. REST VPC links (V1, to an NLB) have no security group of their own, so they are left out.

## Why is this bad?
An internal balancer cannot be reached from the internet. Everything inside the admitted range can still
reach it, though: other workloads in the VPC, peered VPCs, VPN and Direct Connect networks. All of them
skip the API's authorizers, throttling and logging. A VPC link V2 has its own security groups. Admit only
those on the balancer, and only the API reaches it.

## Example
```yaml
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: orders, ProtocolType: HTTP}
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: ANY /{proxy+}
      Target: !Sub integrations/${Integration}
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref HttpApi
      IntegrationType: HTTP_PROXY
      IntegrationMethod: ANY
      ConnectionType: VPC_LINK
      ConnectionId: !Ref VpcLink
      IntegrationUri: !Ref Listener
      PayloadFormatVersion: "1.0"
  VpcLink:
    Type: AWS::ApiGatewayV2::VpcLink
    Properties:
      Name: orders
      SubnetIds: [subnet-1, subnet-2]
      SecurityGroupIds: [!Ref VpcLinkSecurityGroup]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internal
      Subnets: [subnet-1, subnet-2]
      SecurityGroups: [!Ref AlbSecurityGroup]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]
  VpcLinkSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: VPC link}
  AlbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ALB
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/16}
```

Use instead:
```yaml
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: orders, ProtocolType: HTTP}
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: ANY /{proxy+}
      Target: !Sub integrations/${Integration}
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref HttpApi
      IntegrationType: HTTP_PROXY
      IntegrationMethod: ANY
      ConnectionType: VPC_LINK
      ConnectionId: !Ref VpcLink
      IntegrationUri: !Ref Listener
      PayloadFormatVersion: "1.0"
  VpcLink:
    Type: AWS::ApiGatewayV2::VpcLink
    Properties:
      Name: orders
      SubnetIds: [subnet-1, subnet-2]
      SecurityGroupIds: [!Ref VpcLinkSecurityGroup]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internal
      Subnets: [subnet-1, subnet-2]
      SecurityGroups: [!Ref AlbSecurityGroup]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]
  VpcLinkSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: VPC link}
  AlbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ALB
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, SourceSecurityGroupId: !Ref VpcLinkSecurityGroup}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-links-v2.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class InternalLoadBalancerAdmitsCidr(Rule):
    __doc__ = __doc__
    id = "GW503"
    name = "internal-load-balancer-admits-cidr"
    severity = Severity.NOTE
    summary = "Internal load balancer behind a VPC link admits a CIDR instead of the VPC link's security group"
    tags = ("security", "network")
    security_severity = 3.0
    joins = "integration + VPC link + load balancer + security group"

    def check(self, model):
        from gwlint.analysis.exposure import Index, admissions, backends, rule_admits_port
        index = Index.of(model)
        for backend in backends(model, index):
            balancer = backend.load_balancer
            links = [link for link in backend.vpc_links if link.kind is ApiKind.HTTP]
            if balancer.scheme != "internal" or not links or not index.groups_of(balancer):
                continue
            link_groups = {group for link in links for group in link.targets if group in index.security_groups}
            found: dict[str, tuple] = {}
            for use in backend.ports:
                also_link = any(rule.source_group_ref in link_groups and rule_admits_port(rule, use)
                                for group in index.groups_of(balancer) for rule in index.rules_by_group.get(group, ()))
                for entry in admissions(balancer, use, index):
                    key = str(entry.rule.pointer)
                    if key not in found:
                        found[key] = (entry, [], also_link)
                    found[key][1].append(use.text)
            for entry, ports, also_link in found.values():
                yield Violation(entry.rule.pointer / entry.cidr_key,
                                _message(backend, links, link_groups, entry, ports, also_link))


def _message(backend, links, link_groups, entry, ports, also_link) -> str:
    balancer = backend.load_balancer
    link_names = ", ".join(link.logical_id for link in links)
    groups = sorted(link_groups | {text for link in links for text in link.external_targets})
    head = (f"security group {entry.rule.group or '?'} of internal {backend.name} admits {entry.text} on "
            f"{', '.join(ports)}")
    effect = (f"whatever in that range can route to the VPC (other workloads, peered VPCs, VPN) reaches the "
              f"backend of {backend.routes_text()} without going through the API")
    if not groups:
        return (f"{head}; VPC link {link_names} names no security group (it gets the VPC's default group): "
                f"{effect}. Give the VPC link a security group and admit only that group on {balancer.logical_id}")
    names = ", ".join(groups)
    if also_link:
        return (f"{head} besides the VPC link's security group {names}: {effect}; admitting {names} is enough")
    return f"{head} instead of the VPC link's security group {names}: {effect}. Admit {names} instead"
