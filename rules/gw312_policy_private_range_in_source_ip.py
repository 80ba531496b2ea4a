'''## What it does
Flags private and other non-public ranges (`10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, `100.64.0.0/10`,
`fc00::/7`, loopback, link-local...) in `aws:SourceIp` conditions of an API Gateway resource policy, at the
value. It reads REST `Policy`, `x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy` (`IpRangeWhitelist`,
`IpRangeBlacklist`) and standalone policy files. The non-public space comes from the IANA special-purpose
registries, kept in gwlint. Documentation ranges (`192.0.2.0/24`, `198.51.100.0/24`, `203.0.113.0/24`,
`2001:db8::/32`) are reported too: they are placeholders that were never replaced. A value that merely
contains such blocks, like `0.0.0.0/0`, is not reported (GW310 judges how wide it is).

It is an error when every value of the list is non-public, because the condition is then constant: an
`IpAddress` condition never matches, and a `NotIpAddress` condition always matches. So a
`Deny` + `NotIpAddress` list of private ranges locks every caller out. It is a warning when only some values
are non-public; those values do nothing. On a private API, `aws:SourceIp` is not there at all (GW314).

## Why is this bad?
API Gateway sees the public address a request comes from: the client's, or its NAT gateway's. A request
that comes through a VPC endpoint has no `aws:SourceIp` at all. A private range in `aws:SourceIp` is
therefore never matched. Most often the author meant "our VPC", which is `aws:SourceVpc` /
`aws:SourceVpce` (on a private API), or `aws:VpcSourceIp` for addresses inside the VPC.

## Example
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          IpRangeWhitelist: [10.0.0.0/8]
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
          IpRangeWhitelist: [5.6.7.0/24]
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
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-private-ip-address
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-aws-condition-keys.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class PolicyPrivateRangeInSourceIp(Rule):
    __doc__ = __doc__
    id = "GW312"
    name = "policy-private-range-in-source-ip"
    severity = Severity.ERROR
    summary = "Private or reserved range in aws:SourceIp: API Gateway never sees those addresses"
    tags = ("correctness", "resource-policy")
    security_severity = 5.0
    joins = "resource policy"

    def check(self, model):
        from gwlint.analysis.iam_policy import PRIVATE_RANGE_IN_SOURCE_IP
        from gwlint.analysis.resource_policies import clause_unresolved, policy_views

        for view in policy_views(model):
            if view.endpoint_type == "PRIVATE":
                continue  # aws:SourceIp is absent there altogether: GW314
            for issue in view.issues(PRIVATE_RANGE_IN_SOURCE_IP):
                clause = _clause_of(view.statement_of(issue.path), issue.path)
                value = next((v for v in clause.values if v.path == issue.path), None) if clause else None
                if value is None or not _mostly_special(value.cidr.as_ipset()):
                    continue  # ::/0 or 0.0.0.0/0 merely contain special blocks: GW310's business
                constant = issue.data["clause_only_private"] and clause is not None and not clause_unresolved(clause)
                yield Violation(view.pointer(issue.path), _message(issue, view.label(value), constant), at="value",
                                severity=None if constant else Severity.WARNING)


def _special_space(version: int):
    from gwlint.analysis.cidr import IPV4_MULTICAST, IPV4_SPECIAL_PURPOSE, IPV6_SPECIAL_PURPOSE, AddressSet

    table = IPV4_SPECIAL_PURPOSE + (IPV4_MULTICAST,) if version == 4 else IPV6_SPECIAL_PURPOSE
    return AddressSet.of(*(block.cidr for block in table if block.globally_reachable is not True)) - \
        AddressSet.of(*(block.cidr for block in table if block.globally_reachable is True))


_SPECIAL = {}


def _mostly_special(addresses) -> bool:
    """At least half of the value lies in IANA special-purpose blocks (private, shared, documentation...).
    Unallocated IPv6 outside 2000::/3 does not count: ``::/0`` is "every address", not a private range."""
    for version in (4, 6):
        family = addresses.family(version)
        if family.is_empty:
            continue
        if version not in _SPECIAL:
            _SPECIAL[version] = _special_space(version)
        return 2 * (family & _SPECIAL[version]).size >= family.size
    return False


def _clause_of(statement, path):
    for clause in statement.conditions if statement is not None else ():
        if tuple(path[:len(clause.path)]) == clause.path:
            return clause
    return None


def _message(issue, value, constant: bool) -> str:
    blocks = issue.data["blocks"][:3] + (["..."] if len(issue.data["blocks"]) > 3 else [])
    text = str(value) if value is not None else "this value"
    documentation = all("Documentation" in block for block in blocks)
    if documentation:
        head = f"{text} is a documentation range ({'; '.join(blocks)}), never a real client address"
    else:
        head = (f"{text} in aws:SourceIp is non-public space ({'; '.join(blocks)}): API Gateway only sees "
                f"public source addresses there (for addresses inside a VPC, use aws:VpcSourceIp on a private API)")
    if not constant:
        return head + ": this entry matches nobody"
    effect, operator = issue.data["effect"], issue.data["operator"]
    if operator == "NotIpAddress":
        consequence = ("this Deny applies to every caller and locks everyone out" if effect == "Deny"
                       else "this Allow applies to every caller")
    else:
        consequence = "this Deny never applies" if effect == "Deny" else "this Allow never applies"
    return f"{head}. The whole list is non-public, so {consequence}"
