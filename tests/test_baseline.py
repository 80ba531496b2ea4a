"""Baselines (gwlint/baseline.py) as a user runs them: write, apply, survive moved lines, report new
findings and stale entries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gwlint.baseline import Baseline, BaselineError, dumps, load
from gwlint.findings import Finding, Severity
from gwlint.source import Span

ROOT = Path(__file__).resolve().parent.parent
BAD = (ROOT / "fixtures" / "GW101" / "cloudformation.yaml").read_text()


def gwlint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "api.yaml").write_text(BAD)
    return tmp_path


def findings_of(result: subprocess.CompletedProcess) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def test_round_trip(project: Path) -> None:
    before = gwlint("check", "templates", "--select", "GW101", "--format", "json", cwd=project)
    assert before.returncode == 1
    active = findings_of(before)
    assert len(active) == 2

    written = gwlint("check", "templates", "--select", "GW101", "--write-baseline", "gwlint-baseline.json",
                     cwd=project)
    assert written.returncode == 0, written.stdout + written.stderr
    assert "wrote 2 findings to the baseline gwlint-baseline.json" in written.stderr
    assert not [p for p in os.listdir(project) if p.startswith(".gwlint-")]  # written atomically
    data = json.loads((project / "gwlint-baseline.json").read_text())
    assert data["version"] == 1 and data["tool"] == "gwlint"
    assert [set(e) for e in data["findings"]] == [{"rule_id", "path", "pointer", "fingerprint", "message"}] * 2
    assert {(e["rule_id"], e["path"], e["pointer"]) for e in data["findings"]} == {
        ("GW101", "templates/api.yaml", f["pointer"]) for f in active}
    assert all("line" not in e for e in data["findings"])
    # The fingerprint is Finding.fingerprint (here the path as given is the baseline-relative path).
    assert sorted(e["fingerprint"] for e in data["findings"]) == sorted(f["fingerprint"] for f in active)

    after = gwlint("check", "templates", "--select", "GW101", "--baseline", "gwlint-baseline.json", cwd=project)
    assert after.returncode == 0, after.stdout
    assert after.stdout == "No problems found in 1 file (2 suppressed).\n"
    assert after.stderr == ""
    as_json = findings_of(gwlint("check", "templates", "--select", "GW101", "--baseline", "gwlint-baseline.json",
                                 "--format", "json", cwd=project))
    assert {(f["suppressed"], f["suppression_reason"]) for f in as_json} == {
        ("external", "baseline gwlint-baseline.json")}


def test_moved_lines_still_match_new_findings_do_not(project: Path) -> None:
    gwlint("check", ".", "--select", "GW101", "--write-baseline", "base.json", cwd=project)
    template = project / "templates" / "api.yaml"
    template.write_text("# a new header comment\n# and another\n" + template.read_text())
    moved = gwlint("check", ".", "--select", "GW101", "--baseline", "base.json", cwd=project)
    assert moved.returncode == 0, moved.stdout
    # Another defect in the same place is a new finding (the message, hence the fingerprint, differs).
    template.write_text(template.read_text().replace("IntegrationHttpMethod: GET", "IntegrationHttpMethod: PUT"))
    changed = gwlint("check", ".", "--select", "GW101", "--baseline", "base.json", cwd=project)
    assert changed.returncode == 1
    assert "GW101 [error] Lambda integration of GET / uses IntegrationHttpMethod PUT" in changed.stdout
    assert "1 baseline entry in base.json no longer matches" in changed.stderr
    assert "templates/api.yaml: GW101 at /Resources/GetPets/Properties/Integration/IntegrationHttpMethod" in changed.stderr


def test_baseline_works_from_another_directory(project: Path) -> None:
    no_directory = gwlint("check", "templates", "--write-baseline", "ci/base.json", cwd=project)
    assert no_directory.returncode == 2 and "gwlint: error:" in no_directory.stderr
    (project / "ci").mkdir()
    gwlint("check", "templates", "--select", "GW101", "--write-baseline", "ci/base.json", cwd=project)
    assert json.loads((project / "ci" / "base.json").read_text())["findings"][0]["path"] == "../templates/api.yaml"
    inside = gwlint("check", "../templates", "--select", "GW101", "--baseline", "base.json", cwd=project / "ci")
    assert inside.returncode == 0 and inside.stderr == "", inside.stdout + inside.stderr
    absolute = gwlint("check", str(project / "templates" / "api.yaml"), "--select", "GW101", "--baseline",
                      str(project / "ci" / "base.json"), cwd=project / "templates")
    assert absolute.returncode == 0, absolute.stdout


def test_stale_entries_only_for_rules_and_files_that_were_checked(project: Path) -> None:
    (project / "templates" / "other.yaml").write_text(BAD)
    gwlint("check", "templates", "--select", "GW101", "--write-baseline", "base.json", cwd=project)
    # Checking one file only: the other file's entries are not stale.
    one = gwlint("check", "templates/api.yaml", "--select", "GW101", "--baseline", "base.json", cwd=project)
    assert one.returncode == 0 and one.stderr == "", one.stderr
    # Another rule selected: GW101's entries are not stale.
    other_rule = gwlint("check", "templates", "--select", "GW6", "--baseline", "base.json", cwd=project)
    assert other_rule.stderr == "", other_rule.stderr
    # A deleted file under a checked directory: its entries are stale.
    (project / "templates" / "other.yaml").unlink()
    gone = gwlint("check", "templates", "--select", "GW101", "--baseline", "base.json", cwd=project)
    assert gone.returncode == 0
    assert "2 baseline entries in base.json no longer match" in gone.stderr
    assert gone.stderr.count("templates/other.yaml: GW101 at ") == 2


def test_inline_suppressions_and_parse_errors_are_not_recorded(project: Path) -> None:
    template = project / "templates" / "api.yaml"
    template.write_text(template.read_text().replace(
        "IntegrationHttpMethod: GET", "IntegrationHttpMethod: GET  # gwlint: ignore[GW101] accepted"))
    (project / "templates" / "broken.yaml").write_text("Resources: [\n")
    result = gwlint("check", "templates", "--write-baseline", "base.json", cwd=project)
    assert result.returncode == 2  # the parse error still fails the run
    entries = json.loads((project / "base.json").read_text())["findings"]
    assert [e["rule_id"] for e in entries if e["rule_id"] in ("GW001", "GW003")] == []
    assert all(e["pointer"] != "/Resources/GetPets/Properties/Integration/IntegrationHttpMethod" or
               e["rule_id"] != "GW101" for e in entries)


def test_sarif_carries_baseline_matches_as_external(project: Path) -> None:
    gwlint("check", "templates", "--select", "GW101", "--write-baseline", "base.json", cwd=project)
    gwlint("check", "templates", "--select", "GW101", "--baseline", "base.json", "--format", "sarif", "-o",
           "out.sarif", cwd=project)
    results = json.loads((project / "out.sarif").read_text())["runs"][0]["results"]
    assert [r["suppressions"] for r in results] == [[{"kind": "external", "justification": "baseline base.json"}]] * 2


def test_bad_baseline_files_are_usage_errors(project: Path) -> None:
    missing = gwlint("check", "templates", "--baseline", "nope.json", cwd=project)
    assert missing.returncode == 2 and "baseline file not found" in missing.stderr
    (project / "bad.json").write_text("{}")
    bad = gwlint("check", "templates", "--baseline", "bad.json", cwd=project)
    assert bad.returncode == 2 and "not a gwlint baseline" in bad.stderr
    (project / "bad.json").write_text("{not json")
    assert gwlint("check", "templates", "--baseline", "bad.json", cwd=project).returncode == 2


# -- unit --------------------------------------------------------------------------------------------------------
def finding(pointer: str, message: str = "m", path: str = "a.yaml", line: int = 1, **changes) -> Finding:
    return Finding(rule_id="GW101", rule_name="x", severity=Severity.ERROR, message=message, path=path,
                   span=Span.point(line, 1), pointer=pointer, **changes)


def test_each_entry_matches_one_finding(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = dumps([finding("/a", line=3)], "base.json")
    (tmp_path / "base.json").write_text(text)
    baseline = load("base.json")
    out, stale = baseline.apply([finding("/a", line=9), finding("/a", line=12, message="m"), finding("/b")])
    assert [f.suppressed for f in out] == ["external", None, None]
    assert stale == []
    out, stale = baseline.apply([finding("/a", message="other")])
    assert out[0].suppressed is None and [e["pointer"] for e in stale] == ["/a"]
    assert baseline.apply([], relevant=lambda entry: False)[1] == []


def test_dumps_is_sorted_and_skips_what_is_not_recorded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    findings = [finding("/b"), finding("/a"), finding("/c", suppressed="inSource"), finding("", path="<stdin>"),
                Finding(rule_id="GW001", rule_name="parse-error", severity=Severity.ERROR, message="x",
                        path="z.yaml", span=Span.point(1, 1), pointer="")]
    data = json.loads(dumps(findings, "base.json"))
    assert [e["pointer"] for e in data["findings"]] == ["/a", "/b"]
    assert dumps(findings, "base.json") == dumps(list(reversed(findings)), "base.json")


def test_load_rejects_malformed_entries(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"version": 1, "findings": [{"rule_id": "GW101"}]}))
    with pytest.raises(BaselineError, match=r"findings\[0\]"):
        load(str(path))
    path.write_text(json.dumps({"version": 1, "tool": "gwlint", "findings": []}))
    assert load(str(path)) == Baseline(str(path), [])
