"""The engine: crashing rules become findings, pointers become spans, the model is built once."""

from __future__ import annotations

from pathlib import Path

from gwlint.engine import Options, run
from gwlint.findings import Severity
from gwlint.registry import load_rules
from gwlint.rule import Rule, Violation

TEMPLATE = "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: pets\n"


class Crashing(Rule):
    """## What it does\nCrashes.\n## Why is this bad?\nTest.\n## Example\n```yaml\na: 1\n```\nUse instead:\n```yaml\na: 1\n```"""
    id = "XX901"
    name = "crashing"
    severity = Severity.ERROR
    summary = "Always raises"

    def check(self, model):
        raise ZeroDivisionError("boom")


class PointsAtMissingKey(Rule):
    id = "XX902"
    name = "points-at-missing-key"
    severity = Severity.WARNING
    summary = "Points at a key that does not exist"

    def check(self, model):
        for api in model.apis:
            yield Violation(api.pointer / "Properties" / "Policy", "no policy")
            yield Violation(api.pointer / "Properties" / "Name", "the name", at="value")


def _options(*rules: type[Rule]) -> Options:
    registry = load_rules()
    selected = {rule.id: rule for rule in rules}
    selected.update({rule_id: registry[rule_id] for rule_id in ("GW001", "GW003")})
    return Options(rules=selected, max_file_size=1_000_000)


def test_crashing_rule_becomes_internal_error_and_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TEMPLATE)
    (tmp_path / "b.yaml").write_text(TEMPLATE)
    result = run([str(tmp_path)], _options(Crashing, PointsAtMissingKey))
    internal = [f for f in result.findings if f.rule_id == "GW003"]
    assert len(internal) == 2
    assert "rule XX901 (crashing)" in internal[0].message and "ZeroDivisionError: boom" in internal[0].message
    assert len([f for f in result.findings if f.rule_id == "XX902"]) == 4


def test_missing_key_is_reported_at_nearest_ancestor_and_value_spans(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TEMPLATE)
    findings = run([str(tmp_path / "a.yaml")], _options(PointsAtMissingKey)).findings
    by_message = {f.message: f for f in findings}
    assert by_message["no policy"].span.line == 4 and by_message["no policy"].span.column == 5
    assert by_message["no policy"].pointer == "/Resources/Api/Properties/Policy"
    name = by_message["the name"].span
    assert (name.line, name.column, name.end_line, name.end_column) == (5, 13, 5, 17)


def test_findings_are_sorted_and_deterministic(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yaml"):
        (tmp_path / name).write_text(TEMPLATE)
    first = run([str(tmp_path)], _options(PointsAtMissingKey)).findings
    second = run([str(tmp_path)], _options(PointsAtMissingKey)).findings
    assert first == second
    assert [f.path for f in first] == sorted(f.path for f in first)


def test_jobs_give_the_same_findings_even_when_a_linked_file_is_in_another_chunk(tmp_path: Path) -> None:
    from gwlint.engine import auto_jobs

    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.1\ninfo: {title: t}\npaths:\n  /x:\n    get:\n      x-amazon-apigateway-integration:\n"
        "        type: aws_proxy\n        httpMethod: GET\n"
        "        uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations\n")
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n"
        "    Properties: {StageName: prod, DefinitionUri: api.yaml}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: i.h, Runtime: python3.12}\n")
    for index in range(3):
        (tmp_path / f"z{index}.yaml").write_text(TEMPLATE)
    options = Options(rules=dict(load_rules()), max_file_size=1_000_000)
    one = run([str(tmp_path)], options, jobs=1)
    three = run([str(tmp_path)], options, jobs=3)
    assert one.findings == three.findings
    assert one.files_checked == three.files_checked == 5
    # The OpenAPI file was checked once, as part of the template (its function resolves to Fn).
    assert len([f for f in one.findings if f.rule_id == "GW101"]) == 1
    assert auto_jobs(10) == 1
