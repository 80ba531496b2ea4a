"""Every fixture, checked with its rule alone: findings must match the annotations exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from gwlint.engine import Options, run
from gwlint.registry import load_rules
from gwlint.testing import fixture_inputs, parse_annotations

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in {".yaml", ".yml", ".json"} and p.parent != FIXTURES
               and "hostile" not in p.parts)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture(path: Path) -> None:
    annotations = parse_annotations(str(path))
    rules = load_rules()
    selected_ids = {path.parent.name} | {a.rule_id for a in annotations}
    unknown = selected_ids - set(rules)
    assert not unknown, f"annotation names unknown rules {unknown}"
    options = Options(rules={rule_id: rules[rule_id] for rule_id in selected_ids}, max_file_size=10_000_000,
                      **fixture_inputs(str(path)))  # `.base` / `.deployed` sidecars (--base, --deployed)
    result = run([str(path)], options)
    # What a user sees: a finding suppressed in the fixture itself (GW004's fixtures) is not "got".
    got = {(f.span.line, f.rule_id) for f in result.findings if not f.suppressed}
    want = {(a.line, a.rule_id) for a in annotations if a.kind in ("expect", "todo-ok")}
    missing, unexpected = sorted(want - got), sorted(got - want)
    details = "\n".join(f"  {f.span.line}:{f.span.column} {f.rule_id} {f.message}" for f in result.findings)
    assert not missing and not unexpected, f"missing={missing} unexpected={unexpected}\nfindings:\n{details}"


def test_every_fixture_folder_names_a_rule() -> None:
    rules = load_rules()
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name != "hostile"}
    assert folders <= set(rules), f"fixture folders without a rule: {sorted(folders - set(rules))}"


def test_annotations_parse(tmp_path: Path) -> None:
    sample = tmp_path / "t.yaml"
    sample.write_text("a: 1  # expect: GW101\n# ok: GW102, GW103\n\n# just a comment\nb: 2\n")
    found = {(a.line, a.kind, a.rule_id) for a in parse_annotations(str(sample))}
    assert found == {(1, "expect", "GW101"), (5, "ok", "GW102"), (5, "ok", "GW103")}
