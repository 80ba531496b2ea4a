'''## What it does
Flags a Lambda permission for API Gateway whose `SourceArn` has a wildcard where the account or the
API id belongs: `arn:aws:execute-api:*:*:*`, `arn:aws:execute-api:${AWS::Region}:*:${Api}/*`,
`arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/*/GET/items`. A wildcard region, stage, method
or path is not flagged here.

## Why is this bad?
The permission is broader than the API that uses it. With a wildcard account, an API in any AWS
account can be pointed at the function and invoke it (the "confused deputy" problem, as with no
`SourceArn` at all); with a wildcard API id, any API of the account can, including ones created later
with weaker authorization. Name the API (`${Api}`, `!Ref Api`) and the account.

## Example
```yaml
Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: apigateway.amazonaws.com
      SourceArn: arn:aws:execute-api:*:*:*
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
      SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.intrinsics import render, to_pattern_text
from gwlint.rule import Rule, Violation


class PermissionSourceArnAnyApi(Rule):
    __doc__ = __doc__
    id = "GW304"
    name = "permission-source-arn-any-api"
    severity = Severity.WARNING
    summary = "Lambda permission for API Gateway whose SourceArn allows any account or any API"
    tags = ("security",)
    security_severity = 5.0
    joins = "Lambda permission"

    def check(self, model):
        from gwlint.analysis.permissions import analyse
        for facts in analyse(model).permissions:
            permission = facts.permission
            if permission.logical_id is None or permission.source_arn is None:
                continue
            if facts.principal not in ("apigateway", "any"):
                continue
            function = facts.function_id or (permission.function.text if permission.function else "the function")
            for alternative in permission.source_arn:
                wildcard = wildcard_fields(alternative)
                if not wildcard:
                    continue
                if "account" in wildcard:
                    effect = f"an API in any AWS account can invoke {function} through it"
                else:
                    effect = f"any API of the account can invoke {function} through it, not only the one that uses it"
                yield Violation(permission.pointer / "Properties" / "SourceArn",
                                f"permission {permission.logical_id} has SourceArn `{render(alternative)}` with a "
                                f"wildcard {' and '.join(wildcard)}: {effect}", at="value")
                break


def wildcard_fields(value) -> tuple[str, ...]:
    """Which of ("account", "API id") an execute-api ARN pattern leaves open to wildcards."""
    text, symbols = to_pattern_text(value)
    fields = text.split(":", 5)
    if len(fields) < 3 or fields[0] != "arn":
        return ()
    if not _may_be(fields[2], "execute-api", symbols):
        return ()
    # `*` crosses `:` and `/`: a pattern that ends early with a wildcard leaves the later fields open.
    while len(fields) < 6:
        if "*" not in fields[-1]:
            return ()
        fields.append("*")
    account, resource = fields[4], fields[5]
    api_id = resource.split("/", 1)[0]
    out = []
    if _is_wild(account, symbols):
        out.append("account")
    if _is_wild(api_id, symbols):
        out.append("API id")
    return tuple(out)


def _is_wild(text: str, symbols) -> bool:
    """A field made only of wildcards and literal text that a wildcard opens (no intrinsic pins it)."""
    if "\x00" in text:
        return False
    return "*" in text or "?" in text


def _may_be(text: str, wanted: str, symbols) -> bool:
    return text == wanted or text == "*"
