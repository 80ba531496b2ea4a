'''## What it does
Flags a `Deny` in an API Gateway resource policy whose IP condition no client address can meet, so the
`Deny` never applies. The usual case is a `NotIpAddress` list that holds `0.0.0.0/0` (or `::/0`, or halves
that add up to it such as `0.0.0.0/1` + `128.0.0.0/1`): no caller is ever *outside* the list. It reads REST
`Policy`, `x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy` (`IpRangeWhitelist`) and standalone policy
files. For IPv6 it fires only when IPv6 clients can reach the API (a dualstack endpoint, or unknown).

## Why is this bad?
`Allow *` plus `Deny` + `NotIpAddress` is the way to restrict an API to some networks. A catch-all entry,
often added "temporarily" or copied from an example, turns the `Deny` into a no-op: every client of that
address family gets in, and nothing in the console shows it.

## Example
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          IpRangeWhitelist: [198.51.100.0/24, 0.0.0.0/0]
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
          IpRangeWhitelist: [198.51.100.0/24]
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
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class PolicyDenyNeverApplies(Rule):
    __doc__ = __doc__
    id = "GW311"
    name = "policy-deny-never-applies"
    severity = Severity.ERROR
    summary = "Resource-policy Deny whose NotIpAddress list covers every address: the Deny never applies"
    tags = ("security", "resource-policy")
    security_severity = 8.0
    joins = "resource policy + endpoint"

    def check(self, model):
        from gwlint.analysis.iam_policy import DENY_NEVER_APPLIES
        from gwlint.analysis.resource_policies import ipv6_reachable, policy_views, values_text

        for view in policy_views(model):
            for issue in view.issues(DENY_NEVER_APPLIES):
                if issue.data["key"].lower() not in view.address_keys:
                    continue  # aws:SourceIp on a private API (or the reverse): GW314
                families = [f for f in issue.data["families"] if f == 4 or ipv6_reachable(view)]
                if not families:
                    continue
                statement = view.statement_of(issue.path)
                clauses = [c for c in statement.clauses_on(issue.data["key"]) if c.is_ip_test]
                names = " and ".join(f"IPv{f}" for f in families)
                either = " or ".join(f"IPv{f}" for f in families)
                values = [v.value for c in clauses for v in c.values
                          if v.cidr is not None and v.cidr.ok and v.cidr.version in families]
                at_value = issue.path != clauses[0].path if clauses else False
                if at_value:
                    what = f"{self._value_at(statement, issue.path)} covers every {names} address"
                else:
                    what = f"the {issue.data['key']} list ({values_text(values)}) covers every {names} address"
                yield Violation(
                    view.pointer(issue.path),
                    f"{what}, so no {either} caller is outside it: this Deny never applies to {names} callers "
                    f"(it restricts none of them)",
                    at="value" if at_value else "key",
                )

    @staticmethod
    def _value_at(statement, path) -> str:
        for clause in statement.conditions:
            for value in clause.values:
                if value.path == path:
                    return str(value.value)
        return "the list"
