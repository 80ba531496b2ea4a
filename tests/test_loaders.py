"""Loaders: data, positions, CloudFormation tags, duplicate keys and input errors."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from gwlint.loaders import decode, parse_text
from gwlint.loaders.json_loader import load_json
from gwlint.loaders.yaml_loader import load_yaml
from gwlint.source import InputError, Span


def test_short_form_tags_become_long_form() -> None:
    data, _, _ = load_yaml(
        "a: !Ref X\nb: !GetAtt Fn.Arn\nc: !GetAtt [Fn, Arn]\nd: !Sub 'x${Y}'\n"
        "e: !Join ['', [a, !Ref B]]\nf: !If [C, 1, !Ref AWS::NoValue]\ng: !Select [0, !GetAZs '']\n"
        "h: !Equals [a, b]\ni: !Not [!Condition C]\nj: !FindInMap [M, K, V]\nk: !ImportValue X\n"
        "l: !Base64 x\nm: !Cidr [a, 1, 2]\nn: !Split [',', x]\no: !And [!Condition A, !Or [!Condition B]]\n"
        "p: !Transform {Name: AWS::Include}\nq: !GetAtt A.B.C\n"
    )
    assert data["a"] == {"Ref": "X"}
    assert data["b"] == data["c"] == {"Fn::GetAtt": ["Fn", "Arn"]}
    assert data["d"] == {"Fn::Sub": "x${Y}"}
    assert data["e"] == {"Fn::Join": ["", ["a", {"Ref": "B"}]]}
    assert data["f"] == {"Fn::If": ["C", 1, {"Ref": "AWS::NoValue"}]}
    assert data["g"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    assert data["i"] == {"Fn::Not": [{"Condition": "C"}]}
    assert data["o"] == {"Fn::And": [{"Condition": "A"}, {"Fn::Or": [{"Condition": "B"}]}]}
    assert data["p"] == {"Fn::Transform": {"Name": "AWS::Include"}}
    assert data["q"] == {"Fn::GetAtt": ["A", "B.C"]}
    for key, name in (("h", "Fn::Equals"), ("j", "Fn::FindInMap"), ("k", "Fn::ImportValue"),
                      ("l", "Fn::Base64"), ("m", "Fn::Cidr"), ("n", "Fn::Split")):
        assert list(data[key]) == [name]


def test_scalars_follow_yaml_1_1_but_dates_stay_text() -> None:
    data, _, _ = load_yaml("a: [yes, No, ~, 0x10, 010, 1.5, '1', 2012-10-17, .inf, 1_000]\n200: ok\n")
    assert data["a"][:7] == [True, False, None, 16, 8, 1.5, "1"]
    assert data["a"][7] == "2012-10-17"
    assert data["a"][9] == 1000
    assert "200" in data  # keys stay the text that was written


def test_positions_of_keys_and_values() -> None:
    text = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Handler: index.h}\n"
    data, positions, _ = load_yaml(text)
    location = positions.locate(("Resources", "Fn", "Type"), data)
    assert location.key == Span(3, 5, 3, 9)
    assert location.value == Span(3, 11, 3, 32)
    location = positions.locate(("Resources", "Fn", "Properties", "Handler"), data)
    assert location.value == Span(4, 27, 4, 34)
    missing = positions.locate(("Resources", "Fn", "Properties", "Runtime"), data)
    assert not missing.exact and missing.key == Span(4, 5, 4, 15)


def test_positions_with_crlf_and_tags() -> None:
    data, positions, _ = load_yaml("a: 1\r\nb: !Sub 'x'\r\nc:\r\n  - !Ref Y\r\n")
    assert positions.locate(("b", "Fn::Sub"), data).value == Span(2, 4, 2, 12)
    assert positions.locate(("c", 0, "Ref"), data).value == Span(4, 5, 4, 11)


def test_duplicate_keys_are_reported_and_last_wins() -> None:
    data, positions, duplicates = load_yaml("x:\n  a: 1\n  b: 2\n  a: 3\n")
    assert data == {"x": {"a": 3, "b": 2}}
    assert len(duplicates) == 1
    assert duplicates[0].mapping_path == ("x",) and duplicates[0].key == "a"
    assert duplicates[0].first.line == 2 and duplicates[0].again.line == 4
    assert positions.locate(("x", "a"), data).value.line == 4


def test_merge_keys_and_anchors() -> None:
    data, positions, _ = load_yaml("base: &b {k: v, z: 1}\nm:\n  <<: *b\n  z: 2\nl: *b\n")
    assert data["m"] == {"z": 2, "k": "v"}
    assert data["l"] == {"k": "v", "z": 1}
    assert positions.locate(("m", "z"), data).value.line == 4


def test_alias_bomb_is_an_input_error() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(InputError, match="alias"):
        load_yaml("\n".join(lines) + "\n")


def test_deep_nesting_is_an_input_error() -> None:
    with pytest.raises(InputError, match="nesting"):
        load_yaml("a: " + "[" * 10_000 + "]" * 10_000 + "\n")


def test_python_tags_are_never_constructed() -> None:
    data, _, _ = load_yaml("a: !!python/object/apply:os.system ['echo hi']\nb: !!python/name:os.system ''\n")
    assert data == {"a": ["echo hi"], "b": ""}


def test_json_positions_tabs_and_duplicates() -> None:
    text = '{\n\t"a": [1, {"b": "x"}],\n\t"c": {"d": null, "d": true}\n}'
    data, positions, duplicates = load_json(text)
    assert data == {"a": [1, {"b": "x"}], "c": {"d": True}}
    assert positions.locate(("a", 1, "b"), data).value == Span(2, 17, 2, 20)
    assert [(d.mapping_path, d.key, d.first.line, d.again.line) for d in duplicates] == [(("c",), "d", 3, 3)]


def test_tab_indented_json_in_a_yaml_file() -> None:
    document = parse_text("t.template", '{\n\t"Resources": {}\n}\n')
    assert document.kind == "cloudformation"
    # JSON that YAML rejects (an implicit key over 1024 characters) falls back to the JSON reader.
    document = parse_text("t.template", '{\n\t"' + "k" * 1100 + '": 1,\n\t"Resources": {}\n}\n')
    assert document.format == "json" and document.kind == "cloudformation"


def test_decode_bom_and_bad_bytes() -> None:
    assert decode(b"\xef\xbb\xbfa: 1") == "a: 1"
    assert decode("a: 1".encode("utf-16")) == "a: 1"
    with pytest.raises(InputError, match="UTF-8"):
        decode(b"a: \xff\n")
    with pytest.raises(InputError, match="binary"):
        decode(b"a: \x00")


def test_yaml_errors_carry_positions() -> None:
    with pytest.raises(InputError) as error:
        load_yaml("a:\n  b: [1, 2\n")
    assert error.value.line is not None and "YAML syntax error" in error.value.message


@pytest.mark.parametrize("text, kind", [
    ("Resources: {}\n", "cloudformation"),
    ("Transform: AWS::Serverless-2016-10-31\nResources: {}\n", "sam"),
    ("Resources:\n  F: {Type: AWS::Serverless::Function}\n", "sam"),
    ("openapi: 3.0.1\npaths: {}\n", "openapi"),
    ("swagger: '2.0'\npaths: {}\n", "openapi"),
    ("Version: '2012-10-17'\nStatement: []\n", "policy"),
    ("name: ci\non: push\n", "unknown"),
    ("- a\n- b\n", "unknown"),
])
def test_classification(text: str, kind: str) -> None:
    assert parse_text("x.yaml", text).kind == kind


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                     st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8))
_documents = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(alphabet="abcxyz_", min_size=1, max_size=5), children,
                                               max_size=4)),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(_documents, st.booleans())
def test_yaml_round_trip_and_value_spans(document, flow: bool) -> None:
    """Any document dumped as YAML loads back equal, and every scalar's span re-parses to its value."""
    text = yaml.safe_dump({"root": document}, default_flow_style=flow, allow_unicode=True)
    data, positions, duplicates = load_yaml(text)
    assert data == {"root": document} and not duplicates
    lines = text.splitlines(keepends=True)

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))
        elif isinstance(value, str) and value and path:
            span = positions.locate(path, data).value
            if span.line == span.end_line:
                snippet = lines[span.line - 1][span.column - 1:span.end_column - 1]
                assert yaml.safe_load(snippet) == value or snippet.strip("'\"") == value

    walk(data, ())


@settings(max_examples=150, deadline=None)
@given(_documents)
def test_json_round_trip_and_spans(document) -> None:
    text = json.dumps({"root": document}, indent="\t")
    data, positions, _ = load_json(text)
    assert data == {"root": document}
    lines = text.splitlines()

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))
        elif path:
            span = positions.locate(path, data).value
            if span.line == span.end_line:
                assert json.loads(lines[span.line - 1][span.column - 1:span.end_column - 1]) == value

    walk(data, ())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_give_a_result_or_an_input_error(raw: bytes) -> None:
    try:
        parse_text("x.yaml", decode(raw))
    except InputError:
        pass
