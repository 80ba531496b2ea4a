'''## What it does
Reports a CloudFormation intrinsic function whose argument has the wrong shape: `!Sub` with three
items, `!GetAtt` of nothing, `Fn::Join` of something other than a delimiter and a list, `!If` without
a condition and two values, `!Ref` of a non-string, and so on.

## Why is this bad?
CloudFormation rejects the template ("Template error: ... must have ..."), and gwlint cannot work out
what the value refers to, so checks that follow references (which function an integration invokes,
which API a permission names) cannot see through it.

## Example
```yaml
Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Sub [a, b, c]
```

Use instead:
```yaml
Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Sub "${Fn}"
```
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

TEMPLATE_KINDS = ("cloudformation", "sam")


def _is_intrinsic(value) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in SHAPES


def _string_or_intrinsic(value) -> bool:
    return isinstance(value, str) or _is_intrinsic(value)


def _list_or_intrinsic(value) -> bool:
    return isinstance(value, list) or _is_intrinsic(value)


def _ref(value):
    return None if isinstance(value, str) and value else "a non-empty string (a logical id or parameter)"


def _get_att(value):
    if isinstance(value, str) and "." in value.strip(".") and value.partition(".")[0]:
        return None
    if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and value[0]
            and isinstance(value[1], (str, dict))):
        return None
    return "[logical id, attribute] or 'LogicalId.Attribute'"


def _sub(value):
    if isinstance(value, str):
        return None
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], dict):
        return None
    return "a string, or [string, {variable: value}]"


def _join(value):
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and _list_or_intrinsic(value[1]):
        return None
    return "[delimiter, [values]]"


def _if(value):
    # YAML may have turned a condition name such as `true` into a boolean.
    if isinstance(value, list) and len(value) == 3 and isinstance(value[0], (str, bool)):
        return None
    return "[condition name, value if true, value if false]"


def _select(value):
    if isinstance(value, list) and len(value) == 2 and _list_or_intrinsic(value[1]):
        return None
    return "[index, [values]]"


def _split(value):
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and _string_or_intrinsic(value[1]):
        return None
    return "[delimiter, string]"


def _find_in_map(value):
    if isinstance(value, list) and len(value) in (3, 4):
        return None
    return "[map name, top-level key, second-level key]"


def _list_of(low: int, high: int, text: str):
    def check(value):
        if isinstance(value, list) and low <= len(value) <= high:
            return None
        return text
    return check


def _cidr(value):
    if isinstance(value, list) and len(value) == 3:
        return None
    return "[ip block, count, cidr bits]"


def _scalar_or_intrinsic(value):
    return None if _string_or_intrinsic(value) else "a string or an intrinsic function"


SHAPES = {
    "Ref": _ref,
    "Fn::GetAtt": _get_att,
    "Fn::Sub": _sub,
    "Fn::Join": _join,
    "Fn::If": _if,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::FindInMap": _find_in_map,
    "Fn::Equals": _list_of(2, 2, "[value, value]"),
    "Fn::And": _list_of(2, 10, "a list of 2 to 10 conditions"),
    "Fn::Or": _list_of(2, 10, "a list of 2 to 10 conditions"),
    "Fn::Not": _list_of(1, 1, "a list of one condition"),
    "Fn::Cidr": _cidr,
    "Fn::ImportValue": _scalar_or_intrinsic,
    "Fn::GetAZs": _scalar_or_intrinsic,
    "Fn::Base64": _scalar_or_intrinsic,
}


class IntrinsicShape(Rule):
    __doc__ = __doc__
    id = "GW006"
    name = "intrinsic-shape"
    severity = Severity.ERROR
    summary = "Intrinsic function with an argument of the wrong shape"
    target = "document"

    def check(self, document):
        if document.kind not in TEMPLATE_KINDS or not isinstance(document.data, dict):
            return
        # Iterative walk: hostile nesting must not reach Python's recursion limit.
        todo = [(document.data[section], (section,)) for section in ("Resources", "Outputs", "Conditions")
                if section in document.data]
        while todo:
            value, path = todo.pop()
            if isinstance(value, dict):
                if len(value) == 1:
                    (name, argument), = value.items()
                    check = SHAPES.get(name)
                    if check is not None:
                        expected = check(argument)
                        if expected is not None:
                            yield Violation(document.pointer(*path, name),
                                            f"{name} expects {expected}, not {_describe(argument)}")
                todo.extend((item, path + (key,)) for key, item in value.items())
            elif isinstance(value, list):
                todo.extend((item, path + (index,)) for index, item in enumerate(value))


def _describe(value) -> str:
    if isinstance(value, list):
        kinds = ", ".join("a mapping" if isinstance(v, dict) else "a list" if isinstance(v, list)
                          else "text" if isinstance(v, str) else type(v).__name__ for v in value[:4])
        more = ", ..." if len(value) > 4 else ""
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''} ({kinds}{more})"
    if isinstance(value, dict):
        return "a mapping"
    if value is None or value == "":
        return "nothing"
    return f"{type(value).__name__} {value!r}"[:80]
