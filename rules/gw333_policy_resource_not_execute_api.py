'''## What it does
Flags a `Resource` (or `NotResource`) of an API Gateway resource policy that is neither `*`, an
`execute-api` ARN (`arn:aws:execute-api:region:account:api-id/stage/VERB/path`) nor the shorthand
`execute-api:/stage/VERB/path`: another service's ARN (`arn:aws:lambda:...`, `arn:aws:apigateway:...`), a
bare path (`/prod/GET/items`). Other `execute-api:` forms (`execute-api:*/*/*`, which API Gateway expands
with the API's ARN) are not flagged. It reads REST `Policy`,
`x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy` (`CustomStatements`) and standalone policy files.
A value that starts with an unknown part (a parameter without a default, an attribute) is not checked.

## Why is this bad?
API Gateway matches the policy's resources against the ARN of the method being called
(`arn:aws:execute-api:...`). Any other resource matches no request, so the statement does nothing: an
`Allow` admits nobody, a `Deny` blocks nobody.

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
            Resource: arn:aws:apigateway:us-east-1::/restapis/*
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
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
'''

from __future__ import annotations

import re

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

_ARN = re.compile(r"^arn:[^:]*:execute-api:[^:]*:[^:]*:.+$")
_SHORTHAND = re.compile(r"^execute-api:")
_OTHER_ARN = re.compile(r"^arn:[^:]*:([^:]*):")


class PolicyResourceNotExecuteApi(Rule):
    __doc__ = __doc__
    id = "GW333"
    name = "policy-resource-not-execute-api"
    severity = Severity.WARNING
    summary = "Resource in an API resource policy that is not an execute-api ARN or execute-api:/ form"
    tags = ("correctness", "resource-policy")
    joins = "resource policy"

    def check(self, model):
        from gwlint.analysis.resource_policies import policy_views

        for view in policy_views(model):
            for statement in view.policy.statements:
                element = "NotResource" if statement.resources_negated else "Resource"
                for value in statement.resources or ():
                    problem = _problem(value.value)
                    if problem is None:
                        continue
                    yield Violation(view.pointer(value.path),
                                    f"{element} {value.value!r} in the policy of {view.name} {problem}: it matches "
                                    f"no method of the API, so this entry does nothing (write "
                                    f"execute-api:/STAGE/VERB/PATH or arn:aws:execute-api:REGION:ACCOUNT:API/...)",
                                    at="value")


def _problem(resource):
    if not isinstance(resource, str) or resource.startswith("${") or resource.strip() == "*":
        return None
    resource = re.sub(r"\$\{[^}]*\}", "${x}", resource)  # a pseudo parameter may hold ':'
    if _ARN.match(resource) or _SHORTHAND.match(resource):
        return None
    other = _OTHER_ARN.match(resource)
    if other:
        if "${" in other.group(1) or "*" in other.group(1) or other.group(1).lower() == "execute-api":
            return None
        return f"is an ARN of {other.group(1) or 'no service'}, not of execute-api"
    if "${" in resource.split("/", 1)[0] or "${" in resource.split(":", 1)[0]:
        return None
    return "is not an ARN"
