"""Human-readable output: one line per finding, a code frame under it, and a summary.

::

    openapi.yaml:12:5: GW201 [error] GET /pets has no authorizer
       |
    11 |   /pets:
    12 |     get:
       |     ^^^
    13 |       responses:
       |

    Found 1 problem (1 error) in 1 file; 3 files checked.

Suppressed findings are not shown, only counted in the summary. With ``quiet`` only the finding
lines are printed (no frames), then the summary, and nothing at all when nothing was found.

Everything that comes from input (paths, messages, source lines) passes through
:func:`~gwlint.report.escape_controls`, so a template cannot send escape sequences to the terminal.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from gwlint.report import ReportContext, escape_controls

if TYPE_CHECKING:
    from gwlint.findings import Finding
    from gwlint.rule import Rule

TAB_WIDTH = 4
CONTEXT_BEFORE = 1
CONTEXT_AFTER = 1

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_BLUE = "\x1b[34m"
_SEVERITY_COLORS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "note": "\x1b[1;36m"}
_SEVERITY_ORDER = ("error", "warning", "note")


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color and text else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _cells(char: str, column: int) -> str:
    """How a source character is drawn at display ``column`` (0-based): tabs expanded, controls escaped."""
    if char == "\t":
        return " " * (TAB_WIDTH - column % TAB_WIDTH)
    return escape_controls(char)


def _width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _render_line(line: str) -> tuple[str, list[int]]:
    """The drawn line and the display column where each character starts (plus one past the end)."""
    out: list[str] = []
    starts: list[int] = []
    column = 0
    for char in line:
        starts.append(column)
        cells = _cells(char, column)
        out.append(cells)
        column += _width(cells)
    starts.append(column)
    return "".join(out), starts


def _source_lines(text: str) -> list[str]:
    # The loaders count lines by "\n" only; drop the "\r" of CRLF files.
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


#: A frame shows at most this many characters of a line, around the finding (a minified JSON file
#: may be one line of a megabyte).
FRAME_WIDTH = 160
_ELLIPSIS = "\u2026"


def _window(line: str, first: int) -> tuple[str, int]:
    """The part of ``line`` shown from character ``first``, and how many characters the left
    ellipsis adds before it."""
    if len(line) <= FRAME_WIDTH and first == 0:
        return line, 0
    shown = line[first:first + FRAME_WIDTH]
    left = _ELLIPSIS if first > 0 else ""
    right = _ELLIPSIS if first + FRAME_WIDTH < len(line) else ""
    return left + shown + right, len(left)


def _frame(finding: "Finding", source: str, color: bool) -> list[str]:
    lines = _source_lines(source)
    span = finding.span
    if not 1 <= span.line <= len(lines):
        return []
    first = max(1, span.line - CONTEXT_BEFORE)
    last = min(len(lines), span.line + CONTEXT_AFTER)
    gutter = len(str(last))
    blank = " " * gutter + " |"
    style = _SEVERITY_COLORS.get(finding.severity.value, "")
    # One horizontal window for the whole frame, starting a little before the finding.
    window_start = max(0, span.column - 1 - 40) if len(lines[span.line - 1]) > FRAME_WIDTH else 0
    out = [_paint(blank, _BLUE, color)]
    for number in range(first, last + 1):
        text, shift = _window(lines[number - 1], window_start)
        drawn, starts = _render_line(text)
        prefix = _paint(f"{number:>{gutter}} |", _BLUE, color)
        out.append(f"{prefix} {drawn}".rstrip())
        if number != span.line:
            continue
        length = len(starts) - 1  # characters drawn on the line
        start = min(max(span.column - 1 - window_start + shift, 0), length)
        if span.end_line == span.line:
            end = min(max(span.end_column - 1 - window_start + shift, start + 1), length)
        else:
            end = length  # multi-line span: underline to the end of its first line
        offset = starts[start]
        width = max(1, starts[end] - offset)
        out.append(f"{_paint(blank, _BLUE, color)} {' ' * offset}{_paint('^' * width, style, color)}")
    out.append(_paint(blank, _BLUE, color))
    return out


def _header(finding: "Finding", color: bool) -> str:
    span = finding.span
    severity = finding.severity.value
    style = _SEVERITY_COLORS.get(severity, "")
    path = _paint(escape_controls(finding.path), _BOLD, color)
    where = f"{path}:{span.line}:{span.column}:"
    return (
        f"{where} {_paint(escape_controls(finding.rule_id), style, color)} "
        f"{_paint(f'[{severity}]', style, color)} {escape_controls(finding.message)}"
    )


def summary(findings: "list[Finding]", files_checked: int) -> str:
    active = [f for f in findings if not f.suppressed]
    suppressed = len(findings) - len(active)
    if not active:
        tail = f" ({suppressed} suppressed)" if suppressed else ""
        return f"No problems found in {_plural(files_checked, 'file')}{tail}."
    counts = {name: 0 for name in _SEVERITY_ORDER}
    for finding in active:
        counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
    parts = ", ".join(_plural(n, name) for name, n in counts.items() if n)
    files = len({f.path for f in active})
    tail = f"; {suppressed} suppressed" if suppressed else ""
    return (
        f"Found {_plural(len(active), 'problem')} ({parts}) in {_plural(files, 'file')}; "
        f"{_plural(files_checked, 'file')} checked{tail}."
    )


def render(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> str:
    color = context.color
    out: list[str] = []
    active = [f for f in findings if not f.suppressed]
    for finding in active:
        out.append(_header(finding, color))
        if context.quiet:
            continue
        source = context.sources.get(finding.path)
        if source is not None:
            out.extend(_frame(finding, source, color))
        out.append("")
    if context.quiet and not active:
        return ""
    if context.quiet:
        out.append(summary(findings, context.files_checked))
    else:
        out.append(_paint(summary(findings, context.files_checked), _BOLD, color))
    return "\n".join(out) + "\n"
