"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF consumers.

One run. ``tool.driver.rules`` lists every rule that has a result (suppressed results included),
sorted by id; each result's ``ruleIndex`` points into that list. Rule metadata comes from the rule
classes passed in ``rules``; a result whose rule is not among them (an engine diagnostic, say) gets
a descriptor built from the finding itself.

Locations are relative to ``context.root`` under ``uriBaseId: "%SRCROOT%"`` (forward slashes,
percent-encoded), with ``run.originalUriBaseIds["%SRCROOT%"]`` the root's ``file:`` URI. A file
outside the root gets an absolute ``file:`` URI and no ``uriBaseId``.

Fingerprints: gwlint's line-independent id (:attr:`Finding.fingerprint`, computed on the path relative
to the root so that it does not depend on the directory gwlint ran from) goes in
``fingerprints["gwlint/v1"]``.
``partialFingerprints`` is left out on purpose: GitHub only reads ``primaryLocationLineHash`` there,
and the ``upload-sarif`` action computes it only when the field is missing.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from gwlint.report import ReportContext, json_dumps, relative_path

if TYPE_CHECKING:
    from gwlint.findings import Finding
    from gwlint.rule import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/gwlint/gwlint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "gwlint/v1"
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}
_MAX_SHORT = 1024


def _file_uri(path: str, directory: bool = False) -> str:
    from pathlib import Path

    uri = Path(os.path.abspath(path)).as_uri()
    return uri if not directory or uri.endswith("/") else uri + "/"


def artifact_location(path: str, root: str) -> dict[str, str]:
    """``{"uri", "uriBaseId"}`` relative to ``root``, or an absolute file URI for a path outside it."""
    from urllib.parse import quote

    rel = relative_path(path, root)
    if rel is None:
        return {"uri": _file_uri(path)}
    return {"uri": quote(os.fsencode(rel), safe="/"), "uriBaseId": SRCROOT}


def region(finding: "Finding") -> dict[str, int]:
    span = finding.span
    start_line, start_column = max(span.line, 1), max(span.column, 1)
    end_line, end_column = span.end_line, max(span.end_column, 1)
    if (end_line, end_column) < (start_line, start_column):
        end_line, end_column = start_line, start_column + 1
    return {"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column}


def _shorten(text: str, limit: int = _MAX_SHORT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _descriptor(rule: "type[Rule]") -> dict[str, Any]:
    summary = rule.summary or rule.name or rule.id
    docs = rule.docs() or summary
    tags = list(dict.fromkeys(rule.tags))
    properties: dict[str, Any] = {}
    if rule.security_severity is not None:
        if "security" not in tags:
            tags.append("security")
        properties["security-severity"] = f"{float(rule.security_severity):.1f}"
    properties["tags"] = tags
    properties["precision"] = "high"
    properties["problem.severity"] = _PROBLEM_SEVERITY.get(rule.severity.value, "warning")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _shorten(summary)},
        "fullDescription": {"text": rule.doc_sections().get("What it does") or summary},
        "help": {"text": docs, "markdown": docs},
        "helpUri": rule.help_uri(),
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": properties,
    }


def _fallback_descriptor(finding: "Finding") -> dict[str, Any]:
    """For a rule id that is not in ``rules``: what the finding itself tells."""
    text = finding.rule_name or finding.rule_id
    descriptor: dict[str, Any] = {
        "id": finding.rule_id,
        "name": finding.rule_name or finding.rule_id,
        "shortDescription": {"text": _shorten(text)},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
    }
    if finding.help_uri:
        descriptor["helpUri"] = finding.help_uri
    descriptor["defaultConfiguration"] = {"level": finding.severity.value}
    descriptor["properties"] = {
        "tags": [],
        "precision": "high",
        "problem.severity": _PROBLEM_SEVERITY.get(finding.severity.value, "warning"),
    }
    return descriptor


def fingerprint(finding: "Finding", root: str) -> str:
    from gwlint.record import replace

    rel = relative_path(finding.path, root)
    return replace(finding, path=rel).fingerprint if rel is not None else finding.fingerprint


def _result(finding: "Finding", index: int, root: str) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": artifact_location(finding.path, root), "region": region(finding)},
    }
    if finding.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer}]
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [location],
        "fingerprints": {FINGERPRINT_KEY: fingerprint(finding, root)},
    }
    if finding.suppressed:
        suppression: dict[str, str] = {"kind": "inSource" if finding.suppressed == "inSource" else "external"}
        if finding.suppression_reason:
            suppression["justification"] = finding.suppression_reason
        result["suppressions"] = [suppression]
    return result


def to_dict(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> dict[str, Any]:
    by_id = {rule.id: rule for rule in rules.values()}
    by_id.update(rules)
    fired: dict[str, "Finding"] = {}
    for finding in findings:
        fired.setdefault(finding.rule_id, finding)
    rule_ids = sorted(fired)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    descriptors = [
        _descriptor(by_id[rule_id]) if rule_id in by_id else _fallback_descriptor(fired[rule_id])
        for rule_id in rule_ids
    ]
    driver = {
        "name": "gwlint",
        "version": context.version,
        "semanticVersion": context.version,
        "informationUri": INFORMATION_URI,
        "rules": descriptors,
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [{"executionSuccessful": True}],
        "originalUriBaseIds": {SRCROOT: {"uri": _file_uri(context.root, directory=True)}},
        "results": [_result(finding, index[finding.rule_id], context.root) for finding in findings],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> str:
    return json_dumps(to_dict(findings, rules, context))
