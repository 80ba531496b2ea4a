'''## What it does
Flags an IP range in a resource-policy condition (`aws:SourceIp`, `aws:VpcSourceIp`) whose address has bits
set after the prefix, such as `203.0.113.5/24`, at the value. It reads REST `Policy`,
`x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy` and standalone policy files.

## Why is this bad?
IAM ignores the bits after the prefix: `203.0.113.5/24` means all of `203.0.113.0/24`, 256 addresses. The
author usually meant the single host `203.0.113.5/32`. The other reading is a range written carelessly.
Either way, the policy admits (or exempts from a `Deny`) more than it seems to.

## Example
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          IpRangeWhitelist: [203.0.113.5/24]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      InlineCode: "def handler(event, context): return {}"
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          IpRangeWhitelist: [203.0.113.5/32]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      InlineCode: "def handler(event, context): return {}"
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}
```

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-improve-ip-range
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class PolicyCidrHostBits(Rule):
    __doc__ = __doc__
    id = "GW315"
    name = "policy-cidr-host-bits"
    severity = Severity.WARNING
    summary = "IP range with host bits set in a resource policy: IAM reads the whole network"
    tags = ("correctness", "resource-policy")
    joins = "resource policy"

    def check(self, model):
        from gwlint.analysis.cidr import HOST_BITS, format_count
        from gwlint.analysis.iam_policy import CIDR_PREFIX
        from gwlint.analysis.resource_policies import policy_views

        for view in policy_views(model):
            for issue in view.issues(CIDR_PREFIX + HOST_BITS):
                network = issue.data["network"]
                count = format_count(network.num_addresses)
                host = _host(issue.data["value"])
                single = f", or {host}/{network.max_prefixlen} for the single address" if host else ""
                yield Violation(view.pointer(issue.path),
                                f"{_label(view, issue)} has host bits set: IAM ignores them and reads {network} "
                                f"({count} addresses); write {network} for the range{single}",
                                at="value")


def _host(value) -> str | None:
    import ipaddress

    try:
        return str(ipaddress.ip_address(str(value).strip().partition("/")[0]))
    except ValueError:
        return None


def _label(view, issue) -> str:
    value = view.value_at(issue.path)
    return view.label(value) if value is not None else str(issue.data["value"])
