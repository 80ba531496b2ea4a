"""Validate ``x-amazon-apigateway-*`` extension values against gwlint's JSON Schemas.

The schemas are data: ``rules/schemas/<extension>.json`` (installed as ``gwlint.rules.schemas``),
generated from the botocore API Gateway models by ``scripts/gen_extension_schemas.py``. This module
only loads them (lazily, once), validates a value against the variant for the API type, and turns
jsonschema errors into short :class:`SchemaProblem` records.

    >>> validate_extension("x-amazon-apigateway-integration", {"type": "LAMBDA"}, "rest")[0].message
    "unknown integration type 'LAMBDA': expected one of AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK"

Nothing heavy is imported at module import time: jsonschema is imported on first validation.

Problem kinds (stable strings; severities are suggestions for the rule that reports them):

=====================  ========  ==============================================================
kind                   severity  meaning
=====================  ========  ==============================================================
unknown-extension      warning   not an ``x-amazon-apigateway-*`` name gwlint knows
legacy-extension       note      a legacy name (``-importer-version``, ``-auth``)
not-for-api-type       warning   an extension or field that the other API type uses
ignored-for-api-type   note      a field this API type accepts but ignores
ignored-field          note      a field ignored in this configuration (e.g. REQUEST authorizer)
wrong-type             error     e.g. a string where a boolean is expected
unknown-value          error     not one of the values of a closed set (enum)
unsupported-value      warning   a valid value that this API type does not support
unrecognized-value     warning   not one of the documented values of an open set
below-minimum          error     number below the minimum
above-maximum          error     number above the hard maximum
above-default-maximum  warning   above the default limit, allowed only with a quota increase
too-short / too-long   error     string length or number of items out of range
bad-format             error     a string or key that does not have the expected form
missing-field          error     a required field is absent (possibly because of another field)
conflicting-fields     error     two fields that cannot go together
unknown-field          warning   a field the extension does not define (typo?)
invalid-intrinsic      error     a malformed CloudFormation intrinsic function object
intrinsic-not-allowed  error     an intrinsic function where none can be resolved
invalid                error     anything else the schema rejects
=====================  ========  ==============================================================
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
from gwlint.record import dataclass
from typing import Any, Iterable, Iterator

__all__ = [
    "API_TYPES",
    "ExtensionInfo",
    "SchemaProblem",
    "known_extensions",
    "extension_info",
    "load_schema",
    "looks_like_intrinsic",
    "validate_extension",
]

PathElement = str | int
API_TYPES = ("rest", "http")
_API_LABELS = {"rest": "REST APIs", "http": "HTTP APIs"}
_API_ALIASES = {"rest": "rest", "v1": "rest", "http": "http", "v2": "http"}

_SCHEMA_PACKAGE = "gwlint.rules.schemas"
#: ``<repo>/rules/schemas``, used when the package is not installed (``gwlint.rules`` maps to the
#: top-level ``rules/`` folder only after installation).
_SOURCE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "rules", "schemas")
_INDEX = "_index.json"

#: Same pattern as ``$defs/intrinsic.propertyNames`` in every schema (a test keeps them equal).
INTRINSIC_KEY_PATTERN = r"^(?:Ref|Fn::[A-Za-z0-9]+)$"
_INTRINSIC_KEY = re.compile(INTRINSIC_KEY_PATTERN)
_INTRINSIC_REF = {"$ref": "#/$defs/intrinsic"}

_SEVERITY = {
    "unknown-extension": "warning",
    "legacy-extension": "note",
    "not-for-api-type": "warning",
    "ignored-for-api-type": "note",
    "ignored-field": "note",
    "unsupported-value": "warning",
    "unrecognized-value": "warning",
    "above-default-maximum": "warning",
    "unknown-field": "warning",
}


@dataclass(frozen=True)
class SchemaProblem:
    """One finding inside an extension value.

    ``path`` is relative to the value passed to :func:`validate_extension` (dict keys and list
    indexes); ``()`` is the value itself. For a missing field it is the object that lacks it; for a
    bad map key it ends with that key.
    """

    path: tuple[PathElement, ...]
    message: str
    kind: str
    severity: str = "error"


@dataclass(frozen=True)
class ExtensionInfo:
    """What gwlint knows about one extension name."""

    name: str
    api_types: frozenset[str]
    locations: tuple[str, ...]
    legacy: bool
    legacy_note: str | None
    replaced_by: str | None
    description: str

    def applies_to(self, api_type: str) -> bool:
        return _normalize_api_type(api_type) in self.api_types


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------

def known_extensions(api_type: str | None = None) -> list[ExtensionInfo]:
    """Every known extension (sorted by name), or only those that apply to ``api_type``.

    ``api_type`` is ``"rest"`` or ``"http"`` (``"v1"``/``"v2"`` also work, any case). Legacy names
    (``x-amazon-apigateway-importer-version``, ``x-amazon-apigateway-auth``) are included with
    ``legacy=True``.
    """
    infos = _extension_infos()
    if api_type is None:
        return list(infos.values())
    api = _normalize_api_type(api_type)
    return [info for info in infos.values() if api in info.api_types]


def extension_info(name: str) -> ExtensionInfo | None:
    return _extension_infos().get(name)


def load_schema(name: str) -> dict:
    """A copy of the JSON Schema for extension ``name`` (``KeyError`` if unknown)."""
    return copy.deepcopy(_load_schema(name))


def looks_like_intrinsic(value: Any) -> bool:
    """A dict with a single ``Ref`` / ``Fn::*`` key: a CloudFormation intrinsic function."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (key,) = value
    return isinstance(key, str) and _INTRINSIC_KEY.match(key) is not None


#: Results by (extension, API type, intrinsics allowed, the value as JSON text). Real definitions
#: repeat the same integration and authorizer shapes many times (SAM writes one per route), and
#: jsonschema is the slowest step of a check: on the corpus this cache answers most calls.
_RESULTS: dict[tuple, tuple[SchemaProblem, ...]] = {}
_RESULTS_LIMIT = 20_000


def validate_extension(name: str, value: Any, api_type: str, *,
                       allow_intrinsics: bool = True) -> list[SchemaProblem]:
    """Check ``value``, the value of extension ``name``, for an API of type ``api_type``.
    Results are cached by the value's JSON text (key order included, so paths come out the same)."""
    import json

    try:
        key = (name, api_type, allow_intrinsics, json.dumps(value, separators=(",", ":"), default=repr))
    except (TypeError, ValueError, RecursionError):
        return _validate_extension(name, value, api_type, allow_intrinsics=allow_intrinsics)
    cached = _RESULTS.get(key)
    if cached is None:
        cached = tuple(_validate_extension(name, value, api_type, allow_intrinsics=allow_intrinsics))
        if len(_RESULTS) >= _RESULTS_LIMIT:
            _RESULTS.clear()
        _RESULTS[key] = cached
    return list(cached)


def _validate_extension(name: str, value: Any, api_type: str, *,
                        allow_intrinsics: bool = True) -> list[SchemaProblem]:
    """Check ``value``, the value of extension ``name``, for an API of type ``api_type``.

    ``api_type`` is ``"rest"`` or ``"http"``. Intrinsic function objects are accepted wherever a
    value can be (inline CloudFormation ``Body`` / SAM ``DefinitionBody``); with
    ``allow_intrinsics=False`` (a standalone OpenAPI file) each one is reported instead.
    """
    api = _normalize_api_type(api_type)
    info = _extension_infos().get(name)
    if info is None:
        return [_unknown_extension(name)]

    problems: list[SchemaProblem] = []
    if info.legacy:
        problems.append(_problem((), f"{name} is {info.legacy_note or 'a legacy extension'}",
                                 "legacy-extension"))
    variant = api
    if api not in info.api_types:
        others = " and ".join(_API_LABELS[t] for t in API_TYPES if t in info.api_types)
        problems.append(_problem((), f"{name} is only supported for {others}", "not-for-api-type"))
        variant = next(t for t in API_TYPES if t in info.api_types)

    instance, remap = _jsonable(value)
    quick = _quick_check(name, variant)
    if quick is None or not quick(instance):  # jsonschema only for what may have problems
        for error in _compiled_validator(name, variant).iter_errors(instance):
            problems.extend(_convert(error, name, intrinsic=False))
    if not allow_intrinsics:
        problems.extend(_intrinsic_problems(instance, ()))
    if remap:
        problems = [
            SchemaProblem(_restore_path(value, p.path), p.message, p.kind, p.severity) for p in problems
        ]
    return _dedupe(problems)


# --------------------------------------------------------------------------------------------------
# Loading (lazy, cached)
# --------------------------------------------------------------------------------------------------

def _normalize_api_type(api_type: str) -> str:
    api = _API_ALIASES.get(str(api_type).strip().lower())
    if api is None:
        raise ValueError(f"api_type must be 'rest' or 'http', not {api_type!r}")
    return api


@functools.lru_cache(maxsize=1)
def _schema_dir() -> Any:
    """The installed ``gwlint.rules.schemas`` package (a directory path; a ``Traversable`` when it is
    not on disk, as in a zip), else ``rules/schemas`` in the source tree. importlib.resources is only
    the fallback: importing it (pathlib, tempfile, zipfile) cost 8 ms of every start-up."""
    import importlib

    try:
        module = importlib.import_module(_SCHEMA_PACKAGE)
        directory = os.path.dirname(getattr(module, "__file__", None) or "")
        if directory and os.path.isfile(os.path.join(directory, _INDEX)):
            return directory
        from importlib.resources import files

        traversable = files(_SCHEMA_PACKAGE)
        if traversable.joinpath(_INDEX).is_file():
            return traversable
    except Exception:  # not installed (ModuleNotFoundError), or an unusual loader
        pass
    return _SOURCE_DIR


def _read_json(file_name: str) -> Any:
    directory = _schema_dir()
    if isinstance(directory, str):
        with open(os.path.join(directory, file_name), encoding="utf-8") as handle:
            return json.load(handle)
    return json.loads(directory.joinpath(file_name).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _index() -> dict:
    return _read_json(_INDEX)["extensions"]


@functools.lru_cache(maxsize=1)
def _extension_infos() -> dict[str, ExtensionInfo]:
    return {
        name: ExtensionInfo(
            name=name,
            api_types=frozenset(entry["apiTypes"]),
            locations=tuple(entry["locations"]),
            legacy=bool(entry["legacy"]),
            legacy_note=entry.get("legacyNote"),
            replaced_by=entry.get("replacedBy"),
            description=entry.get("description", ""),
        )
        for name, entry in sorted(_index().items())
    }


@functools.lru_cache(maxsize=None)
def _load_schema(name: str) -> dict:
    entry = _index()[name]
    return _read_json(entry["file"])


def _variant_root(name: str, variant: str) -> dict:
    schema = _load_schema(name)
    pointer = schema["x-gwlint-extension"]["variants"][variant]
    root = {k: v for k, v in schema.items() if k not in ("$ref", "anyOf")}
    root["$ref"] = pointer
    return root


@functools.lru_cache(maxsize=None)
def _compiled_validator(name: str, variant: str) -> Any:
    return _validator_class()(_variant_root(name, variant))


@functools.lru_cache(maxsize=None)
def _quick_check(name: str, variant: str) -> Any:
    """gwlint.analysis.schema_check's yes/no answer for the variant (None: the schema uses a keyword
    it does not implement, so jsonschema always runs)."""
    from gwlint.analysis.schema_check import Unsupported, compile_root

    try:
        return compile_root(_variant_root(name, variant))
    except Unsupported:
        return None


@functools.lru_cache(maxsize=1)
def _validator_class() -> Any:
    """Draft 2020-12 plus gwlint's ``x-gwlint-*`` keywords (jsonschema imported here, lazily)."""
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError

    std_any_of = Draft202012Validator.VALIDATORS["anyOf"]

    def any_of(validator, subschemas, instance, schema):
        yield from std_any_of(validator, subschemas, instance, schema)
        # Fn::If: check both branches against the schema of the value it stands for.
        if _is_wrapper(schema) and looks_like_intrinsic(instance) and "Fn::If" in instance:
            branches = instance["Fn::If"]
            if isinstance(branches, list) and len(branches) == 3:
                for index in (1, 2):
                    for error in validator.descend(branches[index], schema, path=index):
                        error.path.appendleft("Fn::If")
                        yield error

    def default_maximum(validator, spec, instance, schema):
        if _is_number(instance) and instance > spec["value"]:
            hard = _core(schema).get("maximum")
            if hard is None or instance <= hard:
                yield ValidationError(spec["message"])

    def supported(validator, spec, instance, schema):
        if isinstance(instance, str):
            fold = _folder(schema)
            if fold(instance) in {fold(v) for v in schema.get("x-gwlint-enum", ())} and \
                    fold(instance) not in {fold(v) for v in spec["values"]}:
                yield ValidationError(spec["message"])

    def known(validator, spec, instance, schema):
        if isinstance(instance, str) and instance not in spec["values"]:
            yield ValidationError(spec["message"])

    def report(validator, spec, instance, schema):
        yield ValidationError(spec["message"])

    return validators.extend(
        Draft202012Validator,
        {
            "anyOf": any_of,
            "x-gwlint-default-maximum": default_maximum,
            "x-gwlint-supported": supported,
            "x-gwlint-known": known,
            "x-gwlint-report": report,
        },
    )


# --------------------------------------------------------------------------------------------------
# jsonschema errors -> SchemaProblem
# --------------------------------------------------------------------------------------------------

_JSON_TYPES = {"object": "an object", "array": "a list", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "a boolean", "null": "null"}


def _convert(error: Any, ext: str, *, intrinsic: bool) -> Iterator[SchemaProblem]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    keyword = error.validator
    instance = error.instance

    if keyword == "anyOf" and _is_wrapper(schema):
        # Intrinsic-shaped values are judged as intrinsics, everything else as the real value.
        branch = 0 if looks_like_intrinsic(instance) else 1
        subs = [s for s in error.context if s.relative_schema_path and s.relative_schema_path[0] == branch]
        # A value of the wrong type gets one problem, not also "not one of"/"bad format".
        wrong_type = [s for s in subs if s.validator == "type" and not s.relative_path]
        for sub in wrong_type or subs:
            yield from _convert(sub, ext, intrinsic=intrinsic or branch == 0)
        return
    if keyword in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        yield from _convert(best_match(error.context), ext, intrinsic=intrinsic)
        return

    path = tuple(error.absolute_path)
    key_error = _is_property_name_error(error)
    if key_error:
        path = path + (instance,)

    def emit(kind: str, message: str, at: tuple = path, severity: str | None = None) -> SchemaProblem:
        if intrinsic:
            kind, severity = "invalid-intrinsic", "error"
        return _problem(at, message, kind, severity)

    custom = schema.get("x-gwlint-message")
    if custom and keyword in ("pattern", "enum", "const", "not"):
        yield emit(schema.get("x-gwlint-kind", "invalid"), custom.format(value=instance))
        return

    label = _label(path, ext)
    if keyword == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_JSON_TYPES.get(t, t) for t in expected)
        yield emit("wrong-type", f"{label} must be {wanted}, not {_json_type(instance)}")
    elif keyword in ("enum", "const") or (keyword == "pattern" and _annotation(error, "x-gwlint-enum")):
        values = _annotation(error, "x-gwlint-enum") or (
            error.validator_value if keyword == "enum" else [error.validator_value])
        title = _annotation(error, "title") or label
        if keyword == "const":
            yield emit("unknown-value", f"{label} must be {error.validator_value!r}, not {instance!r}")
        else:
            choices = ", ".join(sorted(str(v) for v in values))
            yield emit("unknown-value", f"unknown {title} {instance!r}: expected one of {choices}")
    elif keyword == "pattern":
        fmt = _annotation(error, "x-gwlint-format") or f"the pattern {error.validator_value}"
        if key_error:
            parent = _label(path[:-1], ext)
            yield emit("bad-format", f"key {instance!r} in {parent} is not of the form {fmt}")
        else:
            yield emit("bad-format", f"{label} {instance!r} is not {fmt}")
    elif keyword in ("minimum", "exclusiveMinimum"):
        unit = _unit(error)
        yield emit("below-minimum",
                   f"{label} {instance} is below the minimum of {error.validator_value}{unit}")
    elif keyword in ("maximum", "exclusiveMaximum"):
        unit = _unit(error)
        yield emit("above-maximum",
                   f"{label} {instance} is above the maximum of {error.validator_value}{unit}")
    elif keyword == "x-gwlint-default-maximum":
        unit = _unit(error)
        yield emit("above-default-maximum",
                   f"{label} {instance} is above the default maximum of "
                   f"{error.validator_value['value']}{unit}: {error.validator_value['message']}")
    elif keyword == "minLength":
        n = error.validator_value
        text = "must not be empty" if n == 1 else f"must be at least {n} characters long"
        yield emit("too-short", f"{label} {text}")
    elif keyword == "maxLength":
        yield emit("too-long", f"{label} is longer than {error.validator_value} characters "
                               f"({len(instance)})")
    elif keyword in ("minItems", "minProperties"):
        n = error.validator_value
        what = "item" if keyword == "minItems" else "key"
        yield emit("too-short", f"{label} must have at least {n} {what}{'s' if n != 1 else ''}")
    elif keyword in ("maxItems", "maxProperties"):
        n = error.validator_value
        what = "item" if keyword == "maxItems" else "key"
        yield emit("too-long", f"{label} must have at most {n} {what}{'s' if n != 1 else ''}")
    elif keyword == "required":
        template = schema.get("x-gwlint-message") or "missing required field {missing}"
        for field in error.validator_value:
            if isinstance(instance, dict) and field not in instance:
                yield emit("missing-field", template.format(missing=field))
    elif keyword == "additionalProperties" and error.validator_value is False:
        known_fields = [k for k in schema.get("properties", {}) if isinstance(k, str)]
        for extra in _extra_properties(instance, schema):
            from difflib import get_close_matches

            hint = get_close_matches(str(extra), known_fields, n=1, cutoff=0.75)
            suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
            where = f" in {label}" if path else ""
            yield emit("unknown-field", f"unknown field {extra!r}{where}{suffix}", at=path + (extra,))
    elif keyword == "x-gwlint-supported":
        title = _annotation(error, "title") or label
        yield emit("unsupported-value", f"{title} {instance!r}: {error.validator_value['message']}")
    elif keyword == "x-gwlint-known":
        title = _annotation(error, "title") or label
        values = error.validator_value["values"]
        from difflib import get_close_matches

        hint = get_close_matches(instance, values, n=1, cutoff=0.6)
        detail = f"did you mean {hint[0]!r}?" if hint else "expected one of " + ", ".join(sorted(values))
        yield emit("unrecognized-value",
                   f"unknown {title} {instance!r}: {error.validator_value['message']}; {detail}")
    elif keyword == "x-gwlint-report":
        spec = error.validator_value
        yield emit(spec["kind"], spec["message"], severity=spec.get("severity"))
    else:
        yield emit("invalid", f"{label}: {error.message}")


def _problem(path: tuple, message: str, kind: str, severity: str | None = None) -> SchemaProblem:
    return SchemaProblem(tuple(path), message, kind, severity or _SEVERITY.get(kind, "error"))


def _unknown_extension(name: str) -> SchemaProblem:
    from difflib import get_close_matches

    hint = get_close_matches(name, list(_extension_infos()), n=1, cutoff=0.8)
    suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
    return _problem((), f"unknown extension {name!r}{suffix}", "unknown-extension")


def _is_wrapper(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    branches = schema.get("anyOf")
    return isinstance(branches, list) and len(branches) == 2 and branches[0] == _INTRINSIC_REF


def _core(schema: dict) -> dict:
    return schema["anyOf"][1] if _is_wrapper(schema) else schema


def _folder(schema: dict):
    return str.upper if schema.get("x-gwlint-case-insensitive") else (lambda s: s)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _annotation(error: Any, key: str) -> Any:
    """``key`` from the failing schema node or an enclosing node for the same value."""
    node = error
    path = tuple(error.absolute_path)
    while node is not None:
        if tuple(node.absolute_path) != path:
            return None
        if isinstance(node.schema, dict) and key in node.schema:
            return node.schema[key]
        node = node.parent
    return None


def _unit(error: Any) -> str:
    unit = _annotation(error, "x-gwlint-unit")
    return f" {unit}" if unit else ""


def _is_property_name_error(error: Any) -> bool:
    rel = list(error.relative_schema_path)
    return any(
        item == "propertyNames" and (i == 0 or rel[i - 1] != "properties")
        for i, item in enumerate(rel)
    )


def _extra_properties(instance: Any, schema: dict) -> Iterable[Any]:
    if not isinstance(instance, dict):
        return []
    properties = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [
        key for key in instance
        if key not in properties
        and not (isinstance(key, str) and any(p.search(key) for p in patterns))
    ]


def _label(path: tuple, ext: str) -> str:
    """How a message names the value at ``path``: the path itself, prefixed by the extension
    name when the path is empty or starts with a list index."""
    if not path:
        return ext
    rendered = _render_path(path)
    return ext + rendered if rendered.startswith("[") else rendered


_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$-]*$")


def _render_path(path: tuple) -> str:
    """``('responses', 'default', 'statusCode')`` -> ``responses.default.statusCode``;
    ``('requestTemplates', 'application/json')`` -> ``requestTemplates['application/json']``."""
    out = ""
    for element in path:
        if isinstance(element, int) and not isinstance(element, bool):
            out += f"[{element}]"
        elif isinstance(element, str) and _IDENT.match(element):
            out += f".{element}" if out else element
        else:
            out += f"[{element!r}]"
    return out


def _intrinsic_problems(value: Any, path: tuple) -> Iterator[SchemaProblem]:
    if looks_like_intrinsic(value):
        (key,) = value
        yield _problem(path, f"unresolved CloudFormation intrinsic {key!r}: it only works inside a "
                             "CloudFormation Body or SAM DefinitionBody", "intrinsic-not-allowed")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _intrinsic_problems(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _intrinsic_problems(item, path + (index,))


def _jsonable(value: Any) -> tuple[Any, bool]:
    """``value`` with non-string dict keys as strings (YAML ``200:`` keys) and tuples as lists;
    the flag says whether anything changed (then paths are mapped back)."""
    changed = False

    def walk(item: Any) -> Any:
        nonlocal changed
        if isinstance(item, dict):
            out = {}
            for key, sub in item.items():
                if not isinstance(key, str):
                    changed = True
                    key = str(key).lower() if isinstance(key, bool) else str(key)
                out[key] = walk(sub)
            return out
        if isinstance(item, (list, tuple)):
            if isinstance(item, tuple):
                changed = True
            return [walk(sub) for sub in item]
        return item

    if not _needs_copy(value):
        return value, False
    result = walk(value)
    return result, changed


def _needs_copy(value: Any) -> bool:
    if isinstance(value, dict):
        return any(not isinstance(k, str) or _needs_copy(v) for k, v in value.items())
    if isinstance(value, tuple):
        return True
    if isinstance(value, list):
        return any(_needs_copy(v) for v in value)
    return False


def _restore_path(original: Any, path: tuple) -> tuple:
    """Map string keys from :func:`_jsonable` back to the original (non-string) keys."""
    out = []
    node = original
    for element in path:
        if isinstance(node, dict):
            if element not in node:
                element = next((k for k in node if str(k) == element or
                                (isinstance(k, bool) and str(k).lower() == element)), element)
            out.append(element)
            node = node.get(element)
        else:
            out.append(element)
            node = node[element] if isinstance(node, (list, tuple)) and isinstance(element, int) \
                and 0 <= element < len(node) else None
    return tuple(out)


def _dedupe(problems: list[SchemaProblem]) -> list[SchemaProblem]:
    seen: set = set()
    out = []
    for problem in problems:
        key = (tuple(map(repr, problem.path)), problem.kind, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out
