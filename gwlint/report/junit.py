"""JUnit XML, for CI systems that show test reports (GitLab ``artifacts: reports: junit``, Jenkins,
Azure Pipelines)::

    <?xml version='1.0' encoding='utf-8'?>
    <testsuites name="gwlint" tests="2" failures="1" errors="0" skipped="1">
      <testsuite name="templates/api.yaml" tests="2" failures="1" errors="0" skipped="1">
        <testcase name="GW101 lambda-integration-method: /Resources/GetPets/..." classname="templates/api.yaml"
                  file="templates/api.yaml" line="24">
          <failure type="error" message="Lambda integration of GET /pets uses ...">templates/api.yaml:24:32: ...</failure>
        </testcase>
        <testcase ...><skipped message="suppressed (inSource): legacy backend" /></testcase>
      </testsuite>
    </testsuites>

One ``testsuite`` per file with findings, one ``testcase`` per finding: a ``failure`` (its ``type`` the
severity) for an active finding, ``skipped`` for a suppressed one. The test name uses the JSON pointer,
not the line, so it stays the same when lines move. With no findings there is one passing test case,
so the report is never empty. No timestamps: the output is deterministic. Characters that XML 1.0
cannot hold (control characters, lone surrogates) are shown as ``\\xNN`` / ``\\uNNNN``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gwlint.report import ReportContext, escape_controls, relative_path

if TYPE_CHECKING:
    from gwlint.findings import Finding
    from gwlint.rule import Rule

_NOT_XML = re.compile("[\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", escape_controls(text, keep="\t\n"))


def _attribute(text: str) -> str:
    return xml_text(text).replace("\n", " ")


def render(findings: "list[Finding]", rules: "dict[str, type[Rule]]", context: ReportContext) -> str:
    import xml.etree.ElementTree as ET

    by_file: dict[str, list["Finding"]] = {}
    for finding in findings:
        path = relative_path(finding.path, context.root) or finding.path
        by_file.setdefault(path, []).append(finding)
    root = ET.Element("testsuites", name="gwlint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for path, items in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=_attribute(path))
        counts = {"tests": len(items), "failures": 0, "errors": 0, "skipped": 0}
        for finding in items:
            span = finding.span
            where = finding.pointer or f"line {span.line}"
            case = ET.SubElement(suite, "testcase", name=_attribute(f"{finding.rule_id} {finding.rule_name}: {where}"),
                                 classname=_attribute(path), file=_attribute(path), line=str(span.line))
            if finding.suppressed:
                counts["skipped"] += 1
                note = f"suppressed ({finding.suppressed})"
                if finding.suppression_reason:
                    note += f": {finding.suppression_reason}"
                ET.SubElement(case, "skipped", message=_attribute(note))
                continue
            counts["failures"] += 1
            failure = ET.SubElement(case, "failure", type=finding.severity.value, message=_attribute(finding.message))
            lines = [f"{path}:{span.line}:{span.column}: {finding.rule_id} [{finding.severity.value}] {finding.message}"]
            if finding.pointer:
                lines.append(f"pointer: {finding.pointer}")
            if finding.help_uri:
                lines.append(f"help: {finding.help_uri}")
            failure.text = xml_text("\n".join(lines))
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name="gwlint", tests="1", failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", name=f"no problems found in {context.files_checked} files", classname="gwlint")
        totals["tests"] = 1
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
