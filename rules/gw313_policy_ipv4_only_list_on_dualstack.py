'''## What it does
Flags an IP condition in the resource policy of a dualstack API (`IpAddressType: dualstack`) that lists
only IPv4 ranges, when that lets every IPv6 client through:

- a `Deny` + `IpAddress` block list (SAM `IpRangeBlacklist`): IPv6 clients are never in it, so they are
  never denied;
- an `Allow` + `NotIpAddress` list: IPv6 clients are never in it, so they are all allowed.

It reads REST `Policy`, `x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy` and standalone policy files
attached to an API whose `EndpointConfiguration` says `IpAddressType: dualstack`. The usual allow-list shape,
`Deny` + `NotIpAddress` with IPv4 ranges only, is not flagged: it denies IPv6 clients, which is safe.

## Why is this bad?
A block list written before the API went dualstack keeps working for IPv4 and silently stops working for
IPv6: a blocked client only has to connect over IPv6.

## Example
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration: {Type: REGIONAL, IpAddressType: dualstack}
      Auth:
        ResourcePolicy:
          IpRangeBlacklist: [1.2.3.0/24]
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
      EndpointConfiguration: {Type: REGIONAL, IpAddressType: dualstack}
      Auth:
        ResourcePolicy:
          IpRangeBlacklist: [1.2.3.0/24, "2600:1f18:1234::/48"]
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
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-ip-address-type.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class PolicyIpv4OnlyListOnDualstack(Rule):
    __doc__ = __doc__
    id = "GW313"
    name = "policy-ipv4-only-list-on-dualstack"
    severity = Severity.ERROR
    summary = "IPv4-only IP block list in the resource policy of a dualstack API: IPv6 clients pass"
    tags = ("security", "resource-policy")
    security_severity = 6.0
    joins = "resource policy + endpoint"

    def check(self, model):
        from gwlint.analysis.iam_policy import IPV4_ONLY_IP_LIST
        from gwlint.analysis.resource_policies import clause_unresolved, policy_views

        for view in policy_views(model):
            if view.dualstack is not True:
                continue
            for issue in view.issues(IPV4_ONLY_IP_LIST):
                statement = view.statement_of(issue.path)
                clause = next((c for c in statement.conditions if c.path == issue.path), None)
                if clause is None or clause_unresolved(clause) or clause.key_lower not in view.address_keys:
                    continue
                if issue.data["effect"] == "Deny":
                    what = "every IPv6 client passes this Deny"
                else:
                    what = "this Allow admits every IPv6 client"
                yield Violation(view.pointer(issue.path),
                                f"{clause.key} {clause.operator.text} lists only IPv4 ranges on dualstack "
                                f"{view.name}: {what}; add the IPv6 ranges")
