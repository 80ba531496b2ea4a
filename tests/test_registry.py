"""Invariants of every registered rule (ids, names, docs, fixtures), and the docs' examples."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from gwlint.engine import Options, run
from gwlint.registry import load_rules, select_rules
from gwlint.rule import REQUIRED_SECTIONS
from gwlint.testing import parse_annotations

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules()
#: Rules that no input file can trigger on purpose (tested in test_engine.py instead).
NO_FIXTURES = {"GW003"}


def test_registry_is_not_empty_and_sorted() -> None:
    assert len(RULES) >= 6
    assert list(RULES) == sorted(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_metadata(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert re.fullmatch(r"GW[0-6][0-9]{2}", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary and len(rule.summary) <= 120 and not rule.summary.endswith(".")
    sections = rule.doc_sections()
    for section in REQUIRED_SECTIONS:
        if section == "Use instead":
            assert "Use instead" in rule.docs(), f"{rule_id} docs lack 'Use instead'"
        else:
            assert sections.get(section), f"{rule_id} docs lack section {section!r}"
    assert rule.help_uri().endswith(f"/{rule_id}.md")


def test_names_are_unique() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule_id", sorted(set(RULES) - NO_FIXTURES))
def test_rule_has_fixtures_that_fire_and_stay_quiet(rule_id: str) -> None:
    folder = ROOT / "fixtures" / rule_id
    files = [p for p in folder.glob("*") if p.suffix in (".yaml", ".yml", ".json")]
    assert files, f"no fixtures in {folder}"
    kinds = {a.kind for p in files for a in parse_annotations(str(p)) if a.rule_id == rule_id}
    assert {"expect", "ok"} <= kinds, f"{rule_id} fixtures need both an expect and an ok annotation"


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


@pytest.mark.parametrize("rule_id", sorted(set(RULES) - NO_FIXTURES))
def test_docs_examples(rule_id: str, tmp_path: Path) -> None:
    """The 'Example' must trigger the rule and the 'Use instead' must not (ESLint's check-rule-examples)."""
    rule = RULES[rule_id]
    if rule.needs_base or rule.needs_deployed:
        pytest.skip("compares with --base / --deployed: covered by fixtures with .base / .deployed sidecars")
    docs = rule.docs()
    before, _, after = docs.partition("Use instead")
    bad, good = _yaml_blocks(before.split("## Example", 1)[-1]), _yaml_blocks(after)
    assert bad and good, f"{rule_id}: examples must be ```yaml blocks"
    # Rules an example names run too (GW004's example suppresses a GW101 that is no longer there).
    named = set(re.findall(r"\b[A-Z]{2,4}[0-9]{3}\b", bad[0] + good[0])) & set(RULES)
    options = Options(rules={i: RULES[i] for i in named | {rule_id}}, max_file_size=1_000_000)
    for name, text, should_fire in (("bad.yaml", bad[0], True), ("good.yaml", good[0], False)):
        path = tmp_path / name
        path.write_text(text)
        fired = [f for f in run([str(path)], options).findings if f.rule_id == rule_id]
        assert bool(fired) == should_fire, f"{rule_id} {name}: {fired}"


def test_select_and_ignore_prefixes() -> None:
    chosen = select_rules(RULES, ["GW1", "GW00"], ["GW002"])
    assert set(chosen) == {r for r in RULES if r.startswith(("GW1", "GW00"))} - {"GW002"}


def test_rules_only_imported_as_gwlint_rules() -> None:
    """The top-level `rules` folder must never be imported a second time as `rules`."""
    assert "rules" not in sys.modules
    assert all(rule.__module__.startswith("gwlint.rules.") for rule in RULES.values())


def test_plugins_are_discovered_through_entry_points(tmp_path, monkeypatch) -> None:
    """A third-party distribution registering a module under `gwlint.rules` adds its rules."""
    from gwlint.registry import _entry_point_targets, _entry_point_targets_from_metadata

    package = tmp_path / "acme_gwlint"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from gwlint.findings import Severity\nfrom gwlint.rule import Rule\n\n"
        "class AcmeRule(Rule):\n    id = 'ACME101'\n    name = 'acme-rule'\n"
        "    severity = Severity.NOTE\n    summary = 'An example plugin rule'\n\n"
        "    def check(self, model):\n        return iter(())\n")
    info = tmp_path / "acme_gwlint-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-gwlint\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[console_scripts]\nacme = acme_gwlint:main\n\n"
                                           "[gwlint.rules]\nacme = acme_gwlint\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "acme_gwlint" in _entry_point_targets()
    assert _entry_point_targets() == _entry_point_targets_from_metadata()
    load_rules.cache_clear()
    try:
        rules = load_rules()
        assert rules["ACME101"].name == "acme-rule" and "GW101" in rules
    finally:
        load_rules.cache_clear()


def test_a_bare_source_checkout_finds_its_rules(tmp_path: Path) -> None:
    """No install, no site packages (-S): gwlint.rules is the checkout's rules/ directory."""
    import subprocess

    code = "import gwlint.rules.gw101_lambda_integration_method as m; print(m.__file__)"
    result = subprocess.run([sys.executable, "-S", "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == ROOT / "rules" / "gw101_lambda_integration_method.py"
