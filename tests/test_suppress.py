"""Suppressions (gwlint/suppress.py) through the engine: comments, Metadata, x-gwlint-ignore, other
tools' keys, per-file ignores, GW004 for the unused ones, and what the reporters do with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gwlint.engine import Options, run
from gwlint.findings import Severity
from gwlint.registry import load_rules
from gwlint.report import REPORTERS, ReportContext
from gwlint.suppress import PerFileIgnores, glob_to_regex

RULES = load_rules()
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations"


def method(name: str, verb: str, integration_method: str, extra: str = "", metadata: str = "") -> str:
    return (
        f"  {name}:\n    Type: AWS::ApiGateway::Method\n{metadata}"
        f"    Properties:\n      HttpMethod: {verb}\n      AuthorizationType: NONE\n"
        f"      Integration:\n        Type: AWS_PROXY\n"
        f"{extra}        IntegrationHttpMethod: {integration_method}\n        Uri: {URI}\n"
    )


def lint(tmp_path: Path, text: str, name: str = "t.yaml", select=("GW101", "GW004"), **options):
    path = tmp_path / name
    path.write_text(text)
    chosen = {rule_id: RULES[rule_id] for rule_id in select}
    return run([str(path)], Options(rules=chosen, max_file_size=10_000_000, **options)).findings


def lines_of(text: str, needle: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]


def summary(findings) -> list[tuple]:
    return [(f.span.line, f.rule_id, f.suppressed, f.suppression_reason) for f in findings]


# -- comments ------------------------------------------------------------------------------------------------
def test_comment_on_the_line_and_on_the_line_above(tmp_path: Path) -> None:
    text = ("Resources:\n"
            + method("A", "GET", "GET  # gwlint: ignore[GW101] legacy backend")
            + method("B", "PUT", "GET", extra="        # gwlint: ignore[GW101]: reason after a colon\n"
                                              "        # an ordinary comment in between\n")
            + method("C", "POST", "GET"))
    a, b, c = lines_of(text, "IntegrationHttpMethod")
    assert summary(lint(tmp_path, text)) == [(a, "GW101", "inSource", "legacy backend"),
                                             (b, "GW101", "inSource", "reason after a colon"),
                                             (c, "GW101", None, "")]


def test_several_ids_and_lower_case(tmp_path: Path) -> None:
    text = "Resources:\n" + method("A", "GET", "GET  # gwlint: ignore[gw301, GW101] both")
    found = lint(tmp_path, text, select=("GW101", "GW301", "GW004"))
    (line,) = lines_of(text, "IntegrationHttpMethod")
    assert summary(found) == [(line, "GW101", "inSource", "both"), (line, "GW004", None, "")]
    assert found[1].message.startswith("unused suppression comment for GW301: no GW301 finding on this line")


def test_comment_inside_a_string_or_block_scalar_is_text(tmp_path: Path) -> None:
    text = ('Description: "see # gwlint: ignore[GW101] in the docs"\n'
            "Resources:\n"
            + method("A", "GET", "GET", extra="        Description: |\n"
                                              "          # gwlint: ignore[GW101] text of a block scalar\n"))
    assert summary(lint(tmp_path, text)) == [(lines_of(text, "IntegrationHttpMethod")[0], "GW101", None, "")]


def test_a_comment_covers_only_its_line_and_the_next_code_line(tmp_path: Path) -> None:
    text = ("Resources:\n"
            + method("A", "GET", "GET", extra="        # gwlint: ignore[GW101] too far away\n"
                                              "        PassthroughBehavior: WHEN_NO_MATCH\n"))
    found = lint(tmp_path, text)
    assert [(f.rule_id, f.suppressed) for f in found] == [("GW004", None), ("GW101", None)]


def test_bare_and_unknown_ids_are_reported(tmp_path: Path) -> None:
    text = ("Resources:\n"
            + method("A", "GET", "POST  # gwlint: ignore")
            + method("B", "PUT", "POST  # gwlint: ignore[GW1O1] typo"))
    found = lint(tmp_path, text)
    assert [f.rule_id for f in found] == ["GW004", "GW004"]
    assert "names no rule" in found[0].message
    assert found[1].message == ("suppression comment names GW1O1, which is not a gwlint rule "
                                "(see `gwlint rules`)")
    assert (found[1].span.line, found[1].span.column) == (lines_of(text, "GW1O1")[0], 38)
    assert found[1].span.end_column == 38 + len("# gwlint: ignore[GW1O1]")


def test_json_has_no_comments(tmp_path: Path) -> None:
    text = json.dumps({"openapi": "3.0.1", "info": {"title": "# gwlint: ignore[GW101]"}, "paths": {}})
    assert lint(tmp_path, text, name="t.json") == []


# -- which rules count ---------------------------------------------------------------------------------------
def test_suppression_of_a_rule_that_did_not_run_is_not_reported(tmp_path: Path) -> None:
    text = "Resources:\n" + method("A", "GET", "POST  # gwlint: ignore[GW601] not selected in this run")
    assert lint(tmp_path, text) == []


def test_without_gw004_suppressions_still_apply(tmp_path: Path) -> None:
    text = ("Resources:\n" + method("A", "GET", "GET  # gwlint: ignore[GW101]")
            + method("B", "PUT", "POST  # gwlint: ignore[GW101]"))
    assert summary(lint(tmp_path, text, select=("GW101",))) == [(lines_of(text, "GET  #")[0], "GW101", "inSource", "")]


def test_gw004_severity_can_be_overridden(tmp_path: Path) -> None:
    text = "Resources:\n" + method("A", "GET", "POST  # gwlint: ignore[GW101]")
    (finding,) = lint(tmp_path, text, severity_overrides={"GW004": Severity.WARNING})
    assert finding.severity is Severity.WARNING
    assert finding.help_uri.endswith("/docs/rules/GW004.md")


# -- Metadata and x-gwlint-ignore ----------------------------------------------------------------------------
def test_resource_metadata_covers_only_its_resource(tmp_path: Path) -> None:
    meta = "    Metadata:\n      gwlint:\n        ignore:\n          - {id: GW101, reason: accepted}\n"
    text = "Resources:\n" + method("A", "GET", "GET", metadata=meta) + method("B", "PUT", "GET")
    found = lint(tmp_path, text)
    assert [(f.pointer.split("/")[2], f.suppressed, f.suppression_reason) for f in found] == [
        ("A", "inSource", "accepted"), ("B", None, "")]


def test_template_metadata_covers_the_whole_template(tmp_path: Path) -> None:
    text = ("Metadata:\n  cfn-lint:\n    config:\n      ignore_checks: [E3012, GW101]\n"
            "Resources:\n" + method("A", "GET", "GET") + method("B", "PUT", "GET"))
    assert [f.suppressed for f in lint(tmp_path, text)] == ["inSource", "inSource"]


def test_other_tools_keys_only_count_for_gwlint_ids(tmp_path: Path) -> None:
    meta = ("    Metadata:\n"
            "      checkov:\n        skip:\n          - {id: CKV_AWS_59, comment: x}\n"
            "          - {id: GW101, comment: checkov comment}\n"
            "      cfn_nag:\n        rules_to_suppress:\n          - {id: W59, reason: x}\n"
            "          - {id: GW999, reason: no such rule}\n")
    text = "Resources:\n" + method("A", "GET", "GET", metadata=meta)
    found = lint(tmp_path, text)
    assert summary(found) == [(lines_of(text, "GW999")[0], "GW004", None, ""),
                              (lines_of(text, "IntegrationHttpMethod")[0], "GW101", "inSource", "checkov comment")]
    assert found[0].pointer == "/Resources/A/Metadata/cfn_nag/rules_to_suppress/1"
    assert "GW999, which is not a gwlint rule" in found[0].message


def test_sam_metadata_covers_definition_body_and_definition_uri(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /p:\n    get:\n"
        f"      x-amazon-apigateway-integration: {{type: aws_proxy, httpMethod: GET, uri: {URI}}}\n")
    integration = f"x-amazon-apigateway-integration: {{type: aws_proxy, httpMethod: GET, uri: {URI}}}"
    text = (
        "Transform: AWS::Serverless-2016-10-31\nResources:\n"
        "  Inline:\n    Type: AWS::Serverless::Api\n"
        "    Metadata: {gwlint: {ignore: [{id: GW101, reason: inline body}]}}\n"
        "    Properties:\n      StageName: prod\n      DefinitionBody:\n        openapi: 3.0.1\n"
        f"        paths: {{/p: {{get: {{{integration}}}}}}}\n"
        "  Linked:\n    Type: AWS::Serverless::Api\n"
        "    Metadata: {gwlint: {ignore: [{id: GW101, reason: linked file}]}}\n"
        "    Properties:\n      StageName: prod\n      DefinitionUri: api.yaml\n"
    )
    found = lint(tmp_path, text, name="template.yaml")
    assert sorted((Path(f.path).name, f.suppressed, f.suppression_reason) for f in found) == [
        ("api.yaml", "inSource", "linked file"), ("template.yaml", "inSource", "inline body")]


def test_x_gwlint_ignore_on_any_object_json_and_yaml(tmp_path: Path) -> None:
    def document(ignore: object) -> dict:
        return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/p": {
            "get": {"x-gwlint-ignore": ignore,
                    "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "GET", "uri": URI}},
            "put": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "GET", "uri": URI}}}}}

    found = lint(tmp_path, json.dumps(document([{"id": "GW101", "reason": "why"}]), indent=1), name="a.json")
    assert [(f.pointer, f.suppressed, f.suppression_reason) for f in found] == [
        ("/paths/~1p/get/x-amazon-apigateway-integration/httpMethod", "inSource", "why"),
        ("/paths/~1p/put/x-amazon-apigateway-integration/httpMethod", None, "")]
    found = lint(tmp_path, json.dumps(document("GW101")), name="b.yaml")
    assert [f.suppressed for f in found] == ["inSource", None]
    found = lint(tmp_path, json.dumps(document(["GW101", "GW601"])), name="c.yaml", select=("GW101", "GW601", "GW004"))
    assert [(f.rule_id, f.pointer) for f in found if not f.suppressed] == [
        ("GW004", "/paths/~1p/get/x-gwlint-ignore/1"),
        ("GW101", "/paths/~1p/put/x-amazon-apigateway-integration/httpMethod")]


def test_a_suppression_used_by_one_finding_is_used(tmp_path: Path) -> None:
    """Two suppressions covering one finding are both used (no GW004 for redundancy)."""
    meta = "    Metadata: {gwlint: {ignore: [GW101]}}\n"
    text = "Resources:\n" + method("A", "GET", "GET  # gwlint: ignore[GW101] comment wins", metadata=meta)
    assert summary(lint(tmp_path, text)) == [(lines_of(text, "comment wins")[0], "GW101", "inSource", "comment wins")]


# -- per-file ignores ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("glob", "path", "matches"), [
    ("legacy/*.yaml", "legacy/a.yaml", True),
    ("legacy/*.yaml", "legacy/sub/a.yaml", False),
    ("legacy/**/*.yaml", "legacy/sub/a.yaml", True),
    ("legacy/**/*.yaml", "legacy/a.yaml", True),
    ("**/tests/*", "a/b/tests/x.json", True),
    ("*.json", "x.json", True),
    ("a?.yaml", "ab.yaml", True),
    ("a[0-9].yaml", "a7.yaml", True),
    ("a[!0-9].yaml", "a7.yaml", False),
])
def test_globs(glob: str, path: str, matches: bool) -> None:
    assert bool(glob_to_regex(glob).match(path)) is matches


def test_per_file_ignores_drop_findings_and_silence_their_suppressions(tmp_path: Path) -> None:
    (tmp_path / "legacy").mkdir()
    text = ("Resources:\n" + method("A", "GET", "GET") + method("B", "PUT", "POST  # gwlint: ignore[GW101]"))
    ignores = PerFileIgnores.from_config({"legacy/**": ["GW1"], "*.json": ["GW101"]}, str(tmp_path))
    assert lint(tmp_path, text, name="legacy/t.yaml", per_file_ignores=ignores) == []
    assert [f.rule_id for f in lint(tmp_path, text, name="other.yaml", per_file_ignores=ignores)] == ["GW101", "GW004"]
    assert ignores.ignored(str(tmp_path / "deep" / "x.json")) == ("GW101",)
    # Input errors are always reported.
    assert not ignores.drops("GW001", str(tmp_path / "legacy" / "t.yaml"))


# -- reporters -----------------------------------------------------------------------------------------------
def test_reporters_hide_or_carry_suppressed_findings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "Resources:\n" + method("A", "GET", "GET  # gwlint: ignore[GW101] legacy")
    findings = lint(tmp_path, text)
    context = ReportContext(root=str(tmp_path), files_checked=1)
    assert REPORTERS["text"](findings, RULES, context) == "No problems found in 1 file (1 suppressed).\n"
    assert REPORTERS["github"](findings, RULES, context) == ""
    assert json.loads(REPORTERS["gitlab"](findings, RULES, context)) == []
    data = json.loads(REPORTERS["json"](findings, RULES, context))
    assert data["findings"][0]["suppressed"] == "inSource"
    assert data["findings"][0]["suppression_reason"] == "legacy"
    sarif = json.loads(REPORTERS["sarif"](findings, RULES, context))
    assert sarif["runs"][0]["results"][0]["suppressions"] == [{"kind": "inSource", "justification": "legacy"}]
