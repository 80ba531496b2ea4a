'''## What it does
Flags a statement of an API Gateway resource policy whose `Effect` is missing or is not exactly `Allow` or
`Deny` (`allow`, `Permit`, a list...), at the `Effect` value or at the statement when it has none. It reads
REST `Policy`, `x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy` (`CustomStatements`) and standalone
policy files. A value that comes from a parameter without a default, or from another resource, is not
checked.

## Why is this bad?
`Effect` is required and case-sensitive. API Gateway rejects a policy with a statement without a valid
`Effect` when the API is created or updated, so the deployment fails.

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
          - Effect: allow
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
      Name: orders
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
```

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-policy-language-overview.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class PolicyEffectInvalid(Rule):
    __doc__ = __doc__
    id = "GW330"
    name = "policy-effect-invalid"
    severity = Severity.ERROR
    summary = "Resource policy statement without a valid Effect (Allow or Deny)"
    tags = ("correctness", "resource-policy")
    joins = "resource policy"

    def check(self, model):
        from gwlint.analysis.iam_policy import INVALID_EFFECT
        from gwlint.analysis.resource_policies import policy_views

        for view in policy_views(model):
            for issue in view.policy.problems:
                if issue.code != INVALID_EFFECT:
                    continue
                statement = _raw_statement(view, issue.path[:-1])
                if not isinstance(statement, dict):
                    continue
                if "Effect" not in statement:
                    yield Violation(view.pointer(issue.path[:-1]),
                                    f"statement of {view.name} has no Effect: API Gateway rejects the policy "
                                    f"(add Effect: Allow or Effect: Deny)", at="key")
                    continue
                effect = statement["Effect"]
                if isinstance(effect, str) and "${" in effect or isinstance(effect, dict):
                    continue  # a parameter without Default, an attribute: unknown here
                hint = ""
                if isinstance(effect, str) and effect.strip().lower() in ("allow", "deny"):
                    hint = f" (write {effect.strip().capitalize()}: the value is case-sensitive)"
                yield Violation(view.pointer(issue.path),
                                f"Effect {effect!r} in a statement of {view.name} is neither Allow nor Deny: API "
                                f"Gateway rejects the policy{hint}", at="value")


def _raw_statement(view, path):
    node = view.element.evaluable
    if isinstance(node, (str, bytes)):
        import json
        try:
            node = json.loads(node)
        except ValueError:
            return None
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node
