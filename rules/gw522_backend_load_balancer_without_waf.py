'''## What it does
Flags an internet-facing application load balancer that serves as an API backend (an integration reaches
it by DNS name or listener ARN) when no `AWS::WAFv2::WebACLAssociation` (or
`AWS::WAFRegional::WebACLAssociation`) of the template names it. When an association names a resource the
template cannot read (a parameter, an import), the rule stays quiet.

## Why is this bad?
An internet-facing backend can be called directly, around the API, and the API's WAF (GW607) does not see
those requests. A web ACL on the balancer applies the same protections (managed rule groups, rate limits,
IP sets) to everything that reaches the backend. Better still, make the balancer internal and reach it
through a VPC link.

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
  AlbWaf:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Ref Alb
      WebACLArn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop/abc
```

## References
- https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html
'''

from __future__ import annotations

import re

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

_SUB = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


def named(value, out: set) -> bool:
    """Collect the logical ids an ARN value names; False when it holds something unreadable."""
    if isinstance(value, str):
        return True  # a literal ARN: cannot be one of the template's balancers
    if isinstance(value, dict) and len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref" and isinstance(arg, str):
            out.add(arg)
            return True
        if key == "Fn::GetAtt":
            name = arg[0] if isinstance(arg, list) and arg else arg.split(".")[0] if isinstance(arg, str) else None
            if isinstance(name, str):
                out.add(name)
                return True
        if key == "Fn::Sub":
            text = arg[0] if isinstance(arg, list) and arg else arg
            if isinstance(text, str):
                out.update(_SUB.findall(text))
                return True
    return False


class BackendLoadBalancerWithoutWaf(Rule):
    __doc__ = __doc__
    id = "GW522"
    name = "backend-load-balancer-without-waf"
    severity = Severity.NOTE
    summary = "Internet-facing application load balancer behind an API without a WAF web ACL"
    tags = ("security", "network", "waf")
    security_severity = 3.0
    joins = "integration + load balancer + WAF association"

    def check(self, model):
        from gwlint.analysis.exposure import Index, backends
        index = Index.of(model)
        candidates = [b for b in backends(model, index)
                      if b.load_balancer.type == "application" and b.load_balancer.scheme == "internet-facing"]
        if not candidates:
            return
        protected: set = set()
        for association in model.waf_associations:
            if association.readable:
                continue  # an API Gateway stage
            if not named(association.resource_arn, protected):
                return  # cannot tell which resource it protects
        for backend in candidates:
            if backend.load_balancer.logical_id in protected:
                continue
            yield Violation(backend.load_balancer.pointer, f"internet-facing {backend.name}, the backend of "
                            f"{backend.routes_text()}, has no WAF web ACL: requests that reach it directly, "
                            f"around the API, skip the API's WAF. Associate a WAFv2 web ACL (or make the "
                            f"balancer internal behind a VPC link)", at="key")
