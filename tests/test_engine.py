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
