'''## What it does
Flags an `AWS::Lambda::Permission` whose principal is wrong for API Gateway:

- `Principal: "*"` (or `{AWS: "*"}`) with no `SourceArn`, `SourceAccount` or `PrincipalOrgID`: anyone
  may invoke the function. Permissions for a function URL (`FunctionUrlAuthType` set) are left alone:
  a public URL needs `*` (cfn_nag F13 flags those, stelligent/cfn_nag#614).
- A `SourceArn` on `execute-api` (an API Gateway ARN) with a principal other than
  `apigateway.amazonaws.com`, for example `execute-api.amazonaws.com`, `lambda.amazonaws.com` or an
  account id: API Gateway invokes as `apigateway.amazonaws.com`, so the permission never applies.

## Why is this bad?
A public principal lets any AWS account call the function directly, bypassing the API's authorizers,
resource policy, throttling and WAF. A wrong service principal leaves the API without a permission:
its routes fail with a 500 ("Invalid permissions on Lambda function").

## Example
```yaml
Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: execute-api.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/items
```

Use instead:
```yaml
Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/items
```

## References
- https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html
- https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
- https://github.com/stelligent/cfn_nag/issues/614
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class PermissionWrongPrincipal(Rule):
    __doc__ = __doc__
    id = "GW302"
    name = "permission-wrong-principal"
    severity = Severity.ERROR
    summary = "Lambda permission with a public principal, or an API Gateway SourceArn with another principal"
    tags = ("security",)
    security_severity = 8.0
    joins = "Lambda permission + routes"

    def check(self, model):
        from gwlint.analysis.permissions import analyse
        analysis = analyse(model)
        for facts in analysis.permissions:
            permission = facts.permission
            if permission.logical_id is None:  # SAM generates apigateway.amazonaws.com
                continue
            where = permission.pointer / "Properties" / "Principal"
            function = facts.function_id or (permission.function.text if permission.function else "the function")
            if facts.principal == "any":
                if permission.function_url_auth_type is not None:
                    continue
                if permission.source_arn or permission.source_account is not None \
                        or permission.principal_org_id is not None:
                    continue
                users = analysis.invocations_by_function.get(facts.function_id or "", [])
                bypass = ""
                if users:
                    bypass = (f", bypassing the authorization of {users[0].label} on {users[0].api.display}"
                              + (f" and {len(users) - 1} more" if len(users) > 1 else ""))
                yield Violation(where, f"permission {permission.logical_id} lets any principal of any AWS account "
                                       f"invoke {function} directly{bypass}: use Principal apigateway.amazonaws.com "
                                       "with a SourceArn scoped to the API", at="value")
            elif facts.principal == "other" and facts.patterns is not None and _execute_api(facts):
                yield Violation(where, f"permission {permission.logical_id} has an API Gateway SourceArn but principal "
                                       f"{facts.principal_text!r}: API Gateway invokes {function} as "
                                       "apigateway.amazonaws.com, so this permission never applies and the API's "
                                       "calls fail with a 500", at="value")


def _execute_api(facts) -> bool:
    return any(":execute-api:" in text for text in facts.pattern_texts)
