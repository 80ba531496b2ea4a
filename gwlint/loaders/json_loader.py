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

_TOKEN = re.compile(
    r'[ \t\n\r]*(?:("(?:[^"\\]|\\.)*")([ \t\n\r]*:)?|([{\[])|([}\]])|(,)'
    r"|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null|NaN|-?Infinity))",
    re.S,
)

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
        """One pass over text that ``json.loads`` already accepted, one regular-expression match per
        token (a string with the colon that makes it a key, a bracket, a comma, a scalar)."""
        text = self.text
        index: dict[tuple[PathPart, ...], tuple[Offsets | None, Offsets]] = {}
        duplicates = self.duplicates
        # A frame: [is_object, path, next list index, key offsets, start, seen keys]
        stack: list[list[Any]] = []
        key: Any = None
        key_offsets: Offsets | None = None
        for match in _TOKEN.finditer(text):
            kind = match.lastindex
            if kind <= 2:  # a string; with a colon (group 2), a key
                start, end = match.span(1)
                if kind == 2:
                    raw = match.group(1)
                    key = raw[1:-1] if "\\" not in raw else json.loads(raw)
                    key_offsets = (start, end)
                    continue
                value_offsets: Offsets = (start, end)
            elif kind == 3:  # an opening bracket
                start = match.start(3)
                if stack:
                    frame = stack[-1]
                    if frame[0]:
                        child, child_key = frame[1] + (key,), key_offsets
                    else:
                        child, child_key = frame[1] + (frame[2],), None
                        frame[2] += 1
                else:
                    child, child_key = (), None
                stack.append([match.group(3) == "{", child, 0, child_key, start, {} if match.group(3) == "{" else None,
                              key])
                key = key_offsets = None
                continue
            elif kind == 4:  # a closing bracket: record the container
                frame = stack.pop()
                own_path, own_key, start, name = frame[1], frame[3], frame[4], frame[6]
                if stack and stack[-1][0] and own_path:
                    seen = stack[-1][5]
                    where = own_key or (start, match.end(4))
                    if name in seen:
                        duplicates.append((stack[-1][1], name, seen[name], where))
                    seen[name] = where
                index[own_path] = (own_key, (start, match.end(4)))
                continue
            elif kind == 5:  # a comma
                continue
            else:  # a number, true, false, null
                value_offsets = match.span(6)
            if stack:
                frame = stack[-1]
                if frame[0]:
                    item_path = frame[1] + (key,)
                    seen = frame[5]
                    where = key_offsets or value_offsets
                    if key in seen:
                        duplicates.append((frame[1], key, seen[key], where))
                    seen[key] = where
                    index[item_path] = (key_offsets, value_offsets)
                    key = key_offsets = None
                else:
                    index[frame[1] + (frame[2],)] = (None, value_offsets)
                    frame[2] += 1
            else:
                index[()] = (None, value_offsets)
        return index


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
