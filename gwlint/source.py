"""Positions in input files: spans, JSON pointers and the loaded document.

Rules never see line numbers. They point at data with a :class:`Pointer` (a file plus a path of
keys and indexes), and the engine asks the document's position index for the span afterwards.
"""

from __future__ import annotations

from gwlint.record import dataclass, field
from typing import Any, Iterable, Protocol, Union

PathPart = Union[str, int]


@dataclass(frozen=True, order=True)
class Span:
    """A region of text: 1-based lines and columns, end column exclusive (SARIF's convention)."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> "Span":
        return cls(line, column, line, column + 1)


def escape_pointer_part(part: PathPart) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def unescape_pointer_part(text: str) -> str:
    return text.replace("~1", "/").replace("~0", "~")


def json_pointer(parts: Iterable[PathPart]) -> str:
    """RFC 6901 pointer text for a path: ``("Resources", "Fn")`` -> ``/Resources/Fn``."""
    return "".join("/" + escape_pointer_part(p) for p in parts)


class Pointer:
    """A place in one input file: the file's display path plus the path of keys and indexes.

    ``pointer / "Properties"`` appends a part, so rules can write ``integration.pointer / "httpMethod"``.
    A pointer to a key that does not exist is fine: the engine reports it at the nearest ancestor.
    """

    __slots__ = ("file", "parts")

    def __init__(self, file: str, parts: tuple[PathPart, ...] = ()) -> None:
        self.file = file
        self.parts = tuple(parts)

    def __truediv__(self, part: PathPart | tuple[PathPart, ...]) -> "Pointer":
        if isinstance(part, tuple):
            return Pointer(self.file, self.parts + part)
        return Pointer(self.file, self.parts + (part,))

    @property
    def parent(self) -> "Pointer":
        return Pointer(self.file, self.parts[:-1])

    def __str__(self) -> str:
        return json_pointer(self.parts)

    def __repr__(self) -> str:
        return f"Pointer({self.file!r}, {json_pointer(self.parts)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pointer) and other.file == self.file and other.parts == self.parts

    def __hash__(self) -> int:
        return hash((self.file, self.parts))

    # pydantic: a Pointer is an opaque, immutable value inside the model.
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.is_instance_schema(cls)


@dataclass(frozen=True)
class Location:
    """Where a path points: the key's span (None for list items and the root) and the value's span.

    ``exact`` is False when the path does not exist and the location is that of its nearest ancestor.
    """

    key: Span | None
    value: Span
    exact: bool = True

    @property
    def best(self) -> Span:
        """The span a finding should show: the key when there is one, as ruff and cfn-lint do."""
        return self.key or self.value


class PositionIndex(Protocol):
    def locate(self, parts: tuple[PathPart, ...], data: Any) -> Location: ...


@dataclass(frozen=True)
class DuplicateKey:
    """A mapping key given twice: the later value wins in the data, as in PyYAML and JSON."""

    mapping_path: tuple[PathPart, ...]
    key: str
    first: Span
    again: Span


@dataclass(eq=False)
class Document:
    """One parsed input file: plain data (dicts, lists, scalars) plus positions. Compared by identity."""

    path: str
    text: str
    data: Any
    positions: PositionIndex
    format: str  # "yaml" or "json"
    duplicate_keys: list[DuplicateKey] = field(default_factory=list)
    kind: str = "unknown"  # set by classify: cloudformation, sam, openapi, policy, unknown

    def locate(self, parts: tuple[PathPart, ...]) -> Location:
        return self.positions.locate(tuple(parts), self.data)

    def pointer(self, *parts: PathPart) -> Pointer:
        return Pointer(self.path, tuple(parts))

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


class InputError(Exception):
    """A file that cannot be read or parsed. Carries a position when the parser knows one."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
