"""The command line, run as a user runs it: exit codes, formats, configuration, input errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BAD = (ROOT / "fixtures" / "GW101" / "cloudformation.yaml").read_text()
GOOD = "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: pets}\n"


def gwlint(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwlint", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "bad.yaml").write_text(BAD)
    (tmp_path / "good.yaml").write_text(GOOD)
    return tmp_path


def test_examples_show_findings() -> None:
    result = gwlint("check", str(EXAMPLES))
    assert result.returncode == 1
    for rule_id in ("GW101", "GW301", "GW601"):
        assert rule_id in result.stdout
    assert "Traceback" not in result.stderr


def test_text_output_line_format(project: Path) -> None:
    result = gwlint("check", "bad.yaml", "--select", "GW101", cwd=project)
    assert result.returncode == 1
    assert "bad.yaml:23:32: GW101 [error] " in result.stdout
    assert "IntegrationHttpMethod: GET" in result.stdout  # the code frame
    assert result.stdout.rstrip().splitlines()[-1].startswith("Found 2 problems")


def test_clean_file_exits_zero(project: Path) -> None:
    result = gwlint("check", "good.yaml", "--select", "GW0,GW1,GW3,GW6", cwd=project)
    assert result.returncode == 0, result.stdout
    assert "No problems found" in result.stdout


def test_fail_on_and_select_ignore(project: Path) -> None:
    assert gwlint("check", "bad.yaml", "--fail-on", "never", cwd=project).returncode == 0
    assert gwlint("check", "bad.yaml", "--select", "GW101", "--ignore", "GW1", cwd=project).returncode == 0
    result = gwlint("check", "bad.yaml", "--select", "GW101", "--format", "json", cwd=project)
    assert {f["rule_id"] for f in json.loads(result.stdout)["findings"]} == {"GW101"}
    result = gwlint("check", "bad.yaml", "--select", "GW999", cwd=project)
    assert result.returncode == 2 and "unknown rule" in result.stderr


def test_json_output_structure(project: Path) -> None:
    result = gwlint("check", ".", "--format", "json", "--select", "GW101", cwd=project)
    data = json.loads(result.stdout)
    assert data["summary"]["files"] == 2
    first = data["findings"][0]
    assert first["path"] == "bad.yaml" and first["line"] == 23 and first["rule_id"] == "GW101"
    assert first["pointer"] == "/Resources/GetPets/Properties/Integration/IntegrationHttpMethod"


def test_sarif_validates_on_every_fixture(tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    out = tmp_path / "out.sarif"
    result = gwlint("check", "fixtures", "examples", "--format", "sarif", "--output", str(out), cwd=ROOT)
    assert result.returncode == 2  # the GW001 fixtures are unparseable on purpose
    sarif = json.loads(out.read_text())
    jsonschema.validate(sarif, schema)
    results = sarif["runs"][0]["results"]
    assert results and all(not r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/")
                           for r in results)
    ids = {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"GW001", "GW002", "GW101", "GW301", "GW601"} <= ids


def test_github_format(project: Path) -> None:
    result = gwlint("check", "bad.yaml", "--format", "github", "--select", "GW101", cwd=project)
    assert result.stdout.startswith("::error file=bad.yaml,line=")


def test_input_errors_exit_2_and_other_files_still_checked(project: Path) -> None:
    (project / "broken.yaml").write_text("Resources: [\n")
    result = gwlint("check", "broken.yaml", "missing.yaml", "bad.yaml", cwd=project)
    assert result.returncode == 2
    assert "broken.yaml:" in result.stdout and "GW001" in result.stdout
    assert "missing.yaml:1:1: GW001 [error] no such file or directory" in result.stdout
    assert "bad.yaml:23:32: GW101" in result.stdout
    assert "Traceback" not in result.stderr


def test_stdin(project: Path) -> None:
    result = gwlint("check", "-", stdin=BAD, cwd=project)
    assert result.returncode == 1 and "<stdin>:23:32: GW101" in result.stdout
    empty = gwlint("check", "-", stdin="", cwd=project)
    assert empty.returncode == 2 and "empty standard input" in empty.stdout


def test_not_ours_named_explicitly_is_reported_but_walking_skips_it(project: Path) -> None:
    (project / "workflow.yaml").write_text("name: ci\non: push\n")
    explicit = gwlint("check", "workflow.yaml", cwd=project)
    assert explicit.returncode == 0 and "workflow.yaml: skipped" in explicit.stderr
    walked = gwlint("check", ".", cwd=project)
    assert "workflow.yaml" not in walked.stdout + walked.stderr


def test_configuration_file_and_unknown_keys(project: Path) -> None:
    (project / ".gwlint.toml").write_text('select = ["GW101", "GW601"]\nignore = ["GW101"]\n')
    result = gwlint("check", "bad.yaml", "--format", "json", cwd=project)
    assert result.returncode == 0 and json.loads(result.stdout)["findings"] == []
    # Command-line flags override the file.
    assert gwlint("check", "bad.yaml", "--ignore", "GW6", cwd=project).returncode == 1
    (project / ".gwlint.toml").write_text('fail-on = "never"\n')  # findings, but never failing
    assert gwlint("check", "bad.yaml", cwd=project).returncode == 0
    (project / ".gwlint.toml").write_text('colour = "always"\n')
    result = gwlint("check", "bad.yaml", cwd=project)
    assert result.returncode == 2 and "unknown key 'colour'" in result.stderr
    (project / ".gwlint.toml").write_text('fail-on = "sometimes"\n')
    assert gwlint("check", "bad.yaml", cwd=project).returncode == 2


def test_pyproject_configuration(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.gwlint]\nselect = ["GW6"]\n')
    result = gwlint("check", "bad.yaml", cwd=project)
    assert result.returncode == 0 and "GW101" not in result.stdout


def test_output_file_is_written_atomically(project: Path) -> None:
    out = project / "report.json"
    out.write_text("previous")
    gwlint("check", "bad.yaml", "--format", "json", "--output", str(out), cwd=project)
    assert json.loads(out.read_text())["findings"]
    assert not [p for p in os.listdir(project) if p.startswith(".gwlint-")]


def test_rules_listing_and_rule_docs() -> None:
    listing = json.loads(gwlint("rules", "--format", "json").stdout)
    by_id = {rule["id"]: rule for rule in listing}
    assert by_id["GW101"]["name"] == "lambda-integration-method" and by_id["GW101"]["severity"] == "error"
    assert {"id", "name", "severity", "summary", "help_uri", "tags"} <= set(by_id["GW301"])
    doc = gwlint("rule", "GW101")
    assert doc.returncode == 0 and "## Why is this bad?" in doc.stdout
    assert gwlint("rule", "lambda-integration-method").returncode == 0
    assert gwlint("rule", "GW999").returncode == 2


def test_version() -> None:
    from gwlint import __version__

    assert gwlint("--version").stdout.strip().endswith(__version__)


def test_output_to_a_fifo_or_device_is_written_in_place(tmp_path: Path) -> None:
    """`--output /dev/null` must never replace the device: a non-regular file is written in place."""
    import stat
    import threading

    from gwlint.cli import write_atomically

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    write_atomically(str(fifo), "report\n")
    reader.join(timeout=10)
    assert received == ["report\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    regular = tmp_path / "report.txt"
    write_atomically(str(regular), "one")
    write_atomically(str(regular), "two")
    assert regular.read_text() == "two"


def test_jobs_default_to_auto(monkeypatch, tmp_path: Path) -> None:
    """Without --jobs the engine picks the number (one process below 300 files); --jobs N is passed on."""
    from click.testing import CliRunner

    import gwlint.cli
    import gwlint.engine

    seen: list = []
    real_run = gwlint.engine.run

    def spy(paths, options, jobs=1):
        seen.append(jobs)
        return real_run(paths, options, jobs)

    monkeypatch.setattr(gwlint.engine, "run", spy)
    (tmp_path / "good.yaml").write_text(GOOD)
    runner = CliRunner()
    assert runner.invoke(gwlint.cli.cli, ["check", str(tmp_path)]).exit_code == 0
    assert runner.invoke(gwlint.cli.cli, ["check", "--jobs", "3", str(tmp_path)]).exit_code == 0
    assert seen == [None, 3]
