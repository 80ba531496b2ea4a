"""JSON to plain data plus positions.

The data comes from the C ``json`` module (fast, and it accepts tab indentation, which PyYAML
rejects). Positions are only needed for files with findings, so the pure-Python scan that maps
every path to its key and value offsets runs lazily, on the first ``locate`` call. The scan runs
eagerly only when the file has a duplicate key, to say where both copies are.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from gwlint.source import DuplicateKey, InputError, Location, PathPart, Span

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null|NaN|-?Infinity")

Offsets = tuple[int, int]


class JsonPositions:
    """Path -> (key offsets or None, value offsets), built on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._index: dict[tuple[PathPart, ...], tuple[Offsets | None, Offsets]] | None = None
        self._line_starts: list[int] | None = None
        self.duplicates: list[tuple[tuple[PathPart, ...], str, Offsets, Offsets]] = []

    # -- offsets to line/column -------------------------------------------------------------------
    def _position(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            index = find("\n")
            while index != -1:
                starts.append(index + 1)
                index = find("\n", index + 1)
            self._line_starts = starts
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def span(self, offsets: Offsets) -> Span:
        line, column = self._position(offsets[0])
        end_line, end_column = self._position(offsets[1])
        return Span(line, column, end_line, end_column)

    # -- lookup -----------------------------------------------------------------------------------
    def locate(self, parts: tuple[PathPart, ...], data: Any) -> Location:
        index = self.index()
        exact = True
        path = tuple(str(p) if isinstance(p, str) else p for p in parts)
        while path and path not in index:
            path = path[:-1]
            exact = False
        key, value = index.get(path, (None, (0, len(self.text))))
        return Location(self.span(key) if key else None, self.span(value), exact)

    def index(self) -> dict[tuple[PathPart, ...], tuple[Offsets | None, Offsets]]:
        if self._index is None:
            self._index = self._scan()
        return self._index

    # -- the scan ---------------------------------------------------------------------------------
    def _scan(self) -> dict[tuple[PathPart, ...], tuple[Offsets | None, Offsets]]:
        """One iterative pass over text that ``json.loads`` already accepted."""
        text = self.text
        index: dict[tuple[PathPart, ...], tuple[Offsets | None, Offsets]] = {}
        # A frame: [is_object, path, next list index, pending key, pending key offsets, start, seen keys]
        stack: list[list[Any]] = []
        pos = _WS.match(text, 0).end()
        pending_key: tuple[str, Offsets] | None = None
        while pos < len(text):
            char = text[pos]
            if char in "{[":
                path, key_offsets = self._child_path(stack, pending_key)
                stack.append([char == "{", path, 0, None, key_offsets, pos, {} if char == "{" else None])
                pending_key = None
                pos = _WS.match(text, pos + 1).end()
                continue
            if char in "}]":
                frame = stack.pop()
                self._record(index, frame[1], frame[4], (frame[5], pos + 1), stack)
                pos = _WS.match(text, pos + 1).end()
            elif char == '"':
                match = _STRING.match(text, pos)
                end = match.end() if match else len(text)
                after = _WS.match(text, end).end()
                if stack and stack[-1][0] and pending_key is None and after < len(text) and text[after] == ":":
                    key = json.loads(text[pos:end])
                    pending_key = (key, (pos, end))
                    pos = _WS.match(text, after + 1).end()
                    continue
                path, key_offsets = self._child_path(stack, pending_key)
                pending_key = None
                self._record(index, path, key_offsets, (pos, end), stack)
                pos = after
            else:
                match = _SCALAR.match(text, pos)
                end = match.end() if match and match.end() > pos else pos + 1
                path, key_offsets = self._child_path(stack, pending_key)
                pending_key = None
                self._record(index, path, key_offsets, (pos, end), stack)
                pos = _WS.match(text, end).end()
            if pos < len(text) and text[pos] == ",":
                pos = _WS.match(text, pos + 1).end()
        return index

    @staticmethod
    def _child_path(stack: list[list[Any]], pending_key: tuple[str, Offsets] | None) -> tuple[tuple, Offsets | None]:
        if not stack:
            return (), None
        frame = stack[-1]
        if frame[0]:
            key, offsets = pending_key if pending_key else ("", None)
            return frame[1] + (key,), offsets
        position = frame[2]
        frame[2] += 1
        return frame[1] + (position,), None

    def _record(self, index: dict, path: tuple, key_offsets: Offsets | None, value_offsets: Offsets,
                stack: list[list[Any]]) -> None:
        if stack and stack[-1][0] and path:
            seen = stack[-1][6]
            key = path[-1]
            if key in seen:
                self.duplicates.append((stack[-1][1], key, seen[key], key_offsets or value_offsets))
            seen[key] = key_offsets or value_offsets
        index[path] = (key_offsets, value_offsets)


def _pairs_hook_factory(flag: list[bool]):
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            flag[0] = True
        return result

    return hook


def load_json(text: str) -> tuple[Any, JsonPositions, list[DuplicateKey]]:
    """Parse JSON text. Raises :class:`InputError` with a position for invalid JSON."""
    has_duplicates = [False]
    try:
        data = json.loads(text, object_pairs_hook=_pairs_hook_factory(has_duplicates))
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise InputError("JSON nesting is too deep to read") from None
    positions = JsonPositions(text)
    duplicates: list[DuplicateKey] = []
    if has_duplicates[0]:
        positions.index()
        for mapping_path, key, first, again in positions.duplicates:
            duplicates.append(DuplicateKey(mapping_path, key, positions.span(first), positions.span(again)))
    return data, positions, duplicates
