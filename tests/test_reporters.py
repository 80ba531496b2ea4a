"""Reporters: text, JSON, SARIF (validated against the vendored OASIS schema) and GitHub commands.

Findings and rules are built here; nothing depends on the real rules or on the engine.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwlint.findings import Finding, Severity
from gwlint.report import REPORTERS, ReportContext, escape_controls, get_reporter, json_dumps
from gwlint.report import github as github_reporter
from gwlint.report import sarif as sarif_reporter
from gwlint.report import text as text_reporter
from gwlint.rule import Rule
from gwlint.source import Span

DATA = Path(__file__).parent / "data"
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


class FakeAuthRule(Rule):
    """Flags operations that nobody guards.

    ## What it does
    Checks that every operation has an authorizer.

    ## Why is this bad?
    Anyone on the internet can call it.

    ## Example
    ```yaml
    get: {}
    ```

    ## Use instead
    ```yaml
    get: {security: [{auth: []}]}
    ```
    """

    id = "ZZ201"
    name = "fake-missing-authorizer"
    severity = Severity.ERROR
    summary = "Operation has no authorizer"
    tags = ("auth", "openapi")
    security_severity = 7.5


class FakeStyleRule(Rule):
    """Likes tidy names."""

    id = "ZZ100"
    name = "fake-tidy-names"
    severity = Severity.WARNING
    summary = "Names should be tidy"
    tags = ("style",)


RULES: dict[str, type[Rule]] = {FakeAuthRule.id: FakeAuthRule, FakeStyleRule.id: FakeStyleRule}

SOURCE = "openapi: 3.0.0\npaths:\n  /pets:\n    get:\n      responses: {}\n"


def auth_finding(path: str = "api/openapi.yaml", **changes) -> Finding:
    values = dict(
        rule_id="ZZ201",
        rule_name="fake-missing-authorizer",
        severity=Severity.ERROR,
        message="GET /pets has no authorizer",
        path=path,
        span=Span(4, 5, 4, 8),
        pointer="/paths/~1pets/get",
        help_uri=FakeAuthRule.help_uri(),
    )
    values.update(changes)
    return Finding(**values)


def style_finding(**changes) -> Finding:
    values = dict(
        rule_id="ZZ100",
        rule_name="fake-tidy-names",
        severity=Severity.WARNING,
        message="path /pets is not tidy",
        path="api/openapi.yaml",
        span=Span(3, 3, 3, 8),
        pointer="/paths/~1pets",
    )
    values.update(changes)
    return Finding(**values)


def note_finding(**changes) -> Finding:
    values = dict(
        rule_id="ZZ900",  # not in RULES: an engine diagnostic, say
        rule_name="engine-note",
        severity=Severity.NOTE,
        message="something to know",
        path="other.json",
        span=Span(1, 1, 1, 2),
        pointer="",
    )
    values.update(changes)
    return Finding(**values)


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def context(**changes) -> ReportContext:
    values = dict(root=".", color=False, sources={"api/openapi.yaml": SOURCE}, files_checked=12, version="1.2.3")
    values.update(changes)
    return ReportContext(**values)


# -- registry -----------------------------------------------------------------------------------------------


def test_reporters_are_registered_and_lazy():
    assert set(REPORTERS) == {"text", "json", "sarif", "github", "junit", "gitlab"}
    code = (
        "import sys, gwlint.report as r\n"
        "assert 'gwlint.report.sarif' not in sys.modules\n"
        "assert 'gwlint.report.json' not in sys.modules\n"
        "out = r.REPORTERS['text']([], {}, r.ReportContext(files_checked=2))\n"
        "assert out == 'No problems found in 2 files.\\n', out\n"
        "assert 'gwlint.report.text' in sys.modules\n"
        "assert 'gwlint.report.sarif' not in sys.modules\n"
        "assert 'jsonschema' not in sys.modules and 'pydantic' not in sys.modules\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert get_reporter("sarif") is sarif_reporter.render


def test_report_context_is_frozen():
    ctx = context()
    with pytest.raises(AttributeError):
        ctx.quiet = True  # type: ignore[misc]


# -- SARIF -----------------------------------------------------------------------------------------------


def sarif(findings, rules=RULES, **ctx) -> dict:
    out = REPORTERS["sarif"](findings, rules, context(**ctx))
    assert out.endswith("\n")
    return json.loads(out)


def test_sarif_validates_against_schema(root):
    findings = [
        style_finding(),
        auth_finding(),
        auth_finding(path="api/second.yaml", suppressed="inSource", suppression_reason="public on purpose"),
        note_finding(suppressed="external"),
    ]
    log = sarif(findings)
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert log["version"] == "2.1.0"
    assert log["$schema"] == SCHEMA["id"]


def test_sarif_empty_run_validates(root):
    log = sarif([])
    assert not list(jsonschema.Draft4Validator(SCHEMA).iter_errors(log))
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_driver_and_run(root):
    log = sarif([auth_finding()])
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gwlint"
    assert driver["version"] == driver["semanticVersion"] == "1.2.3"
    assert driver["informationUri"].startswith("https://")
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root.as_uri() + "/"}}


def test_sarif_rule_metadata(root):
    log = sarif([auth_finding(), style_finding()])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["ZZ100", "ZZ201"]
    auth = rules[1]
    assert auth["name"] == "fake-missing-authorizer"
    assert auth["shortDescription"] == {"text": "Operation has no authorizer"}
    assert auth["fullDescription"] == {"text": "Checks that every operation has an authorizer."}
    assert auth["help"]["text"] == FakeAuthRule.docs()
    assert auth["help"]["markdown"] == FakeAuthRule.docs()
    assert auth["help"]["markdown"].startswith("Flags operations that nobody guards.\n\n## What it does")
    assert auth["helpUri"] == "https://github.com/gwlint/gwlint/blob/main/docs/rules/ZZ201.md"
    assert auth["defaultConfiguration"] == {"level": "error"}
    assert auth["properties"]["security-severity"] == "7.5"
    assert auth["properties"]["tags"] == ["auth", "openapi", "security"]
    assert auth["properties"]["precision"] == "high"
    style = rules[0]
    assert style["defaultConfiguration"] == {"level": "warning"}
    assert "security-severity" not in style["properties"]
    assert style["properties"]["tags"] == ["style"]
    # no "What it does" section: the summary stands in
    assert style["fullDescription"] == {"text": "Names should be tidy"}


def test_sarif_lists_only_rules_that_fired_and_rule_index_matches(root):
    findings = [note_finding(), auth_finding(), auth_finding(path="b.yaml")]
    log = sarif(findings)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["ZZ201", "ZZ900"]  # ZZ100 did not fire
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert [r["ruleId"] for r in run["results"]] == ["ZZ900", "ZZ201", "ZZ201"]
    # a rule not passed in `rules` gets a descriptor from the finding
    engine = rules[1]
    assert engine["name"] == "engine-note"
    assert engine["defaultConfiguration"] == {"level": "note"}
    assert engine["shortDescription"]["text"] and engine["fullDescription"]["text"] and engine["help"]["text"]


def test_sarif_result(root):
    log = sarif([auth_finding()])
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "ZZ201"
    assert result["level"] == "error"
    assert result["message"] == {"text": "GET /pets has no authorizer"}
    (location,) = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "api/openapi.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 8},
    }
    assert location["logicalLocations"] == [{"fullyQualifiedName": "/paths/~1pets/get"}]
    assert result["fingerprints"] == {"gwlint/v1": auth_finding().fingerprint}
    assert "partialFingerprints" not in result
    assert "suppressions" not in result


def test_sarif_level_follows_the_finding_not_the_rule_default(root):
    (result,) = sarif([auth_finding(severity=Severity.WARNING)])["runs"][0]["results"]
    assert result["level"] == "warning"


def test_sarif_suppressions(root):
    findings = [
        auth_finding(suppressed="inSource", suppression_reason="public health check"),
        style_finding(suppressed="external"),
    ]
    results = sarif(findings)["runs"][0]["results"]
    assert results[0]["suppressions"] == [{"kind": "inSource", "justification": "public health check"}]
    assert results[1]["suppressions"] == [{"kind": "external"}]


def test_sarif_uris(root):
    outside = root.parent / "elsewhere dir" / "x.yaml"
    findings = [
        auth_finding(path="dir with space/ü#1.yaml"),
        auth_finding(path=str(root / "sub" / "abs.yaml")),
        auth_finding(path=os.path.join("sub", "..", "norm.yaml")),
        auth_finding(path=str(outside)),
    ]
    results = sarif(findings)["runs"][0]["results"]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in results]
    assert locations[0] == {"uri": "dir%20with%20space/%C3%BC%231.yaml", "uriBaseId": "%SRCROOT%"}
    assert locations[1] == {"uri": "sub/abs.yaml", "uriBaseId": "%SRCROOT%"}
    assert locations[2] == {"uri": "norm.yaml", "uriBaseId": "%SRCROOT%"}
    assert locations[3] == {"uri": outside.as_uri()}
    assert "%20" in locations[3]["uri"] and locations[3]["uri"].startswith("file:///")


def test_sarif_root_other_than_cwd(root):
    (root / "project").mkdir()
    log = sarif([auth_finding(path="project/api.yaml")], root=str(root / "project"))
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (root / "project").as_uri() + "/"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "api.yaml"


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (Span(3, 4, 2, 1), {"startLine": 3, "startColumn": 4, "endLine": 3, "endColumn": 5}),
        (Span(3, 4, 3, 2), {"startLine": 3, "startColumn": 4, "endLine": 3, "endColumn": 5}),
        (Span(3, 4, 5, 0), {"startLine": 3, "startColumn": 4, "endLine": 5, "endColumn": 1}),
        (Span(2, 1, 6, 3), {"startLine": 2, "startColumn": 1, "endLine": 6, "endColumn": 3}),
    ],
)
def test_sarif_region_is_clamped(root, span, expected):
    log = sarif([auth_finding(span=span)])
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] == expected
    assert not list(jsonschema.Draft4Validator(SCHEMA).iter_errors(log))


def test_sarif_whole_file_finding_has_no_logical_location(root):
    (result,) = sarif([note_finding()])["runs"][0]["results"]
    assert "logicalLocations" not in result["locations"][0]


def test_sarif_escapes_terminal_controls_but_keeps_text(root):
    out = REPORTERS["sarif"]([auth_finding(message="bad \x1b[2J \x9b1m é")], RULES, context())
    assert "\x1b" not in out and "\x9b" not in out
    assert "\\u001b[2J" in out and "\\u009b" in out and "é" in out
    assert json.loads(out)["runs"][0]["results"][0]["message"]["text"] == "bad \x1b[2J \x9b1m é"


def test_sarif_is_deterministic(root):
    findings = [style_finding(), auth_finding(), note_finding()]
    assert REPORTERS["sarif"](findings, RULES, context()) == REPORTERS["sarif"](findings, RULES, context())


# -- JSON ------------------------------------------------------------------------------------------------


def test_json_structure_and_values():
    findings = [
        style_finding(),
        auth_finding(),
        auth_finding(path="b.yaml", suppressed="inSource", suppression_reason="fine here"),
        note_finding(),
    ]
    out = REPORTERS["json"](findings, RULES, context())
    assert out.endswith("}\n")
    data = json.loads(out)
    assert list(data) == ["version", "tool", "summary", "findings"]
    assert data["version"] == 1
    assert data["tool"] == {"name": "gwlint", "version": "1.2.3"}
    assert data["summary"] == {
        "files": 12,
        "findings": 3,
        "by_severity": {"error": 1, "warning": 1, "note": 1},
        "suppressed": 1,
    }
    assert [f["rule_id"] for f in data["findings"]] == ["ZZ100", "ZZ201", "ZZ201", "ZZ900"]
    assert data["findings"][1] == {
        "rule_id": "ZZ201",
        "rule_name": "fake-missing-authorizer",
        "severity": "error",
        "message": "GET /pets has no authorizer",
        "path": "api/openapi.yaml",
        "line": 4,
        "column": 5,
        "end_line": 4,
        "end_column": 8,
        "pointer": "/paths/~1pets/get",
        "help_uri": "https://github.com/gwlint/gwlint/blob/main/docs/rules/ZZ201.md",
        "fingerprint": auth_finding().fingerprint,
        "suppressed": None,
        "suppression_reason": "",
    }
    assert list(data["findings"][1]) == list(data["findings"][0])  # same key order everywhere
    suppressed = data["findings"][2]
    assert suppressed["suppressed"] == "inSource"
    assert suppressed["suppression_reason"] == "fine here"
    # help_uri comes from the rule class when the finding lacks one, "" for unknown rules
    assert data["findings"][0]["help_uri"] == FakeStyleRule.help_uri()
    assert data["findings"][3]["help_uri"] == ""


def test_json_is_deterministic_and_empty_case():
    findings = [style_finding(), auth_finding()]
    assert REPORTERS["json"](findings, RULES, context()) == REPORTERS["json"](findings, RULES, context())
    data = json.loads(REPORTERS["json"]([], RULES, context(files_checked=0)))
    assert data["summary"] == {
        "files": 0,
        "findings": 0,
        "by_severity": {"error": 0, "warning": 0, "note": 0},
        "suppressed": 0,
    }
    assert data["findings"] == []


def test_json_escapes_controls():
    out = REPORTERS["json"]([auth_finding(message="x\x1b[2J\x85")], RULES, context())
    assert "\x1b" not in out and "\x85" not in out
    assert json.loads(out)["findings"][0]["message"] == "x\x1b[2J\x85"


# -- text ------------------------------------------------------------------------------------------------


def test_text_line_frame_and_summary():
    out = REPORTERS["text"]([style_finding(), auth_finding()], RULES, context())
    assert out == (
        "api/openapi.yaml:3:3: ZZ100 [warning] path /pets is not tidy\n"
        "  |\n"
        "2 | paths:\n"
        "3 |   /pets:\n"
        "  |   ^^^^^\n"
        "4 |     get:\n"
        "  |\n"
        "\n"
        "api/openapi.yaml:4:5: ZZ201 [error] GET /pets has no authorizer\n"
        "  |\n"
        "3 |   /pets:\n"
        "4 |     get:\n"
        "  |     ^^^\n"
        "5 |       responses: {}\n"
        "  |\n"
        "\n"
        "Found 2 problems (1 error, 1 warning) in 1 file; 12 files checked.\n"
    )


def test_text_summary_counts_files_severities_and_suppressed():
    findings = [
        auth_finding(),
        style_finding(),
        style_finding(path="b.yaml"),
        note_finding(suppressed="external"),
    ]
    out = REPORTERS["text"](findings, RULES, context())
    assert out.splitlines()[-1] == (
        "Found 3 problems (1 error, 2 warnings) in 2 files; 12 files checked; 1 suppressed."
    )
    assert "ZZ900" not in out and "something to know" not in out


def test_text_no_problems():
    assert REPORTERS["text"]([], RULES, context()) == "No problems found in 12 files.\n"
    assert REPORTERS["text"]([], RULES, context(files_checked=1)) == "No problems found in 1 file.\n"
    out = REPORTERS["text"]([auth_finding(suppressed="inSource")], RULES, context())
    assert out == "No problems found in 12 files (1 suppressed).\n"


def test_text_quiet():
    out = REPORTERS["text"]([auth_finding()], RULES, context(quiet=True))
    assert out == (
        "api/openapi.yaml:4:5: ZZ201 [error] GET /pets has no authorizer\n"
        "Found 1 problem (1 error) in 1 file; 12 files checked.\n"
    )
    assert REPORTERS["text"]([], RULES, context(quiet=True)) == ""
    assert REPORTERS["text"]([auth_finding(suppressed="inSource")], RULES, context(quiet=True)) == ""


def test_text_without_source_has_no_frame():
    out = REPORTERS["text"]([note_finding()], RULES, context())
    assert out == (
        "other.json:1:1: ZZ900 [note] something to know\n"
        "\n"
        "Found 1 problem (1 note) in 1 file; 12 files checked.\n"
    )


def test_text_escapes_message_and_path():
    finding = auth_finding(path="evil\x1b[2J.yaml", message="value \x1b[2J\x07\x7f\x9b31m\u202e here\nfake: line")
    out = REPORTERS["text"]([finding], RULES, context(sources={}))
    assert "\x1b" not in out and "\x07" not in out and "\x7f" not in out and "\x9b" not in out
    assert "\u202e" not in out
    first = out.splitlines()[0]
    assert first == (
        "evil\\x1b[2J.yaml:4:5: ZZ201 [error] "
        "value \\x1b[2J\\x07\\x7f\\x9b31m\\u202e here\\x0afake: line"
    )


def test_text_escapes_source_lines_and_expands_tabs():
    source = "a: 1\n\tkey\x1b[2J: \x1b]0;title\x07x\n"
    finding = auth_finding(path="t.yaml", span=Span(2, 2, 2, 5))
    out = REPORTERS["text"]([finding], RULES, context(sources={"t.yaml": source}))
    assert "\x1b" not in out and "\x07" not in out
    lines = out.splitlines()
    assert lines[1:6] == [
        "  |",
        "1 | a: 1",
        "2 |     key\\x1b[2J: \\x1b]0;title\\x07x",
        "  |     ^^^",
        "3 |",
    ]


def test_text_caret_after_escaped_control_and_wide_characters():
    source = "k\x1b: 語語 value\n"
    # "value" starts at code point 8 (1-based): k, ESC, :, space, 語, 語, space, v
    finding = auth_finding(path="w.yaml", span=Span(1, 8, 1, 13))
    frame = REPORTERS["text"]([finding], RULES, context(sources={"w.yaml": source})).splitlines()
    assert frame[2] == "1 | k\\x1b: 語語 value"
    assert frame[3] == "  | " + " " * len("k\\x1b: 語語 ".replace("語", "xx")) + "^^^^^"


def test_text_multiline_span_underlines_to_end_of_first_line():
    finding = auth_finding(span=Span(3, 3, 5, 1))
    frame = REPORTERS["text"]([finding], RULES, context()).splitlines()
    assert frame[3:5] == ["3 |   /pets:", "  |   ^^^^^^"]


def test_text_point_past_end_of_line_and_line_out_of_range():
    finding = auth_finding(span=Span(2, 7, 2, 8))  # just after "paths:"
    frame = REPORTERS["text"]([finding], RULES, context()).splitlines()
    assert frame[3:5] == ["2 | paths:", "  |       ^"]
    far = auth_finding(span=Span(99, 1, 99, 2))
    out = REPORTERS["text"]([far], RULES, context())
    assert "|" not in out


def test_text_crlf_source():
    finding = auth_finding(span=Span(2, 1, 2, 6))
    out = REPORTERS["text"]([finding], RULES, context(sources={"api/openapi.yaml": SOURCE.replace("\n", "\r\n")}))
    assert "\r" not in out and "\\x0d" not in out
    assert "2 | paths:\n  | ^^^^^\n" in out


def test_text_color_only_when_asked():
    plain = REPORTERS["text"]([auth_finding()], RULES, context())
    assert "\x1b" not in plain
    colored = REPORTERS["text"]([auth_finding()], RULES, context(color=True))
    assert "\x1b[1;31mZZ201\x1b[0m" in colored
    assert "\x1b[1;31m^^^\x1b[0m" in colored
    # input escapes stay escaped with colour on
    evil = REPORTERS["text"]([auth_finding(message="\x1b[2J")], RULES, context(color=True))
    assert "\x1b[2J" not in evil and "\\x1b[2J" in evil


def test_escape_controls_unit():
    assert escape_controls("plain é 語") == "plain é 語"
    assert escape_controls("\x00\x1b\x7f\x80\x9f") == "\\x00\\x1b\\x7f\\x80\\x9f"
    assert escape_controls("a\tb\nc", keep="\t") == "a\tb\\x0ac"
    assert escape_controls("\u2066x\u2069") == "\\u2066x\\u2069"


def test_text_module_summary_function():
    assert text_reporter.summary([], 0) == "No problems found in 0 files."


# -- GitHub ----------------------------------------------------------------------------------------------


def test_github_commands(root):
    findings = [style_finding(), auth_finding(), note_finding(), auth_finding(path="s.yaml", suppressed="inSource")]
    out = REPORTERS["github"](findings, RULES, context())
    assert out.splitlines() == [
        "::warning file=api/openapi.yaml,line=3,col=3,endLine=3,endColumn=8,"
        "title=ZZ100 fake-tidy-names::path /pets is not tidy",
        "::error file=api/openapi.yaml,line=4,col=5,endLine=4,endColumn=8,"
        "title=ZZ201 fake-missing-authorizer::GET /pets has no authorizer",
        "::notice file=other.json,line=1,col=1,endLine=1,endColumn=2,title=ZZ900 engine-note::something to know",
    ]
    assert out.endswith("\n")
    assert REPORTERS["github"]([], RULES, context()) == ""


def test_github_escaping(root):
    finding = auth_finding(
        path="a,b:c%d.yaml",
        rule_name="x",
        message="100% wrong\r\nnext: line, really\x1b[2J",
    )
    (line,) = REPORTERS["github"]([finding], RULES, context()).splitlines()
    assert line == (
        "::error file=a%2Cb%3Ac%25d.yaml,line=4,col=5,endLine=4,endColumn=8,title=ZZ201 x"
        "::100%25 wrong%0D%0Anext: line, really\\x1b[2J"
    )
    assert github_reporter.escape_data("%\r\n:,") == "%25%0D%0A:,"
    assert github_reporter.escape_property("%\r\n:,") == "%25%0D%0A%3A%2C"


def test_github_path_relative_to_root(root):
    (line,) = REPORTERS["github"]([auth_finding(path=str(root / "sub" / "x.yaml"))], RULES, context()).splitlines()
    assert line.startswith("::error file=sub/x.yaml,line=4,")


# -- json_dumps: the standard library's indented output, faster ---------------------------------------

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(_JSON_VALUES)
def test_json_dumps_writes_what_json_dumps_with_indent_writes(value):
    expected = json.dumps(value, indent=2, ensure_ascii=False)
    # Only the characters gwlint escapes beyond json's own (DEL, C1, bidi controls, surrogates) differ.
    expected = re.sub("[\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
                      lambda m: f"\\u{ord(m.group()):04x}", expected)
    assert json_dumps(value) == expected + "\n"
