'''## What it does
Flags a custom domain name or API whose TLS security policy still accepts TLS 1.0 (`TLS_1_0`), on
`AWS::ApiGateway::DomainName`, `AWS::ApiGatewayV2::DomainName`, a SAM `Domain`, a REST API's
`SecurityPolicy`, or `x-amazon-apigateway-security-policy`.

## Why is this bad?
TLS 1.0 (and 1.1, which `TLS_1_0` also allows) have known weaknesses and are rejected by current
compliance baselines (PCI DSS, NIST SP 800-52r2). Clients that can do TLS 1.2 gain nothing from it.

## Example
```yaml
Resources:
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      SecurityPolicy: TLS_1_0
```

Use instead:
```yaml
Resources:
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      SecurityPolicy: TLS_1_2
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class Tls10SecurityPolicy(Rule):
    __doc__ = __doc__
    id = "GW601"
    name = "tls-1-0-security-policy"
    severity = Severity.WARNING
    summary = "Custom domain or API accepts TLS 1.0"
    tags = ("security", "tls")
    security_severity = 5.0

    def check(self, model):
        for domain in model.domain_names:
            if _allows_tls10(domain.security_policy) and domain.security_policy_pointer is not None:
                yield Violation(domain.security_policy_pointer,
                                f"custom domain {domain.logical_id} uses security policy {domain.security_policy}, "
                                "which accepts TLS 1.0 and 1.1: use TLS_1_2", at="value")
        for api in model.apis:
            if _allows_tls10(api.security_policy) and api.security_policy_pointer is not None:
                yield Violation(api.security_policy_pointer,
                                f"API {api.display} uses security policy {api.security_policy}, which accepts "
                                "TLS 1.0 and 1.1: use TLS_1_2", at="value")


def _allows_tls10(policy: str | None) -> bool:
    return isinstance(policy, str) and policy.upper() == "TLS_1_0"
