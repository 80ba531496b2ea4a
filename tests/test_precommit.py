"""gwlint as a pre-commit hook, for real: a throwaway git repository uses this checkout's committed
``.pre-commit-hooks.yaml`` at the current HEAD commit, and ``pre-commit run --all-files`` must fail on a
template with a defect and pass once it is fixed.

pre-commit clones the *committed* state of this checkout (``rev`` is ``git rev-parse HEAD``), so the
test exercises whatever is committed, not the working tree. Building the hook's virtual environment
needs PyPI; when that is impossible the test is skipped with pre-commit's own reason. It is marked
``precommit`` (``-m "not precommit"`` leaves it out).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.precommit

DEFECT = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  GetPets:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: {method}
        Uri: !Sub arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{Fn.Arn}}/invocations
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {{Name: pets}}
"""

#: A YAML file that is not ours: pre-commit passes it to the hook, and it must never fail the run.
WORKFLOW = "name: ci\non: push\njobs: {}\n"


#: What pip and virtualenv print when PyPI cannot be reached: only then is a failed install a skip.
_CANNOT_BUILD = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
                 "No matching distribution found", "Could not find a version", "ConnectTimeout", "ReadTimeout",
                 "ProxyError", "SSLError", "Connection refused", "Name or service not known")


def _git(*args: str, cwd: Path) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _pre_commit(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("PRE_COMMIT", None)
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="module")
def head() -> str:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the `test` extra)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        return _git("rev-parse", "HEAD", cwd=ROOT).strip()
    except subprocess.CalledProcessError:
        pytest.skip(f"{ROOT} is not a git checkout with a commit")


def test_hook_definition_matches_the_documented_contract() -> None:
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    hook = hooks["gwlint"]
    assert hook["language"] == "python"
    assert hook["entry"] == "gwlint check"
    assert hook["types_or"] == ["yaml", "json"]
    assert hook.get("pass_filenames", True) is True
    # One process for all files: a template and the OpenAPI file it references are checked together.
    assert hook["require_serial"] is True
    whole = hooks["gwlint-all"]
    assert whole["entry"] == "gwlint check ." and whole["pass_filenames"] is False


def test_manifest_is_valid_for_pre_commit(head: str) -> None:
    result = _pre_commit("validate-manifest", str(ROOT / ".pre-commit-hooks.yaml"), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_run_fails_on_a_defect_and_passes_when_fixed(head: str, tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT.as_posix()}\n    rev: {head}\n    hooks:\n      - id: gwlint\n")
    (repo / "template.yaml").write_text(DEFECT.format(method="GET"))
    # The project's configuration narrows the run to the defect this test is about (the hook reads it).
    (repo / ".gwlint.toml").write_text('select = ["GW101"]\n')
    (repo / ".github").mkdir()
    (repo / ".github" / "workflow.yml").write_text(WORKFLOW)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "template with a defect", cwd=repo)

    install = _pre_commit("install-hooks", cwd=repo)
    if install.returncode != 0:
        log = install.stdout + install.stderr
        if not any(marker in log for marker in _CANNOT_BUILD):
            pytest.fail(f"pre-commit could not install the gwlint hook:\n{log}")
        pytest.skip("cannot build the hook environment: " + " | ".join(log.strip().splitlines()[-3:]))

    failing = _pre_commit("run", "--all-files", cwd=repo)
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "gwlint" in output and "Failed" in output
    assert "template.yaml:12:32: GW101 [error]" in output, output

    (repo / "template.yaml").write_text(DEFECT.format(method="POST"))
    _git("commit", "-q", "-am", "fix the integration method", cwd=repo)
    passing = _pre_commit("run", "--all-files", cwd=repo)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout  # with .github/workflow.yml passed to the hook too: not ours, not an error
