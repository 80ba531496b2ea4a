"""A yes/no check of a value against an extension schema, compiled to Python closures.

jsonschema is the slowest step of checking a definition: it walks the schema dynamically and
resolves ``$ref`` through the referencing library on every call, about 1.5 ms for an integration
object. Almost every value is valid, so :mod:`gwlint.analysis.extension_schemas` first asks this
module, which answers whether jsonschema would report *anything* in a few microseconds, and only
runs jsonschema (for its detailed errors) on values that fail here.

The keywords understood are exactly those the generated schemas in ``rules/schemas/`` use, with
Draft 2020-12 meaning, plus gwlint's own validation keywords (``x-gwlint-report``,
``x-gwlint-known``, ``x-gwlint-supported``, ``x-gwlint-default-maximum``) and the extra ``Fn::If``
descent of extension_schemas' ``anyOf``. A schema with any other keyword raises
:class:`Unsupported` when compiled, and the caller then always uses jsonschema. Agreement with
jsonschema is tested value by value over the corpus and the fixtures (tests/analysis).
"""

from __future__ import annotations

import re
from typing import Any, Callable

Check = Callable[[Any], bool]

#: Keywords that only annotate (titles, messages, gwlint's rendering hints): no effect on validity.
ANNOTATIONS = frozenset({
    "$schema", "$comment", "$defs", "title", "description", "deprecated", "x-botocore",
    "x-botocore-subset-of", "x-gwlint-enum", "x-gwlint-message", "x-gwlint-kind", "x-gwlint-format",
    "x-gwlint-unit", "x-gwlint-case-insensitive", "x-gwlint-extension",
})
INTRINSIC_REF = "#/$defs/intrinsic"
_INTRINSIC_KEY = re.compile(r"^(?:Ref|Fn::[A-Za-z0-9]+)$")


class Unsupported(Exception):
    """The schema uses a keyword this checker does not implement."""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
}


def _equal(a: Any, b: Any) -> bool:
    """jsonschema's equality: booleans are not numbers, containers compare element by element."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return False
    return a == b


def _looks_like_intrinsic(value: Any) -> bool:
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (key,) = value
    return isinstance(key, str) and _INTRINSIC_KEY.match(key) is not None


def _is_wrapper(schema: Any) -> bool:
    branches = schema.get("anyOf") if isinstance(schema, dict) else None
    return isinstance(branches, list) and len(branches) == 2 and branches[0] == {"$ref": INTRINSIC_REF}


class Compiler:
    """Compiles the subschemas of one root schema, resolving ``#/...`` references within it."""

    def __init__(self, root: dict) -> None:
        self.root = root
        self.by_ref: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        checks: list[Check] = []
        for keyword, spec in schema.items():
            if keyword in ANNOTATIONS:
                continue
            make = _KEYWORDS.get(keyword)
            if make is None:
                raise Unsupported(keyword)
            check = make(self, spec, schema)
            if check is not None:
                checks.append(check)
        if not checks:
            return lambda value: True
        if len(checks) == 1:
            return checks[0]
        return lambda value: all(check(value) for check in checks)

    def ref(self, pointer: str) -> Check:
        if not pointer.startswith("#/"):
            raise Unsupported(f"$ref {pointer}")
        if pointer not in self.by_ref:
            self.by_ref[pointer] = lambda value: True  # placeholder while a recursive schema compiles
            target: Any = self.root
            for part in pointer[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            compiled = self.compile(target)
            self.by_ref[pointer] = compiled
        by_ref = self.by_ref
        return lambda value: by_ref[pointer](value)


# -- keywords (each returns a check of the whole value, or None when it cannot fail) ---------------------

def _type(c: Compiler, spec: Any, schema: dict) -> Check:
    names = [spec] if isinstance(spec, str) else list(spec)
    tests = [_TYPES[name] for name in names]
    return lambda value: any(test(value) for test in tests)


def _ref(c: Compiler, spec: str, schema: dict) -> Check:
    return c.ref(spec)


def _any_of(c: Compiler, spec: list, schema: dict) -> Check:
    branches = [c.compile(sub) for sub in spec]
    if not _is_wrapper(schema):
        return lambda value: any(branch(value) for branch in branches)
    # extension_schemas' anyOf: an Fn::If in the value's place is also checked branch by branch.
    whole: list[Check] = []

    def check(value: Any) -> bool:
        if not any(branch(value) for branch in branches):
            return False
        if _looks_like_intrinsic(value) and "Fn::If" in value:
            options = value["Fn::If"]
            if isinstance(options, list) and len(options) == 3:
                if not whole:
                    whole.append(c.compile(schema))
                return whole[0](options[1]) and whole[0](options[2])
        return True

    return check


def _all_of(c: Compiler, spec: list, schema: dict) -> Check:
    parts = [c.compile(sub) for sub in spec]
    return lambda value: all(part(value) for part in parts)


def _not(c: Compiler, spec: Any, schema: dict) -> Check:
    inner = c.compile(spec)
    return lambda value: not inner(value)


def _if(c: Compiler, spec: Any, schema: dict) -> Check:
    condition = c.compile(spec)
    then = c.compile(schema["then"]) if "then" in schema else (lambda value: True)
    otherwise = c.compile(schema["else"]) if "else" in schema else (lambda value: True)
    return lambda value: then(value) if condition(value) else otherwise(value)


def _ignored(c: Compiler, spec: Any, schema: dict) -> None:
    return None  # `then` / `else`: handled by `if`; alone they mean nothing


def _properties(c: Compiler, spec: dict, schema: dict) -> Check:
    compiled = {name: c.compile(sub) for name, sub in spec.items()}

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for name, sub in compiled.items():
            if name in value and not sub(value[name]):
                return False
        return True

    return check


def _pattern_properties(c: Compiler, spec: dict, schema: dict) -> Check:
    compiled = [(re.compile(pattern), c.compile(sub)) for pattern, sub in spec.items()]

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            for pattern, sub in compiled:
                if pattern.search(key) and not sub(item):
                    return False
        return True

    return check


def _additional_properties(c: Compiler, spec: Any, schema: dict) -> Check:
    known = set(schema.get("properties", {}))
    patterns = [re.compile(pattern) for pattern in schema.get("patternProperties", {})]
    sub = c.compile(spec)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            if key in known or any(pattern.search(key) for pattern in patterns):
                continue
            if not sub(item):
                return False
        return True

    return check


def _property_names(c: Compiler, spec: Any, schema: dict) -> Check:
    sub = c.compile(spec)
    return lambda value: not isinstance(value, dict) or all(sub(key) for key in value)


def _required(c: Compiler, spec: list, schema: dict) -> Check:
    return lambda value: not isinstance(value, dict) or all(name in value for name in spec)


def _min_properties(c: Compiler, spec: int, schema: dict) -> Check:
    return lambda value: not isinstance(value, dict) or len(value) >= spec


def _max_properties(c: Compiler, spec: int, schema: dict) -> Check:
    return lambda value: not isinstance(value, dict) or len(value) <= spec


def _prefix_items(c: Compiler, spec: list, schema: dict) -> Check:
    parts = [c.compile(sub) for sub in spec]
    return lambda value: not isinstance(value, list) or all(part(item) for part, item in zip(parts, value))


def _items(c: Compiler, spec: Any, schema: dict) -> Check:
    sub = c.compile(spec)
    skip = len(schema.get("prefixItems", ()))
    return lambda value: not isinstance(value, list) or all(sub(item) for item in value[skip:])


def _min_items(c: Compiler, spec: int, schema: dict) -> Check:
    return lambda value: not isinstance(value, list) or len(value) >= spec


def _max_items(c: Compiler, spec: int, schema: dict) -> Check:
    return lambda value: not isinstance(value, list) or len(value) <= spec


def _min_length(c: Compiler, spec: int, schema: dict) -> Check:
    return lambda value: not isinstance(value, str) or len(value) >= spec


def _max_length(c: Compiler, spec: int, schema: dict) -> Check:
    return lambda value: not isinstance(value, str) or len(value) <= spec


def _pattern(c: Compiler, spec: str, schema: dict) -> Check:
    search = re.compile(spec).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _enum(c: Compiler, spec: list, schema: dict) -> Check:
    return lambda value: any(_equal(value, option) for option in spec)


def _const(c: Compiler, spec: Any, schema: dict) -> Check:
    return lambda value: _equal(value, spec)


def _minimum(c: Compiler, spec: Any, schema: dict) -> Check:
    return lambda value: not _is_number(value) or value >= spec


def _maximum(c: Compiler, spec: Any, schema: dict) -> Check:
    return lambda value: not _is_number(value) or value <= spec


def _report(c: Compiler, spec: Any, schema: dict) -> Check:
    return lambda value: False  # reached means reported


def _known(c: Compiler, spec: dict, schema: dict) -> Check:
    values = spec["values"]
    return lambda value: not isinstance(value, str) or value in values


def _supported(c: Compiler, spec: dict, schema: dict) -> Check:
    fold: Callable[[str], str] = str.upper if schema.get("x-gwlint-case-insensitive") else (lambda s: s)
    known = {fold(v) for v in schema.get("x-gwlint-enum", ())}
    supported = {fold(v) for v in spec["values"]}
    return lambda value: not isinstance(value, str) or fold(value) not in known or fold(value) in supported


def _default_maximum(c: Compiler, spec: dict, schema: dict) -> Check:
    core = schema["anyOf"][1] if _is_wrapper(schema) else schema
    hard = core.get("maximum")
    limit = spec["value"]
    return lambda value: not (_is_number(value) and value > limit and (hard is None or value <= hard))


_KEYWORDS: dict[str, Callable[[Compiler, Any, dict], Check | None]] = {
    "type": _type, "$ref": _ref, "anyOf": _any_of, "allOf": _all_of, "not": _not,
    "if": _if, "then": _ignored, "else": _ignored,
    "properties": _properties, "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties, "propertyNames": _property_names,
    "required": _required, "minProperties": _min_properties, "maxProperties": _max_properties,
    "prefixItems": _prefix_items, "items": _items, "minItems": _min_items, "maxItems": _max_items,
    "minLength": _min_length, "maxLength": _max_length, "pattern": _pattern, "enum": _enum, "const": _const,
    "minimum": _minimum, "maximum": _maximum,
    "x-gwlint-report": _report, "x-gwlint-known": _known, "x-gwlint-supported": _supported,
    "x-gwlint-default-maximum": _default_maximum,
}


def compile_root(root: dict) -> Check:
    """The check for a root schema (as extension_schemas builds it: ``$defs`` plus a ``$ref``)."""
    return Compiler(root).compile(root)
