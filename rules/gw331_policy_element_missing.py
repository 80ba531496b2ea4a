'''## What it does
Flags a statement of an API Gateway resource policy that lacks a required element: `Action` (or
`NotAction`), `Principal` (or `NotPrincipal`), or `Resource` (or `NotResource`), and a policy without
`Statement`. It reads REST `Policy`, `x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy`
(`CustomStatements`) and standalone policy files.

## Why is this bad?
A resource policy names who it is about: unlike an identity policy, every statement needs a `Principal`.
`Action` and `Resource` are required in every statement. API Gateway rejects such a policy ("Invalid policy
document") when the API is created or updated, so the deployment fails.

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
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-policy-language-overview.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

_WHY = {
    "Principal": "a resource policy must say whom a statement is about",
    "Action": "a statement must name the actions it is about (execute-api:Invoke)",
    "Resource": "a statement must name the methods it is about (execute-api:/*)",
}


class PolicyElementMissing(Rule):
    __doc__ = __doc__
    id = "GW331"
    name = "policy-element-missing"
    severity = Severity.ERROR
    summary = "Resource policy statement without Action, Principal or Resource, or policy without Statement"
    tags = ("correctness", "resource-policy")
    joins = "resource policy"

    def check(self, model):
        from gwlint.analysis.iam_policy import MISSING_ELEMENT
        from gwlint.analysis.resource_policies import policy_views

        for view in policy_views(model):
            for issue in view.policy.problems:
                if issue.code != MISSING_ELEMENT:
                    continue
                element = next((name for name in _WHY if f"no {name} " in issue.message), None)
                if element is None:
                    message = f"the policy of {view.name} has no Statement: API Gateway rejects it"
                else:
                    message = (f"statement of {view.name} has no {element} or Not{element}: {_WHY[element]}, "
                               f"and API Gateway rejects the policy")
                yield Violation(view.pointer(issue.path), message, at="key")
