"""``gwlint check --statistics``: active findings counted by rule, most frequent first (ties by id)::

    GW101  lambda-integration-method        12
    GW601  tls-1-0-security-policy           3
    Found 15 problems; 2 suppressed.

With ``--format json`` the same as a JSON list of ``{"rule_id", "rule_name", "count"}``. Suppressed
findings (in source or by the baseline) are not counted, only totalled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gwlint.report import escape_controls, json_dumps

if TYPE_CHECKING:
    from gwlint.findings import Finding
    from gwlint.rule import Rule


def counts(findings: "list[Finding]", rules: "dict[str, type[Rule]]") -> list[dict[str, Any]]:
    by_rule: dict[str, int] = {}
    names: dict[str, str] = {}
    for finding in findings:
        if finding.suppressed:
            continue
        by_rule[finding.rule_id] = by_rule.get(finding.rule_id, 0) + 1
        rule = rules.get(finding.rule_id)
        names.setdefault(finding.rule_id, rule.name if rule is not None else finding.rule_name)
    ordered = sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))
    return [{"rule_id": rule_id, "rule_name": names[rule_id], "count": count} for rule_id, count in ordered]


def render_text(findings: "list[Finding]", rules: "dict[str, type[Rule]]") -> str:
    rows = counts(findings, rules)
    suppressed = sum(1 for f in findings if f.suppressed)
    tail = f"; {suppressed} suppressed" if suppressed else ""
    if not rows:
        return f"No problems found{tail}.\n"
    id_width = max(len(row["rule_id"]) for row in rows)
    name_width = max(len(row["rule_name"]) for row in rows)
    count_width = max(len(str(row["count"])) for row in rows)
    lines = [f"{escape_controls(row['rule_id']):<{id_width}}  {escape_controls(row['rule_name']):<{name_width}}  "
             f"{row['count']:>{count_width}}" for row in rows]
    total = sum(row["count"] for row in rows)
    lines.append(f"Found {total} problem{'' if total == 1 else 's'}{tail}.")
    return "\n".join(lines) + "\n"


def render_json(findings: "list[Finding]", rules: "dict[str, type[Rule]]") -> str:
    return json_dumps(counts(findings, rules))
