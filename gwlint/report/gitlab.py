"""GitLab Code Quality report (a JSON array in the Code Climate subset GitLab reads)::

    [
      {
        "description": "GW101: Lambda integration of GET /pets uses ...",
        "check_name": "GW101",
        "fingerprint": "5f0c...",           # stable across runs and line moves; unique in the report
        "severity": "major",                # info | minor | major | critical | blocker
        "location": {"path": "templates/api.yaml", "lines": {"begin": 24}}
      }
    ]

Use it as ``artifacts: reports: codequality: gl-code-quality-report.json``. Suppressed findings are
left out (GitLab has no notion of them). Severity: note -> ``info``, warning -> ``minor``, error ->
``major``, and an error of a security rule whose ``security_severity`` is 7.0 or more -> ``critical``
(9.0 or more -> ``blocker``). Paths are relative to ``context.root`` (the repository root in CI) with
forward slashes. The fingerprint is gwlint's line-independent fingerprint computed on that relative
path, so it does not depend on how gwlint was invoked; a repeat within one report is re-hashed with a
counter so that every fingerprint is unique, as GitLab requires.
"""

from __future__ import annotations

import hashlib
from gwlint.record import replace
from typing import TYPE_CHECKING, Any

from gwlint.report import ReportContext, json_dumps, relative_path

if TYPE_CHECKING:
    from gwlint.findings import Finding
    from gwlint.rule import Rule

_SEVERITY = {"note": "info", "warning": "minor", "error": "major"}


def severity(finding: "Finding", rules: "dict[str, type[Rule]]") -> str:
    level = _SEVERITY.get(finding.severity.value, "minor")
    rule = rules.get(finding.rule_id)
    score = getattr(rule, "security_severity", None) if rule is not None else None
    if level == "major" and score is not None:
        if score >= 9.0:
            return "blocker"
        if score >= 7.0:
            return "critical"
    return level


def to_list(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> list[dict[str, Any]]:
    issues = []
    seen: set[str] = set()
    for finding in findings:
        if finding.suppressed:
            continue
        path = relative_path(finding.path, context.root) or finding.path.replace("\\", "/")
        fingerprint = replace(finding, path=path).fingerprint
        counter = 0
        while fingerprint in seen:
            counter += 1
            fingerprint = hashlib.sha256(f"{fingerprint}\0{counter}".encode()).hexdigest()[:32]
        seen.add(fingerprint)
        issues.append({
            "description": f"{finding.rule_id}: {finding.message}",
            "check_name": finding.rule_id,
            "fingerprint": fingerprint,
            "severity": severity(finding, rules),
            "location": {"path": path, "lines": {"begin": max(finding.span.line, 1)}},
        })
    return issues


def render(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> str:
    return json_dumps(to_list(findings, rules, context))
