"""GitHub Actions workflow commands: one annotation per unsuppressed finding.

::

    ::error file=api/openapi.yaml,line=12,col=5,endLine=12,endColumn=8,title=GW201 missing-authorizer::GET /pets has no authorizer

``error``, ``warning`` or ``notice`` by severity. Escaping follows the runner's rules (actions/toolkit
``command.ts``): in the message ``%`` -> ``%25``, ``\\r`` -> ``%0D``, ``\\n`` -> ``%0A``; in property
values also ``:`` -> ``%3A`` and ``,`` -> ``%2C``. Other control characters are shown as ``\\xNN``
first, since the log is a terminal too. Paths are relative to ``context.root`` when inside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gwlint.report import ReportContext, escape_controls, relative_path

if TYPE_CHECKING:
    from gwlint.findings import Finding
    from gwlint.rule import Rule

_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return escape_controls(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: "Finding", root: str) -> str:
    span = finding.span
    path = relative_path(finding.path, root) or finding.path
    title = f"{finding.rule_id} {finding.rule_name}".strip()
    properties = [
        ("file", path),
        ("line", str(span.line)),
        ("col", str(span.column)),
        ("endLine", str(span.end_line)),
        ("endColumn", str(span.end_column)),
        ("title", title),
    ]
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    command = _COMMANDS.get(finding.severity.value, "warning")
    return f"::{command} {props}::{escape_data(finding.message)}"


def render(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> str:
    lines = [annotation(finding, context.root) for finding in findings if not finding.suppressed]
    return "".join(line + "\n" for line in lines)
