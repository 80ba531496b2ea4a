'''## What it does
Flags an `AWS::Lambda::Permission` for API Gateway (principal `apigateway.amazonaws.com`, or an
`execute-api` `SourceArn`) whose `Action` does not allow invoking the function: anything but
`lambda:InvokeFunction`, `lambda:*` or `*`, for example `lambda:GetFunction`, `lambda:InvokeAsync`
or `lambda:InvokeFunctionUrl`.

## Why is this bad?
API Gateway calls Lambda's `Invoke` API, which needs `lambda:InvokeFunction`. With any other action
the permission is useless to the API (its routes fail with a 500, "Invalid permissions on Lambda
function") and it grants API Gateway something it never needs.

## Example
```yaml
Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:GetFunction
      FunctionName: !Ref Fn
      Principal: apigateway.amazonaws.com
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
- https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class PermissionNotInvokeAction(Rule):
    __doc__ = __doc__
    id = "GW303"
    name = "permission-not-invoke-action"
    severity = Severity.ERROR
    summary = "Lambda permission for API Gateway whose action is not lambda:InvokeFunction"
    joins = "Lambda permission"

    def check(self, model):
        from gwlint.analysis.permissions import analyse
        for facts in analyse(model).permissions:
            permission = facts.permission
            if permission.logical_id is None or facts.action != "other":
                continue
            for_api = facts.principal == "apigateway" or (
                facts.principal in ("any", "unknown") and any(":execute-api:" in t for t in facts.pattern_texts))
            if not for_api:
                continue
            function = facts.function_id or (permission.function.text if permission.function else "the function")
            yield Violation(permission.pointer / "Properties" / "Action",
                            f"permission {permission.logical_id} grants API Gateway {facts.action_text!r} on {function}, "
                            "but API Gateway needs lambda:InvokeFunction: the routes using it fail with a 500",
                            at="value")
