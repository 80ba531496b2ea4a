"""CloudFormation intrinsics as symbolic strings.

A value such as ``!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations``
becomes a tuple of parts: literal text and :class:`Ref` objects (``Ref("AWS::Region")``,
``Ref("Fn", "Arn")``). ``Fn::If`` gives alternatives, so every function here returns a list of such
tuples. Rules then ask *which* resource a value names instead of comparing strings.
"""

from __future__ import annotations

import re
from itertools import product
from typing import Any, NamedTuple, Union


class Ref(NamedTuple):
    """A reference to a resource, parameter or pseudo parameter (and optionally an attribute)."""

    name: str
    attribute: str | None = None

    def __str__(self) -> str:
        return "${" + self.name + ("." + self.attribute if self.attribute else "") + "}"


class Unknown(NamedTuple):
    """A part whose value cannot be known statically (Fn::Select, Fn::ImportValue, ...)."""

    what: str = "?"

    def __str__(self) -> str:
        return "${?" + self.what + "}"


Part = Union[str, Ref, Unknown]
SymStr = tuple[Part, ...]

MAX_ALTERNATIVES = 16
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def render(value: SymStr) -> str:
    """Readable text of a symbolic string, as a template author would write it in a Sub."""
    return "".join(part if isinstance(part, str) else str(part) for part in value)


def literal(value: SymStr) -> str | None:
    """The text when the value has no symbolic part, else None."""
    if all(isinstance(part, str) for part in value):
        return "".join(value)  # type: ignore[arg-type]
    return None


def _join_parts(parts: list[Part]) -> SymStr:
    """Merge adjacent literal pieces."""
    out: list[Part] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + part
                continue
        out.append(part)
    return tuple(out)


def symbolic(value: Any, depth: int = 0) -> list[SymStr]:
    """All the strings a value may evaluate to, symbolically. Never raises."""
    if depth > 20:
        return [(Unknown("deep"),)]
    if isinstance(value, str):
        return [(value,)] if value else [()]
    if isinstance(value, bool):
        return [("true" if value else "false",)]
    if isinstance(value, (int, float)):
        return [(str(value),)]
    if not isinstance(value, dict) or len(value) != 1:
        return [(Unknown("value"),)]
    (name, argument), = value.items()
    if name == "Ref":
        return [(Ref(argument),)] if isinstance(argument, str) else [(Unknown("Ref"),)]
    if name == "Fn::GetAtt":
        return [_get_att(argument)]
    if name == "Fn::Sub":
        return _sub(argument, depth)
    if name == "Fn::Join":
        return _join(argument, depth)
    if name == "Fn::If":
        if isinstance(argument, list) and len(argument) == 3:
            return (symbolic(argument[1], depth + 1) + symbolic(argument[2], depth + 1))[:MAX_ALTERNATIVES]
        return [(Unknown("Fn::If"),)]
    return [(Unknown(name),)]


def _get_att(argument: Any) -> SymStr:
    if isinstance(argument, list) and len(argument) == 2 and all(isinstance(a, str) for a in argument):
        return (Ref(argument[0], argument[1]),)
    if isinstance(argument, str) and "." in argument:
        resource, _, attribute = argument.partition(".")
        return (Ref(resource, attribute),)
    return (Unknown("Fn::GetAtt"),)


def _sub(argument: Any, depth: int) -> list[SymStr]:
    variables: dict[str, Any] = {}
    if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
        template, variables = argument
    else:
        template = argument
    if not isinstance(template, str):
        return [(Unknown("Fn::Sub"),)]
    pieces: list[list[SymStr]] = []
    position = 0
    for match in _SUB_VARIABLE.finditer(template):
        pieces.append([(template[position:match.start()],)])
        name = match.group(1)
        position = match.end()
        if name.startswith("!"):  # ${!Literal} is the text ${Literal}
            pieces.append([("${" + name[1:] + "}",)])
        elif name in variables:
            pieces.append(symbolic(variables[name], depth + 1))
        elif "." in name:
            resource, _, attribute = name.partition(".")
            pieces.append([(Ref(resource, attribute),)])
        else:
            pieces.append([(Ref(name.strip()),)])
    pieces.append([(template[position:],)])
    return _combine(pieces)


def _join(argument: Any, depth: int) -> list[SymStr]:
    if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str)):
        return [(Unknown("Fn::Join"),)]
    delimiter, items = argument
    if not isinstance(items, list):
        return [(Unknown("Fn::Join"),)]
    pieces: list[list[SymStr]] = []
    for index, item in enumerate(items):
        if index:
            pieces.append([(delimiter,)])
        pieces.append(symbolic(item, depth + 1))
    return _combine(pieces)


def _combine(pieces: list[list[SymStr]]) -> list[SymStr]:
    total = 1
    for alternatives in pieces:
        total *= max(1, len(alternatives))
    if total > MAX_ALTERNATIVES:
        pieces = [alternatives[:1] for alternatives in pieces]
    results = []
    for choice in product(*pieces):
        parts: list[Part] = []
        for piece in choice:
            parts.extend(piece)
        results.append(_join_parts(parts))
    return results


def refs_in(value: SymStr) -> list[Ref]:
    return [part for part in value if isinstance(part, Ref)]


def to_pattern_text(value: SymStr, placeholder: str = "\x00") -> tuple[str, list[Part]]:
    """Text with each symbolic part replaced by ``placeholder + index + placeholder``, for regex work."""
    symbols: list[Part] = []
    out = []
    for part in value:
        if isinstance(part, str):
            out.append(part)
        else:
            out.append(f"{placeholder}{len(symbols)}{placeholder}")
            symbols.append(part)
    return "".join(out), symbols


def from_pattern_text(text: str, symbols: list[Part], placeholder: str = "\x00") -> SymStr:
    parts: list[Part] = []
    for index, piece in enumerate(text.split(placeholder)):
        if index % 2 == 0:
            parts.append(piece)
        else:
            parts.append(symbols[int(piece)])
    return _join_parts(parts)
