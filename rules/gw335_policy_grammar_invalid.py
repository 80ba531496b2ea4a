'''## What it does
Flags grammar errors of an API Gateway resource policy that the other GW33x rules do not cover: an unknown
element (`Statements`, `effect`, `Conditions`: names are case-sensitive), `Action` with `NotAction` (or
`Principal` with `NotPrincipal`, `Resource` with `NotResource`) in one statement, a `Statement` or
`Condition` of the wrong shape, a principal that is neither `"*"` nor an object such as `{"AWS": [...]}`,
an `Action` or `Resource` that is not a string, an unknown condition operator, a condition value that is
not a scalar, and a policy string that is not JSON. It reads REST `Policy`, `x-amazon-apigateway-policy`,
SAM `Auth.ResourcePolicy` (`CustomStatements`) and standalone policy files.

## Why is this bad?
API Gateway rejects a policy that does not follow the IAM policy grammar when the API is created or
updated ("Invalid policy document"), so the deployment fails.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Conditions:
              IpAddress: {aws:SourceIp: 203.0.113.0/24}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              IpAddress: {aws:SourceIp: 203.0.113.0/24}
```

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

#: iam_policy issue codes (spelled out: the analysis modules are imported when the rule runs).
CODES = ("invalid-json", "invalid-shape", "unknown-element", "conflicting-elements", "unknown-operator",
         "invalid-value")
_AT_KEY = ("unknown-element", "conflicting-elements", "unknown-operator")


class PolicyGrammarInvalid(Rule):
    __doc__ = __doc__
    id = "GW335"
    name = "policy-grammar-invalid"
    severity = Severity.ERROR
    summary = "Resource policy that does not follow the IAM policy grammar"
    tags = ("correctness", "resource-policy")
    joins = "resource policy"

    def check(self, model):
        from gwlint.analysis.resource_policies import policy_views

        for view in policy_views(model):
            for issue in view.policy.problems:
                if issue.code not in CODES or _unresolved(_at(view.element.evaluable, issue.path)):
                    continue
                yield Violation(view.pointer(issue.path),
                                f"{issue.message} in the policy of {view.name}: API Gateway rejects the policy",
                                at="key" if issue.code in _AT_KEY else "value")


def _at(node, path):
    if isinstance(node, (str, bytes)):
        return None
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _unresolved(value):
    if isinstance(value, str):
        return "${" in value
    if isinstance(value, dict):
        return any(isinstance(key, str) and (key == "Ref" or key.startswith("Fn::")) for key in value)
    return False
