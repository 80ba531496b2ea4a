"""Machine-readable output with a stable, versioned structure.

Structure (``version`` changes only on an incompatible change; new keys may be added)::

    {
      "version": 1,
      "tool": {"name": "gwlint", "version": "0.1.0"},
      "summary": {
        "files": 12,                  # files checked
        "findings": 3,                # active findings (suppressed ones not counted)
        "by_severity": {"error": 1, "warning": 2, "note": 0},   # active findings; all three keys
        "suppressed": 1               # suppressed findings
      },
      "findings": [                   # every finding, suppressed ones included, in the given order
        {
          "rule_id": "GW201",
          "rule_name": "missing-authorizer",
          "severity": "error",        # "error" | "warning" | "note"
          "message": "...",
          "path": "api/openapi.yaml", # as the user gave it
          "line": 12, "column": 5,    # 1-based; columns count Unicode code points
          "end_line": 12, "end_column": 8,   # end column exclusive
          "pointer": "/paths/~1pets/get",    # RFC 6901 JSON pointer in the file ("" = whole file)
          "help_uri": "https://...",  # "" when unknown
          "fingerprint": "...",       # line-independent id (rule, path, pointer, message)
          "suppressed": null,         # null | "inSource" | "external"
          "suppression_reason": ""    # why, when suppressed ("" otherwise)
        }
      ]
    }

Keys appear in the order above. Output is UTF-8 JSON, indented by two spaces, with a final newline;
control characters in strings are escaped (``\\u001b``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gwlint.report import ReportContext, json_dumps

if TYPE_CHECKING:
    from gwlint.findings import Finding
    from gwlint.rule import Rule

FORMAT_VERSION = 1


def _help_uri(finding: "Finding", rules: "dict[str, type[Rule]]") -> str:
    if finding.help_uri:
        return finding.help_uri
    rule = rules.get(finding.rule_id)
    return rule.help_uri() if rule is not None else ""


def finding_to_dict(finding: "Finding", rules: "dict[str, type[Rule]]") -> dict[str, Any]:
    span = finding.span
    return {
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "pointer": finding.pointer,
        "help_uri": _help_uri(finding, rules),
        "fingerprint": finding.fingerprint,
        "suppressed": finding.suppressed or None,
        "suppression_reason": finding.suppression_reason if finding.suppressed else "",
    }


def to_dict(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> dict[str, Any]:
    by_severity = {"error": 0, "warning": 0, "note": 0}
    suppressed = 0
    for finding in findings:
        if finding.suppressed:
            suppressed += 1
        else:
            by_severity[finding.severity.value] = by_severity.get(finding.severity.value, 0) + 1
    return {
        "version": FORMAT_VERSION,
        "tool": {"name": "gwlint", "version": context.version},
        "summary": {
            "files": context.files_checked,
            "findings": len(findings) - suppressed,
            "by_severity": by_severity,
            "suppressed": suppressed,
        },
        "findings": [finding_to_dict(finding, rules) for finding in findings],
    }


def render(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> str:
    return json_dumps(to_dict(findings, rules, context))
