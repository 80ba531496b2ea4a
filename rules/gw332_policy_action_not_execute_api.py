'''## What it does
Flags an `Action` (or `NotAction`) of an API Gateway resource policy that is not an `execute-api` action:
another service's action (`lambda:InvokeFunction`, `apigateway:GET`, `s3:GetObject`), an `execute-api`
action that does not exist (`execute-api:Call`), or text that is not an action at all. `*`,
`execute-api:*`, `execute-api:Invoke`, `execute-api:InvalidateCache` and `execute-api:ManageConnections`
(any case, with wildcards) are fine. It reads REST `Policy`, `x-amazon-apigateway-policy`, SAM
`Auth.ResourcePolicy` (`CustomStatements`) and standalone policy files.

## Why is this bad?
An API resource policy is only ever asked about `execute-api` actions. A statement about another service
does nothing: an `Allow` of `lambda:InvokeFunction` admits no caller (with `AuthorizationType: NONE`, the
callers it was meant for get 403), a `Deny` of it blocks nobody. `apigateway:*` actions are the management
API, governed by IAM identity policies, not by the API's resource policy.

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
            Action: lambda:InvokeFunction
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
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-policy-language-overview.html
'''

from __future__ import annotations

import fnmatch
import re

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

ACTIONS = ("Invoke", "InvalidateCache", "ManageConnections")
_SHAPE = re.compile(r"^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+$")


class PolicyActionNotExecuteApi(Rule):
    __doc__ = __doc__
    id = "GW332"
    name = "policy-action-not-execute-api"
    severity = Severity.WARNING
    summary = "Action in an API resource policy that is not an execute-api action"
    tags = ("correctness", "resource-policy")
    joins = "resource policy"

    def check(self, model):
        from gwlint.analysis.resource_policies import policy_views

        for view in policy_views(model):
            for statement in view.policy.statements:
                element = "NotAction" if statement.actions_negated else "Action"
                for value in statement.actions or ():
                    problem = _problem(value.value)
                    if problem is None:
                        continue
                    effect = {"Allow": "allows nothing", "Deny": "denies nothing"}.get(statement.effect, "does nothing")
                    if statement.actions_negated:
                        effect = "excludes nothing from the statement"
                    yield Violation(view.pointer(value.path),
                                    f"{element} {value.value!r} in the policy of {view.name} {problem}: API Gateway "
                                    f"only asks the policy about execute-api actions, so this entry {effect}",
                                    at="value")


def _problem(action):
    if not isinstance(action, str) or "${" in action or action.strip() == "*":
        return None
    if not _SHAPE.match(action.strip()):
        return "is not an action (service:Name)"
    service, name = action.strip().split(":", 1)
    if service.lower() != "execute-api":
        if fnmatch.fnmatchcase("execute-api", service.lower()):
            return None  # a wildcard service such as "execute-*"
        return f"is an action of {service}, not of execute-api"
    if any(fnmatch.fnmatchcase(known.lower(), name.lower()) for known in ACTIONS):
        return None
    return f"names no execute-api action (execute-api has {', '.join(ACTIONS)})"
