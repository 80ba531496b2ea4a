"""`gwlint check --base REF` against real git repositories built in a temporary directory."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

TEMPLATE = """\
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {{Name: items}}
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: {authorization}
      Integration: {{Type: MOCK}}
  {deployment}:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [GetItems]
    Properties: {{RestApiId: !Ref Api, StageName: prod, Description: {description}}}
"""

SAM = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      OpenApiVersion: 3.0.1
      DefinitionBody:
        openapi: 3.0.1
        paths:
          /items:
            get:
              x-amazon-apigateway-integration: {{type: {kind}}}
"""


def template(authorization: str = "NONE", deployment: str = "Deployment", description: str = "v1") -> str:
    return TEMPLATE.format(authorization=authorization, deployment=deployment, description=description)


def git(repo: Path, *arguments: str) -> str:
    result = subprocess.run(["git", *arguments], cwd=repo, capture_output=True, text=True, check=True)
    return result.stdout


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "config", "user.name", "gwlint test")
    git(path, "config", "user.email", "gwlint@example.com")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit(repo: Path, files: dict[str, str], message: str = "change") -> None:
    for name, text in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def gwlint(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwlint", "check", "--select", "GW411", "--format", "json",
                           *arguments], cwd=cwd, capture_output=True, text=True, timeout=120)


def findings(result: subprocess.CompletedProcess) -> list[dict]:
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    commit(repo, {"stacks/api.yaml": template()}, "base")
    return repo


def test_changed_method_with_the_same_deployment_is_reported_at_the_method(repo: Path) -> None:
    (repo / "stacks/api.yaml").write_text(template(authorization="AWS_IAM"))
    result = gwlint("stacks/api.yaml", "--base", "HEAD", cwd=repo)
    found = findings(result)
    assert result.returncode == 1
    assert [(f["rule_id"], f["line"]) for f in found] == [("GW411", 5)]
    assert "method GET / changed (AuthorizationType)" in found[0]["message"]
    assert "since HEAD" in found[0]["message"] and "Deployment" in found[0]["message"]


@pytest.mark.parametrize("head", [template(authorization="AWS_IAM", deployment="DeploymentV2"),
                                  template(authorization="AWS_IAM", description="v2")],
                         ids=["new logical id", "new description"])
def test_no_finding_when_the_deployment_is_re_created(repo: Path, head: str) -> None:
    (repo / "stacks/api.yaml").write_text(head)
    result = gwlint("stacks/api.yaml", "--base", "HEAD", cwd=repo)
    assert findings(result) == [] and result.returncode == 0


def test_no_finding_without_a_change_or_for_formatting_only(repo: Path) -> None:
    assert findings(gwlint("stacks/api.yaml", "--base", "HEAD", cwd=repo)) == []
    (repo / "stacks/api.yaml").write_text("# a comment\n" + template().replace("{Type: MOCK}", "\n        Type: MOCK"))
    assert findings(gwlint("stacks/api.yaml", "--base", "HEAD", cwd=repo)) == []


def test_sam_hashed_deployments_are_fine(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "sam")
    commit(repo, {"template.yaml": SAM.format(kind="mock")})
    (repo / "template.yaml").write_text(SAM.format(kind="http_proxy"))
    assert findings(gwlint("template.yaml", "--base", "HEAD", cwd=repo)) == []


def test_a_file_new_at_the_revision_is_not_an_error(repo: Path) -> None:
    (repo / "stacks/other.yaml").write_text(template(authorization="AWS_IAM"))
    result = gwlint("stacks", "--base", "HEAD", cwd=repo)
    assert findings(result) == [] and result.returncode == 0


def test_committed_changes_against_an_older_revision_and_from_another_directory(repo: Path, tmp_path: Path) -> None:
    commit(repo, {"stacks/api.yaml": template(authorization="AWS_IAM")})
    # The path is given from outside the repository: git runs in the file's directory.
    result = gwlint(str(repo / "stacks/api.yaml"), "--base", "HEAD~1", cwd=tmp_path)
    assert [f["line"] for f in findings(result)] == [5]
    assert findings(gwlint(str(repo / "stacks"), "--base", "HEAD", cwd=tmp_path)) == []


def test_origin_main_in_a_clone(repo: Path, tmp_path: Path) -> None:
    branch = git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    git(clone, "config", "user.name", "gwlint test")
    git(clone, "config", "user.email", "gwlint@example.com")
    git(clone, "checkout", "-q", "-b", "feature")
    commit(clone, {"stacks/api.yaml": template(authorization="AWS_IAM")})
    result = gwlint(".", "--base", f"origin/{branch}", cwd=clone)
    assert [(f["path"], f["line"]) for f in findings(result)] == [("stacks/api.yaml", 5)]


def test_a_changed_linked_definition_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "linked")
    body = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /items:\n    get:\n" \
           "      x-amazon-apigateway-integration: {type: %s}\n"
    stack = ("Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n"
             "      Name: items\n      BodyS3Location: openapi.yaml\n"
             "  Deployment:\n    Type: AWS::ApiGateway::Deployment\n"
             "    Properties: {RestApiId: !Ref Api, StageName: prod}\n")
    commit(repo, {"template.yaml": stack, "openapi.yaml": body % "mock"})
    (repo / "openapi.yaml").write_text(body % "http_proxy")
    found = findings(gwlint("template.yaml", "--base", "HEAD", cwd=repo))
    assert [(f["path"], f["line"]) for f in found] == [("openapi.yaml", 6)]
    assert "the integration of GET /items changed (type)" in found[0]["message"]


@pytest.mark.parametrize("revision, message", [
    ("no-such-branch", "unknown revision"),
    ("--output=x", "not a valid git revision"),
])
def test_unknown_or_invalid_revision_is_a_usage_error(repo: Path, revision: str, message: str) -> None:
    result = gwlint("stacks/api.yaml", f"--base={revision}", cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_not_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(template())
    result = gwlint("api.yaml", "--base", "HEAD", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr and "Traceback" not in result.stderr


def test_a_repository_without_commits_has_no_head(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "empty")
    (repo / "api.yaml").write_text(template())
    result = gwlint("api.yaml", "--base", "HEAD", cwd=repo)
    assert result.returncode == 2 and "unknown revision" in result.stderr


def test_same_findings_with_several_jobs(repo: Path) -> None:
    commit(repo, {f"stacks/api{i}.yaml": template() for i in range(4)})
    for i in (1, 3):
        (repo / f"stacks/api{i}.yaml").write_text(template(authorization="AWS_IAM"))
    one = findings(gwlint("stacks", "--base", "HEAD", cwd=repo))
    two = findings(gwlint("stacks", "--base", "HEAD", "--jobs", "2", cwd=repo))
    assert [f["path"] for f in one] == ["stacks/api1.yaml", "stacks/api3.yaml"] and one == two


def test_without_base_the_rule_is_quiet(repo: Path) -> None:
    (repo / "stacks/api.yaml").write_text(template(authorization="AWS_IAM"))
    assert findings(gwlint("stacks/api.yaml", cwd=repo)) == []


def test_a_description_computed_at_deploy_time_counts_as_changed(tmp_path: Path) -> None:
    """`Description: !Ref DeployTime` (a parameter a pipeline sets on every deployment) is the classic
    work-around: CloudFormation sees a new Description each time."""
    repo = make_repo(tmp_path / "stamped")
    commit(repo, {"api.yaml": template(description="!Ref DeployTime")})
    (repo / "api.yaml").write_text(template(authorization="AWS_IAM", description="!Ref DeployTime"))
    assert findings(gwlint("api.yaml", "--base", "HEAD", cwd=repo)) == []
