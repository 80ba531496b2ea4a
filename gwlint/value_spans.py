"""Spans inside a scalar value: from a character range of the *decoded* value to columns in the file.

A rule that analyses a string (a regular expression, an ARN) knows where in the string the problem is,
as an offset and a length in the value it read. It reports that with ``Violation(value_range=(offset,
length), at="value")``; the engine asks :func:`value_subspan` for the columns. The mapping is made only
when it is certain:

- the scalar is written on one line;
- its source text is a YAML plain scalar, a YAML single-quoted scalar (``''`` is a quote), a YAML
  double-quoted scalar or a JSON string (escapes decoded, each decoded character remembering the source
  columns it came from);
- decoding that source text gives back exactly the value in the data (so a tag, an alias, a merge, a
  block or folded scalar, or anything else this module does not read, is never mapped by accident).

Otherwise it returns None and the finding covers the whole value, as without a range.
"""

from __future__ import annotations

import re
import weakref
from typing import Any, Optional

from gwlint.source import Document, PathPart, Span

#: Line breaks as each loader counts lines: libyaml (YAML 1.1 breaks) and the JSON position scan ("\n").
_YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_JSON_BREAKS = re.compile("\n")

_lines_cache: "weakref.WeakKeyDictionary[Document, list[int]]" = weakref.WeakKeyDictionary()

_YAML_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}
_JSON_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX_LENGTHS_YAML = {"x": 2, "u": 4, "U": 8}
_HEX_LENGTHS_JSON = {"u": 4}


def value_at(data: Any, parts: tuple[PathPart, ...]) -> Any:
    """The value at ``parts`` in plain data, or None when the path does not exist."""
    current = data
    for part in parts:
        if isinstance(current, dict):
            if str(part) not in current:
                return None
            current = current[str(part)]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            return None
    return current


def _line_starts(document: Document) -> list[int]:
    starts = _lines_cache.get(document)
    if starts is None:
        breaks = _JSON_BREAKS if document.format == "json" else _YAML_BREAKS
        starts = [0] + [match.end() for match in breaks.finditer(document.text)]
        _lines_cache[document] = starts
    return starts


def _source_text(document: Document, span: Span) -> Optional[str]:
    """The text a one-line span covers, or None."""
    if span.line != span.end_line or span.end_column <= span.column:
        return None
    starts = _line_starts(document)
    if not 0 < span.line <= len(starts):
        return None
    begin = starts[span.line - 1] + span.column - 1
    end = starts[span.line - 1] + span.end_column - 1
    if end > len(document.text):
        return None
    text = document.text[begin:end]
    return None if any(char in text for char in "\r\n\x85\u2028\u2029") else text


def decode_scalar(raw: str, fmt: str) -> Optional[tuple[str, list[int]]]:
    """(value, columns): the decoded value of a one-line scalar's source text and, for each decoded
    character, its offset in ``raw`` (plus one final entry: where the value's text ends). None when the
    text is not a form this module reads."""
    if not raw:
        return None
    quote = raw[0]
    if quote == '"':
        return _decode_double(raw, fmt)
    if fmt == "json":
        return None  # numbers, true/false/null: not strings
    if quote == "'":
        return _decode_single(raw)
    return raw, list(range(len(raw) + 1))


def _decode_single(raw: str) -> Optional[tuple[str, list[int]]]:
    if len(raw) < 2 or raw[-1] != "'":
        return None
    chars: list[str] = []
    offsets: list[int] = []
    i, end = 1, len(raw) - 1
    while i < end:
        if raw[i] == "'":
            if i + 1 < end and raw[i + 1] == "'":
                chars.append("'")
                offsets.append(i)
                i += 2
                continue
            return None  # a lone quote inside: not one scalar
        chars.append(raw[i])
        offsets.append(i)
        i += 1
    offsets.append(end)
    return "".join(chars), offsets


def _decode_double(raw: str, fmt: str) -> Optional[tuple[str, list[int]]]:
    if len(raw) < 2 or raw[-1] != '"':
        return None
    simple = _JSON_SIMPLE_ESCAPES if fmt == "json" else _YAML_SIMPLE_ESCAPES
    hex_lengths = _HEX_LENGTHS_JSON if fmt == "json" else _HEX_LENGTHS_YAML
    chars: list[str] = []
    offsets: list[int] = []
    i, end = 1, len(raw) - 1
    while i < end:
        char = raw[i]
        if char == '"':
            return None
        if char != "\\":
            chars.append(char)
            offsets.append(i)
            i += 1
            continue
        if i + 1 >= end:
            return None
        code = raw[i + 1]
        if code in simple:
            chars.append(simple[code])
            offsets.append(i)
            i += 2
            continue
        width = hex_lengths.get(code)
        if width is None:
            return None
        digits = raw[i + 2:i + 2 + width]
        if len(digits) != width or i + 2 + width > end or not all(c in "0123456789abcdefABCDEF" for c in digits):
            return None
        value = int(digits, 16)
        start = i
        i += 2 + width
        if 0xD800 <= value <= 0xDBFF and raw[i:i + 2] == "\\u":  # a UTF-16 surrogate pair
            low_digits = raw[i + 2:i + 6]
            if len(low_digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in low_digits):
                low = int(low_digits, 16)
                if 0xDC00 <= low <= 0xDFFF:
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
        if value > 0x10FFFF:
            return None
        chars.append(chr(value))
        offsets.append(start)
    offsets.append(end)
    return "".join(chars), offsets


def value_subspan(document: Document, parts: tuple[PathPart, ...], value_span: Span, offset: int,
                  length: int) -> Optional[Span]:
    """The span of ``value[offset:offset + length]`` for the string at ``parts``, whose whole source
    text is ``value_span``; None when that cannot be mapped with certainty (see the module docstring).
    An empty range is shown on one character: the one at ``offset``, or the last one at the end."""
    value = value_at(document.data, parts)
    if not isinstance(value, str) or not value or offset < 0 or length < 0 or offset + length > len(value):
        return None
    raw = _source_text(document, value_span)
    if raw is None:
        return None
    decoded = decode_scalar(raw, document.format)
    if decoded is None or decoded[0] != value:
        return None
    columns = decoded[1]
    if length == 0:
        offset = min(offset, len(value) - 1)
        length = 1
    start = value_span.column + columns[offset]
    end = value_span.column + columns[offset + length]
    return Span(value_span.line, start, value_span.line, end)


__all__ = ["value_subspan", "decode_scalar", "value_at"]
