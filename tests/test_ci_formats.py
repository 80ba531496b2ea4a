"""CI integration: JUnit and GitLab Code Quality output, --statistics, per-file-ignores from the
configuration, the pre-commit environment, and SARIF with suppressions (schema-valid)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gwlint.findings import Finding, Severity
from gwlint.report import REPORTERS, ReportContext
from gwlint.report import gitlab as gitlab_reporter
from gwlint.report import statistics
from gwlint.rule import Rule
from gwlint.source import Span

ROOT = Path(__file__).resolve().parent.parent
BAD = (ROOT / "fixtures" / "GW101" / "cloudformation.yaml").read_text()


class SecurityRule(Rule):
    id = "ZZ301"
    name = "fake-open-permission"
    severity = Severity.ERROR
    summary = "Fake"
    security_severity = 9.1


class PlainRule(Rule):
    id = "ZZ101"
    name = "fake-plain"
    severity = Severity.ERROR
    summary = "Fake"


RULES = {SecurityRule.id: SecurityRule, PlainRule.id: PlainRule}


def finding(rule=PlainRule, severity=None, line=3, path="api/t.yaml", pointer="/Resources/A", message="bad", **kw):
    return Finding(rule_id=rule.id, rule_name=rule.name, severity=severity or rule.severity, message=message,
                   path=path, span=Span(line, 5, line, 9), pointer=pointer, **kw)


def gwlint(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture()
def root(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- GitLab Code Quality -------------------------------------------------------------------------------------
def test_gitlab_structure_and_severities(root: Path) -> None:
    findings = [finding(), finding(SecurityRule, pointer="/Resources/P"), finding(severity=Severity.WARNING, line=7),
                finding(severity=Severity.NOTE, line=8, pointer="/x"), finding(line=9, suppressed="inSource")]
    issues = json.loads(REPORTERS["gitlab"](findings, RULES, ReportContext(root=str(root))))
    assert [set(issue) for issue in issues] == [{"description", "check_name", "fingerprint", "severity",
                                                  "location"}] * 4
    assert [issue["severity"] for issue in issues] == ["major", "blocker", "minor", "info"]
    assert issues[0] == {
        "description": "ZZ101: bad", "check_name": "ZZ101", "fingerprint": issues[0]["fingerprint"],
        "severity": "major", "location": {"path": "api/t.yaml", "lines": {"begin": 3}},
    }
    assert len({issue["fingerprint"] for issue in issues}) == 4  # unique, even for identical findings


def test_gitlab_fingerprint_is_line_and_directory_independent(root: Path) -> None:
    def fingerprint(**kw) -> str:
        return json.loads(REPORTERS["gitlab"]([finding(**kw)], RULES, ReportContext(root=str(root))))[0]["fingerprint"]

    assert fingerprint(line=3) == fingerprint(line=30) == fingerprint(path=str(root / "api" / "t.yaml"))
    assert fingerprint(message="other") != fingerprint()
    score = 7.5
    SecurityRule.security_severity = score
    try:
        assert gitlab_reporter.severity(finding(SecurityRule), RULES) == "critical"
    finally:
        SecurityRule.security_severity = 9.1


# -- JUnit ---------------------------------------------------------------------------------------------------
def test_junit_structure(root: Path) -> None:
    findings = [finding(), finding(line=5, message="tab\there <&> \x1b[2J", pointer=""),
                finding(path="b.yaml", suppressed="inSource", suppression_reason="accepted")]
    out = REPORTERS["junit"](findings, RULES, ReportContext(root=str(root), files_checked=3))
    assert out.startswith("<?xml") and out.endswith("</testsuites>\n") and "\x1b" not in out
    tree = ET.fromstring(out)
    assert tree.tag == "testsuites"
    assert {k: tree.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "3", "failures": "2", "errors": "0", "skipped": "1"}
    first, second = tree.findall("testsuite")
    assert first.get("name") == "api/t.yaml" and first.get("failures") == "2"
    cases = first.findall("testcase")
    assert cases[0].get("name") == "ZZ101 fake-plain: /Resources/A" and cases[0].get("line") == "3"
    assert cases[1].get("name") == "ZZ101 fake-plain: line 5"
    failure = cases[1].find("failure")
    assert failure.get("type") == "error" and failure.get("message") == "tab\there <&> \\x1b[2J"
    assert failure.text.startswith("api/t.yaml:5:5: ZZ101 [error] tab")
    skipped = second.find("testcase/skipped")
    assert skipped.get("message") == "suppressed (inSource): accepted"
    assert out == REPORTERS["junit"](findings, RULES, ReportContext(root=str(root), files_checked=3))


def test_junit_without_findings_has_one_passing_case(root: Path) -> None:
    tree = ET.fromstring(REPORTERS["junit"]([], RULES, ReportContext(root=str(root), files_checked=4)))
    assert tree.get("tests") == "1" and tree.get("failures") == "0"
    (case,) = tree.iter("testcase")
    assert case.get("name") == "no problems found in 4 files" and list(case) == []


# -- the command line ----------------------------------------------------------------------------------------
@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "bad.yaml").write_text(BAD)
    (tmp_path / "examples").mkdir()
    for name in ("rest-api.yaml", "sam-app.yaml", "openapi.yaml"):
        (tmp_path / "examples" / name).write_text((ROOT / "examples" / name).read_text())
    return tmp_path


def test_cli_junit_and_gitlab(project: Path) -> None:
    junit = gwlint("check", "bad.yaml", "--select", "GW101", "--format", "junit", cwd=project)
    assert junit.returncode == 1
    assert ET.fromstring(junit.stdout).get("failures") == "2"
    (project / ".gwlint.toml").write_text('format = "gitlab"\n')
    gitlab = gwlint("check", "bad.yaml", "--select", "GW101", cwd=project)
    assert [issue["check_name"] for issue in json.loads(gitlab.stdout)] == ["GW101", "GW101"]


def test_statistics(project: Path) -> None:
    result = gwlint("check", "examples", "bad.yaml", "--statistics", "--select", "GW101,GW301,GW601", cwd=project)
    assert result.returncode == 1
    rows = [line.split() for line in result.stdout.splitlines()[:-1]]
    counts = [int(row[2]) for row in rows]
    assert sorted(row[0] for row in rows) == ["GW101", "GW301", "GW601"]
    assert [(row[0], int(row[2])) for row in rows] == sorted(((row[0], int(row[2])) for row in rows),
                                                            key=lambda item: (-item[1], item[0]))
    assert dict((row[0], row[1]) for row in rows)["GW101"] == "lambda-integration-method"
    assert result.stdout.splitlines()[-1] == f"Found {sum(counts)} problems."
    as_json = gwlint("check", "examples", "bad.yaml", "--statistics", "--format", "json",
                     "--select", "GW101,GW301,GW601", cwd=project)
    assert json.loads(as_json.stdout)[0] == {"rule_id": rows[0][0], "rule_name": rows[0][1], "count": counts[0]}
    # With --output the report goes to the file and the statistics to stdout.
    both = gwlint("check", "bad.yaml", "--select", "GW101", "--statistics", "--format", "sarif", "-o", "r.sarif",
                  cwd=project)
    assert both.stdout.startswith("GW101  lambda-integration-method  2\n")
    assert json.loads((project / "r.sarif").read_text())["version"] == "2.1.0"


def test_statistics_unit() -> None:
    findings = [finding(), finding(SecurityRule), finding(SecurityRule, line=9), finding(suppressed="external")]
    assert statistics.counts(findings, RULES) == [
        {"rule_id": "ZZ301", "rule_name": "fake-open-permission", "count": 2},
        {"rule_id": "ZZ101", "rule_name": "fake-plain", "count": 1}]
    assert statistics.render_text(findings, RULES).splitlines()[-1] == "Found 3 problems; 1 suppressed."
    assert statistics.render_text([], RULES) == "No problems found.\n"


def test_per_file_ignores_from_configuration(project: Path) -> None:
    (project / "legacy").mkdir()
    (project / "legacy" / "old.yaml").write_text(BAD)
    (project / "pyproject.toml").write_text('[tool.gwlint.per-file-ignores]\n"legacy/**" = ["GW1"]\n')
    result = gwlint("check", "legacy", "bad.yaml", "--select", "GW101", "--format", "json", cwd=project)
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"bad.yaml"}
    # Relative to the configuration file, wherever gwlint runs from.
    inside = gwlint("check", ".", "--select", "GW101", cwd=project / "legacy")
    assert inside.returncode == 0, inside.stdout
    (project / "pyproject.toml").write_text('[tool.gwlint.per-file-ignores]\n"legacy/**" = ["GW9"]\n')
    unknown = gwlint("check", "legacy", cwd=project)
    assert unknown.returncode == 2 and "per-file-ignores: unknown rule id or prefix: GW9" in unknown.stderr
    (project / "pyproject.toml").write_text('[tool.gwlint]\nper-file-ignores = {"a" = "GW101"}\n')
    assert gwlint("check", "legacy", cwd=project).returncode == 2


def test_skipped_files_are_silent_under_pre_commit(project: Path) -> None:
    (project / "workflow.yml").write_text("name: ci\non: push\n")
    plain = gwlint("check", "workflow.yml", cwd=project)
    assert "skipped" in plain.stderr
    hooked = gwlint("check", "workflow.yml", cwd=project, env=dict(os.environ, PRE_COMMIT="1"))
    assert hooked.returncode == 0 and hooked.stderr == ""


def test_sarif_with_suppressions_and_gw004_validates(tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    out = tmp_path / "out.sarif"
    gwlint("check", "fixtures/GW004", "--format", "sarif", "--output", str(out), cwd=ROOT)
    log = json.loads(out.read_text())
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    kinds = {(r["ruleId"], r["suppressions"][0]["kind"]) for r in results if "suppressions" in r}
    assert {("GW101", "inSource"), ("GW301", "inSource"), ("GW601", "inSource")} <= kinds
    assert any(r.get("suppressions", [{}])[0].get("justification") == "legacy backend answers GET" for r in results)
    assert any(r["ruleId"] == "GW004" and "suppressions" not in r for r in results)
