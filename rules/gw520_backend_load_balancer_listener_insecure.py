'''## What it does
Flags a listener of a load balancer that serves as an API backend (an integration reaches it by DNS name,
listener ARN or VPC link) when the listener is plain `HTTP` on an internet-facing balancer and does not
just redirect to HTTPS, or when its `SslPolicy` (HTTPS or TLS) still accepts TLS 1.0 or 1.1
(`ELBSecurityPolicy-2016-08`, `ELBSecurityPolicy-TLS-1-1-2017-01`, `ELBSecurityPolicy-TLS13-1-0-2021-06`...).
Plain HTTP on an internal balancer behind a VPC link is not flagged: that traffic stays in the VPC. A
listener without `SslPolicy`, or with one written with an intrinsic, is not flagged.

## Why is this bad?
The backend listener carries the requests the API forwards, with their tokens and bodies. On an
internet-facing balancer, a plain HTTP listener sends them in clear text across the internet and offers
everyone else a clear-text way in. TLS 1.0 and 1.1 are deprecated (RFC 8996) and have known weaknesses;
API Gateway itself speaks TLS 1.2 to backends, so only other clients use the old versions.

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
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-2016-08
      Certificates: [{CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc}]
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]
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
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
      Certificates: [{CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc}]
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]
```

## References
- https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
- https://www.rfc-editor.org/rfc/rfc8996
'''

from __future__ import annotations

import re

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

#: Predefined ELB policies that accept TLS 1.0 or 1.1 (names without a "1-0"/"1-1" version part).
LEGACY = frozenset(s.lower() for s in (
    "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-FS-2018-06",
    "ELBSecurityPolicy-2015-03", "ELBSecurityPolicy-2015-02", "ELBSecurityPolicy-2014-10",
    "ELBSecurityPolicy-2014-01", "ELBSecurityPolicy-2011-08",
))
_OLD_VERSION = re.compile(r"(?:^|-)1-[01](?:-|$)")


def weak_policy(name) -> bool:
    if not isinstance(name, str):
        return False
    lower = name.strip().lower()
    return lower in LEGACY or lower.startswith("elbsecuritypolicy") and bool(_OLD_VERSION.search(lower))


def redirects_to_https(actions) -> bool:
    if not isinstance(actions, list) or not actions:
        return False
    for action in actions:
        if not isinstance(action, dict):
            return False
        config = action.get("RedirectConfig")
        kind = action.get("Type")
        if kind == "redirect" and isinstance(config, dict) and str(config.get("Protocol", "")).upper() == "HTTPS":
            continue
        if kind == "fixed-response" or kind == "authenticate-oidc" or kind == "authenticate-cognito":
            continue  # answers by itself, forwards nothing in clear text
        return False
    return True


class BackendLoadBalancerListenerInsecure(Rule):
    __doc__ = __doc__
    id = "GW520"
    name = "backend-load-balancer-listener-insecure"
    severity = Severity.WARNING
    summary = "Listener of an API backend load balancer on plain HTTP (internet-facing) or with a TLS 1.0/1.1 policy"
    tags = ("security", "network", "tls")
    security_severity = 5.0
    joins = "integration + load balancer + listener"

    def check(self, model):
        from gwlint.analysis.exposure import Index, backends
        index = Index.of(model)
        for backend in backends(model, index):
            balancer = backend.load_balancer
            for listener in index.listeners_by_balancer.get(balancer.logical_id, ()):
                protocol = listener.protocol.upper() if isinstance(listener.protocol, str) else None
                if protocol == "HTTP" and balancer.scheme == "internet-facing" \
                        and not redirects_to_https(listener.default_actions):
                    yield Violation(listener.pointer / "Properties" / "Protocol",
                                    f"listener {listener.logical_id} of internet-facing {backend.name}, the backend of "
                                    f"{backend.routes_text()}, is plain HTTP: requests and tokens cross the internet "
                                    f"in clear text. Use HTTPS, or redirect HTTP to HTTPS", at="value")
                elif protocol in ("HTTPS", "TLS") and weak_policy(listener.ssl_policy):
                    yield Violation(listener.pointer / "Properties" / "SslPolicy",
                                    f"listener {listener.logical_id} of {backend.name}, the backend of "
                                    f"{backend.routes_text()}, uses {listener.ssl_policy}, which accepts TLS 1.0 or "
                                    f"1.1; use ELBSecurityPolicy-TLS13-1-2-2021-06 (API Gateway speaks TLS 1.2)",
                                    at="value")
