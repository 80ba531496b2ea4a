'''## What it does
Flags an `Allow` to `Principal: "*"` (or `{"AWS": "*"}`) without any `Condition` in the resource policy of a
public (`REGIONAL` / `EDGE`) REST API, when nothing else in the policy narrows it. The rule evaluates the
policy for each method:

- a method without authorization (`NONE`) is then open to anyone on the internet;
- an `AWS_IAM` method accepts signed requests from principals of *any* AWS account (cross-account access
  needs the resource policy's Allow, and this one gives it to everyone).

It says nothing when the policy has a `Deny` for the same callers (an IP allow-list as `Deny` +
`NotIpAddress`, a VPC-endpoint restriction, a block list...; GW310, GW311 and GW314 say when such a `Deny`
does not work), for methods with a Lambda or Cognito authorizer
(there `Allow *` is the required companion of the authorizer), and for private APIs. A standalone policy
file counts as attached to a public API whose methods have no authorization.

## Why is this bad?
An unconditioned `Allow *` is often left over from an example, or kept after the restriction it came with
was removed. Then the resource policy grants everything. Nothing shows that, because the policy is still
there.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: internal-tools
      EndpointConfiguration: {Types: [REGIONAL]}
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: internal-tools
      EndpointConfiguration: {Types: [REGIONAL]}
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
          - Effect: Deny
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              NotIpAddress: {aws:SourceIp: [1.2.3.0/24]}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class PolicyAllowsEveryone(Rule):
    __doc__ = __doc__
    id = "GW318"
    name = "policy-allows-everyone-unconditionally"
    severity = Severity.WARNING
    summary = 'Resource policy allows Principal "*" without a condition on a public API'
    tags = ("security", "resource-policy")
    security_severity = 5.0
    joins = "resource policy + endpoint + method authorization"

    def check(self, model):
        from gwlint.analysis.iam_policy import PRINCIPAL_STAR_UNCONDITIONED
        from gwlint.analysis.resource_policies import policy_views

        for view in policy_views(model):
            if view.endpoint_type == "PRIVATE":
                continue
            for issue in view.issues(PRINCIPAL_STAR_UNCONDITIONED):
                statement = view.statement_of(issue.path)
                open_to: dict[str, list] = {"anonymous": [], "accounts": []}
                for target in view.targets:
                    if target.policy_decides:
                        options, group = {"authorization": "NONE"}, "anonymous"
                    elif target.authorization == "AWS_IAM":
                        options, group = {"cross_account": True}, "accounts"
                    else:
                        continue  # an authorizer decides; Allow * is what it needs
                    access = view.evaluate(target, **options)
                    applies = any(s.statement is statement for s in access.allow_statements)
                    # Any Deny that may concern this caller is a restriction the author meant (GW311, GW314
                    # and GW310 say when it does not work).
                    if applies and not view.denied_by_some_statement(target, **options):
                        open_to[group].append(target)
                if open_to["anonymous"] or open_to["accounts"]:
                    yield Violation(view.pointer(issue.path), self._message(view, open_to))

    @staticmethod
    def _message(view, open_to) -> str:
        from gwlint.analysis.resource_policies import routes_text

        parts = []
        if open_to["anonymous"]:
            if view.api is None:
                parts.append("anyone on the internet may invoke the API this policy is attached to, unless "
                             "its methods use an authorizer")
            else:
                parts.append(f"anyone on the internet may invoke {routes_text(open_to['anonymous'])} of "
                             f"{view.name} (no authorization)")
        if open_to["accounts"]:
            parts.append(f"IAM principals of any AWS account may invoke {routes_text(open_to['accounts'])} "
                         f"of {view.name} (AWS_IAM)")
        return 'Allow to Principal "*" without a Condition, and no Deny of the policy covers these callers: ' + "; ".join(parts)
