"""gwlint.analysis.schema_check says "valid" exactly when jsonschema reports nothing.

The quick check decides whether jsonschema runs at all, so a value it wrongly accepts would lose
findings. It is compared with jsonschema on every extension value of the fixtures and examples,
on mutations of each (a key removed, a key of another type, an Fn::If, an unknown key), on random
values (hypothesis) and on a sample of the corpus when ../shared is present.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwlint.analysis import extension_schemas as schemas
from gwlint.analysis.schema_check import Unsupported, compile_root
from gwlint.loaders import load_path
from gwlint.source import InputError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
NAMES = sorted(schemas._extension_infos())
VARIANTS = [(name, variant) for name in NAMES for variant in ("rest", "http")
            if variant in schemas._load_schema(name)["x-gwlint-extension"]["variants"]]


def jsonschema_accepts(name: str, variant: str, instance) -> bool:
    return next(iter(schemas._compiled_validator(name, variant).iter_errors(instance)), None) is None


def extension_values(directory: Path, every: int = 1):
    files = sorted(Path(d) / n for d, _, names in os.walk(directory) for n in names
                   if n.endswith((".yaml", ".yml", ".json", ".template")))
    for path in files[::every]:
        try:
            data = load_path(str(path)).data
        except InputError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in schemas._extension_infos():
                        yield key, value
                    stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)


def mutations(value):
    yield value
    yield {"Fn::If": ["Condition", value, 3]}
    if isinstance(value, dict):
        for key in list(value)[:6]:
            without = dict(value)
            del without[key]
            yield without
            for replacement in (1, "x", None, [], {}, True, {"Fn::If": ["C", value[key], "y"]}, {"Ref": "P"}):
                yield {**value, key: replacement}
        yield {**value, "bogus": 1}


def distinct(pairs):
    seen = set()
    for name, value in pairs:
        key = (name, json.dumps(value, sort_keys=True, default=str))
        if key not in seen:
            seen.add(key)
            yield name, value


def disagreements(pairs) -> list:
    found = []
    for name, value in distinct(pairs):
        for mutated in mutations(value):
            instance, _ = schemas._jsonable(mutated)
            for variant in ("rest", "http"):
                if (name, variant) not in VARIANTS:
                    continue
                if schemas._quick_check(name, variant)(instance) != jsonschema_accepts(name, variant, instance):
                    found.append((name, variant, mutated))
    return found


def test_every_extension_schema_compiles():
    assert VARIANTS and all(schemas._quick_check(name, variant) is not None for name, variant in VARIANTS)


def test_agrees_with_jsonschema_on_fixtures_and_examples():
    pairs = list(extension_values(ROOT / "fixtures")) + list(extension_values(ROOT / "examples"))
    assert len(pairs) > 300  # the fixtures exercise every extension
    assert disagreements(pairs) == []


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_agrees_with_jsonschema_on_a_corpus_sample():
    pairs = list(extension_values(CORPUS, every=10))
    assert pairs
    assert disagreements(pairs) == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 100_000) | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "AWS_PROXY", "http", "POST", "CONVERT_TO_TEXT", "200", "Ref", "TOKEN"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "uri", "httpMethod", "responses", "default", "statusCode", "Fn::If", "Ref",
                         "Fn::Sub", "authorizerUri", "identitySource", "x-foo", "name", "passthroughBehavior"]),
        children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(VARIANTS), JSON)
def test_agrees_with_jsonschema_on_random_values(variant, value):
    name, api = variant
    instance, _ = schemas._jsonable(value)
    assert schemas._quick_check(name, api)(instance) == jsonschema_accepts(name, api, instance)


def test_unknown_keywords_are_refused_not_ignored():
    with pytest.raises(Unsupported):
        compile_root({"$ref": "#/$defs/a", "$defs": {"a": {"type": "string", "uniqueItems": True}}})
    check = compile_root({"$ref": "#/$defs/a", "$defs": {"a": {"type": "integer", "maximum": 3}}})
    assert check(3) and check(2.0) and not check(4) and not check(True) and not check("1")
