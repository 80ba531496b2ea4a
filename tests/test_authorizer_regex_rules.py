"""The authorizer validation-expression rules (GW201-GW209) beyond their fixtures: findings that span the
offending part of the expression (gwlint.value_spans), `[tool.gwlint.authorizer-examples]` from the
configuration file to GW209, and rule-level properties on generated expressions."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from gwlint.config import ConfigError, RuleSettings, settings_from
from gwlint.engine import Options, run
from gwlint.registry import load_rules
from gwlint.value_spans import decode_scalar

RULES = load_rules()
REGEX_RULES = tuple(f"GW20{i}" for i in range(1, 10))

TEMPLATE = """\
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {{Name: orders}}
  TokenAuth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: {name}
      Type: TOKEN
      IdentitySource: method.request.header.Authorization
      AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
      IdentityValidationExpression: {expression}
"""
EXPRESSION_LINE = 13


def _check(path: Path, text: str, rule_ids=REGEX_RULES, **rule_settings):
    path.write_text(text)
    options = Options(rules={i: RULES[i] for i in rule_ids}, max_file_size=1_000_000,
                      rule_settings=RuleSettings(**rule_settings))
    return run([str(path)], options).findings


def _covered(text: str, finding) -> str:
    line = text.splitlines()[finding.span.line - 1]
    assert finding.span.end_line == finding.span.line
    return line[finding.span.column - 1:finding.span.end_column - 1]


# -- spans inside the value ---------------------------------------------------------------------------------
@pytest.mark.parametrize("written", [
    r"^Bearer [-0-9a-zA-z\.]+$",  # plain
    r"'^Bearer [-0-9a-zA-z\.]+$'",  # single-quoted
    r'"^Bearer [-0-9a-zA-z\\.]+$"',  # double-quoted: \\ is one backslash
    r"'^(?:Bearer|''x'') [-0-9a-zA-z\.]+$'",  # '' is one quote
    r'"^(?:Bearer|\"x\"|\u00e9) [-0-9a-zA-z\\.]+$"',  # \" and \u escapes before the range
])
def test_the_finding_spans_the_offending_range(tmp_path: Path, written: str) -> None:
    text = TEMPLATE.format(name="token", expression=written)
    findings = _check(tmp_path / "t.yaml", text, ("GW206",))
    assert len(findings) == 1 and findings[0].span.line == EXPRESSION_LINE
    assert _covered(text, findings[0]) == "A-z"


def test_an_escape_inside_the_span_is_covered_whole(tmp_path: Path) -> None:
    text = TEMPLATE.format(name="token", expression=r'"^Bearer [\\w-]+.[\\w-]+$"')
    findings = _check(tmp_path / "t.yaml", text, ("GW202", "GW207"))
    spans = {f.rule_id: _covered(text, f) for f in findings}
    assert spans == {"GW207": ".", "GW202": r"[\\w-]+.[\\w-]+"}


def test_json_strings_are_mapped_through_their_escapes(tmp_path: Path) -> None:
    expression = "^Bearer \u00e9\U0001F600 [-0-9a-zA-z\\.]+$"
    for ensure_ascii in (True, False):
        document = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "x"}},
                                  "Auth": {"Type": "AWS::ApiGateway::Authorizer", "Properties": {
                                      "RestApiId": {"Ref": "Api"}, "Name": "a", "Type": "TOKEN",
                                      "IdentityValidationExpression": expression}}}}
        text = json.dumps(document, indent=1, ensure_ascii=ensure_ascii)
        findings = _check(tmp_path / "t.json", text, ("GW206",))
        assert len(findings) == 1 and _covered(text, findings[0]) == "A-z"


def test_missing_end_anchor_points_at_the_last_character(tmp_path: Path) -> None:
    text = TEMPLATE.format(name="token", expression="'^x-[a-z]+'")
    (finding,) = _check(tmp_path / "t.yaml", text, ("GW204",))
    assert _covered(text, finding) == "+"


@pytest.mark.parametrize("written", [
    "|-\n        ^Bearer [A-z]+$",  # block scalar
    "'^Bearer\n        [A-z]+$'",  # folded onto two lines
    "!!str '^Bearer [A-z]+$'",  # a tag before the scalar
])
def test_unmappable_scalars_fall_back_to_the_whole_value(tmp_path: Path, written: str) -> None:
    text = TEMPLATE.format(name="token", expression=written)
    (finding,) = _check(tmp_path / "t.yaml", text, ("GW206",))
    assert finding.span.line == EXPRESSION_LINE
    assert finding.span.column == len("      IdentityValidationExpression: ") + 1


def test_an_alias_falls_back_to_the_alias(tmp_path: Path) -> None:
    text = TEMPLATE.format(name="token", expression="*expr").replace(
        "Resources:", "Metadata:\n  Expr: &expr '^Bearer [A-z]+$'\nResources:")
    (finding,) = _check(tmp_path / "t.yaml", text, ("GW206",))
    assert _covered(text, finding) == "*expr"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_json_decoding_maps_every_character(value: str) -> None:
    for raw in (json.dumps(value), json.dumps(value, ensure_ascii=False)):
        decoded = decode_scalar(raw, "json")
        assert decoded is not None and decoded[0] == value
        columns = decoded[1]
        assert len(columns) == len(value) + 1 and columns == sorted(columns)
        for i, char in enumerate(value):
            assert json.loads('"' + raw[columns[i]:columns[i + 1]] + '"') == char


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF), max_size=30))
def test_yaml_quoted_decoding_agrees_with_pyyaml(value: str) -> None:
    for style in ("'", '"'):
        dumped = yaml.safe_dump(value, default_style=style, width=1_000_000, allow_unicode=True)
        lines = [line for line in dumped.splitlines() if line != "..."]
        if len(lines) != 1:
            continue  # multi-line: not mapped, by design
        decoded = decode_scalar(lines[0], "yaml")
        assert decoded is not None and decoded[0] == value == yaml.safe_load(lines[0])
        assert len(decoded[1]) == len(value) + 1 and decoded[1] == sorted(decoded[1])


# -- configuration -----------------------------------------------------------------------------------------
def test_authorizer_examples_are_read_into_rule_settings() -> None:
    settings = settings_from({"authorizer-examples": {"TokenAuth": ["Bearer a", "Bearer b"], "x": []}}, "p")
    assert settings.rules.authorizer_examples == (("TokenAuth", ("Bearer a", "Bearer b")), ("x", ()))
    assert settings.rules.authorizer_example_tokens("nope", "TokenAuth") == ("Bearer a", "Bearer b")
    assert settings_from({}, "p").rules.authorizer_examples == ()


@pytest.mark.parametrize("value", [["Bearer a"], {"TokenAuth": "Bearer a"}, {"TokenAuth": [1]}])
def test_authorizer_examples_are_validated(value) -> None:
    with pytest.raises(ConfigError, match="authorizer-examples"):
        settings_from({"authorizer-examples": value}, "pyproject.toml")


@pytest.mark.parametrize("key", ["TokenAuth", "token-name", "Api.TokenAuth", "Api.token-name"])
def test_examples_reach_gw209_by_any_name(tmp_path: Path, key: str) -> None:
    text = TEMPLATE.format(name="token-name", expression=r"'^Bearer [a-z]+\.[a-z]+$'")
    examples = ((key, ("Bearer abc.def", "Bearer abc.DEF")),)
    findings = _check(tmp_path / "t.yaml", text, ("GW209",), authorizer_examples=examples)
    assert [(f.rule_id, f.severity.value, f.span.line) for f in findings] == [("GW209", "error", EXPRESSION_LINE)]
    assert "'Bearer abc.DEF' ([tool.gwlint.authorizer-examples])" in findings[0].message
    other = _check(tmp_path / "t.yaml", text, ("GW209",), authorizer_examples=(("Other", ("x",)),))
    assert other == []


def test_examples_come_from_the_configuration_file(tmp_path: Path, monkeypatch) -> None:
    from gwlint.cli import cli

    (tmp_path / "template.yaml").write_text(TEMPLATE.format(name="token", expression="'^Bearer [a-z]+$'"))
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent("""\
        [tool.gwlint.authorizer-examples]
        TokenAuth = ["Bearer abc", "Bearer ABC"]
    """))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "template.yaml", "--select", "GW209", "-q"])
    assert "GW209" in result.output and "'Bearer ABC'" in result.output and "'Bearer abc'" not in result.output


# -- properties on generated expressions -------------------------------------------------------------------
_SEGMENT = st.sampled_from([r"[a-z]", r"\w", r"[A-Za-z0-9_-]", r"\d", r"[a-z0-9]", "a"])


@st.composite
def _vulnerable(draw) -> tuple[str, str]:
    """An anchored expression holding a known exponential shape, and that shape."""
    atom = draw(_SEGMENT)
    shape = draw(st.sampled_from([f"({atom}+)+", f"({atom}*)*", f"(?:{atom}+{atom}+)+", f"({atom}|{atom})+"]))
    prefix = draw(st.sampled_from(["", "Bearer ", "x-"]))
    return f"^{prefix}{shape}$", shape


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_vulnerable())
def test_gw202_flags_vulnerable_shapes_inside_them(tmp_path: Path, case: tuple[str, str]) -> None:
    expression, shape = case
    text = TEMPLATE.format(name="token", expression="'" + expression + "'")
    findings = [f for f in _check(tmp_path / "t.yaml", text, ("GW202",)) if f.rule_id == "GW202"]
    assert findings and findings[0].severity.value == "error"
    covered = _covered(text, findings[0])
    assert covered in expression and (shape in covered or covered in shape)


_REGEX_ALPHABET = st.sampled_from(list("ab.*+?|()[]{}^$\\-,0123 ") + [r"\w", r"\d", "A-z", "(?:", "{2,}", r"\.", "'"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_REGEX_ALPHABET, min_size=1, max_size=14).map("".join))
def test_rules_never_crash_and_stay_inside_the_value(tmp_path: Path, expression: str) -> None:
    written = "'" + expression.replace("'", "''") + "'"
    text = TEMPLATE.format(name="token", expression=written)
    findings = _check(tmp_path / "t.yaml", text, REGEX_RULES + ("GW003",))
    start = len("      IdentityValidationExpression: ") + 1
    for finding in findings:
        assert finding.rule_id != "GW003", finding.message
        assert finding.span.line == EXPRESSION_LINE
        assert start <= finding.span.column < finding.span.end_column <= start + len(written)
