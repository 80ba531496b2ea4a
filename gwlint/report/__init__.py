"""Reporters: turn sorted findings into text, JSON, SARIF, GitHub workflow commands, JUnit XML or a
GitLab Code Quality report.

Every reporter is a module with one function::

    render(findings: list[Finding], rules: dict[str, type[Rule]], context: ReportContext) -> str

``findings`` are already sorted and filtered; suppressed ones (``finding.suppressed`` set) are
passed too. ``text``, ``github`` and ``gitlab`` skip them (``text`` counts them in its summary);
``json`` and ``sarif`` include them, marked; ``junit`` shows them as skipped test cases. ``rules`` maps rule ids to rule classes, for metadata.

``REPORTERS`` maps a format name to a render function. The reporter module is imported on the
first call, so choosing ``text`` never imports the SARIF code.
"""

from __future__ import annotations

import importlib
from gwlint.record import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from gwlint.findings import Finding
    from gwlint.rule import Rule

__all__ = ["REPORTERS", "ReportContext", "Renderer", "escape_controls", "get_reporter", "json_dumps", "relative_path"]


def _default_version() -> str:
    from gwlint import __version__

    return __version__


@dataclass(frozen=True)
class ReportContext:
    """What a reporter needs besides findings and rules.

    ``root``: directory that relative URIs are relative to (normally the current directory).
    ``sources``: path -> file text, for code frames; may lack a path.
    ``files_checked``: how many files the run read. ``quiet``: text reporter prints lines only.
    """

    root: str = "."
    color: bool = False
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    files_checked: int = 0
    version: str = field(default_factory=_default_version)
    quiet: bool = False


Renderer = Callable[["list[Finding]", "dict[str, type[Rule]]", ReportContext], str]

_MODULES = {
    "text": "gwlint.report.text",
    "json": "gwlint.report.json",
    "sarif": "gwlint.report.sarif",
    "github": "gwlint.report.github",
    "junit": "gwlint.report.junit",
    "gitlab": "gwlint.report.gitlab",
}


def get_reporter(name: str) -> Renderer:
    """The real ``render`` function of format ``name`` (imports its module). KeyError if unknown."""
    return importlib.import_module(_MODULES[name]).render


def _lazy(name: str) -> Renderer:
    def render(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> str:
        return get_reporter(name)(findings, rules, context)

    render.__name__ = f"render_{name}"
    render.__qualname__ = render.__name__
    render.__doc__ = f"Render findings as {name} (imports {_MODULES[name]} on first use)."
    return render


REPORTERS: dict[str, Renderer] = {name: _lazy(name) for name in _MODULES}


def relative_path(path: str, root: str) -> str | None:
    """``path`` relative to ``root`` with forward slashes, or None when it lies outside ``root``.

    A relative ``path`` is taken relative to the current directory (it is as the user gave it).
    """
    import os

    absolute = os.path.abspath(path)
    base = os.path.abspath(root)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, "/")


# -- terminal safety ----------------------------------------------------------------------------
# C0 controls, DEL, C1 controls, and the invisible bidirectional/line-separator characters that can
# reorder or hide text on screen ("Trojan Source"), and lone surrogates (unprintable). Input values
# end up in messages and paths.
_NON_C0 = "\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_PATTERNS: dict[str, Any] = {}


def _unsafe_pattern(keep: str = "", c0: bool = True) -> Any:
    import re

    key = f"{int(c0)}{keep}"
    pattern = _PATTERNS.get(key)
    if pattern is None:
        c0_chars = "".join(f"\\x{code:02x}" for code in range(0x20) if chr(code) not in keep) if c0 else ""
        pattern = _PATTERNS[key] = re.compile(f"[{c0_chars}{_NON_C0}]")
    return pattern


def _escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str, keep: str = "") -> str:
    """Show control characters as ``\\xNN`` (``\\uNNNN`` for bidi controls) so that input cannot
    move the cursor, clear the screen or recolour a terminal. Characters in ``keep`` pass through."""
    return _unsafe_pattern(keep).sub(lambda m: _escape_char(m.group()), text)


def json_dumps(data: object, indent: int | None = 2) -> str:
    """Deterministic JSON, readable non-ASCII, but with DEL, C1 and bidi controls as ``\\uNNNN``
    (the ``json`` module escapes only C0 itself), plus a final newline."""
    import json

    if indent is None:
        text = json.dumps(data, ensure_ascii=False)
    else:
        parts: list[str] = []
        _indented(data, " " * indent, "\n", parts, json.encoder.encode_basestring)
        text = "".join(parts)
    text = _unsafe_pattern(c0=False).sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n"


def _indented(value: object, unit: str, newline: str, out: list[str], quote: Any) -> None:
    """What ``json.dumps(value, indent=len(unit), ensure_ascii=False)`` writes, character for character,
    without the standard library's pure-Python encoder (which it uses whenever ``indent`` is set: a
    third of rendering a large report). ``quote`` is json's C string encoder."""
    if isinstance(value, str):
        out.append(quote(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float_text(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + unit
        if not any(isinstance(item, (dict, list, tuple)) for item in value.values()):
            # A flat object (a finding): json's C encoder, with the line break and indentation as
            # its item separator, writes the same text.
            text = _flat_encoder(inner)(value)
            out.append("{" + inner + text[1:-1] + newline + "}")
            return
        out.append("{")
        first = True
        for key, item in value.items():
            out.append(inner if first else "," + inner)
            first = False
            out.append(quote(_key_text(key)))
            out.append(": ")
            _indented(item, unit, inner, out, quote)
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + unit
        out.append("[")
        first = True
        for item in value:
            out.append(inner if first else "," + inner)
            first = False
            _indented(item, unit, inner, out, quote)
        out.append(newline + "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_FLAT_ENCODERS: dict[str, Any] = {}


def _flat_encoder(inner: str) -> Any:
    encoder = _FLAT_ENCODERS.get(inner)
    if encoder is None:
        import json

        encoder = _FLAT_ENCODERS[inner] = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": ")).encode
    return encoder


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key_text(key: object) -> str:
    """Dict keys as json writes them."""
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _float_text(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
