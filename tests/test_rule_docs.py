"""docs/rules/ is generated from the rules (scripts/gen_rule_docs.py) and must not drift from them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from gwlint.findings import Severity
from gwlint.registry import load_rules
from gwlint.rule import DOCS_BASE_URL, Rule

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gen_rule_docs.py"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rule_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_docs_match_the_registry() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + "\nRun `python scripts/gen_rule_docs.py` and commit docs/rules/."


def test_every_rule_has_a_page_where_its_help_uri_points() -> None:
    for rule_id, rule in load_rules().items():
        if not rule.__module__.startswith("gwlint.rules."):
            continue
        assert rule.help_uri() == f"{DOCS_BASE_URL}/{rule_id}.md"
        assert DOCS_BASE_URL.endswith("/docs/rules")
        page = (ROOT / "docs" / "rules" / f"{rule_id}.md").read_text(encoding="utf-8")
        assert f"# {rule_id}: {rule.name}\n" in page
    index = (ROOT / "docs" / "rules" / "README.md").read_text(encoding="utf-8")
    for rule_id in load_rules():
        assert f"[{rule_id}]({rule_id}.md)" in index


def _rule(rule_id: str, severity: Severity = Severity.WARNING, joins: str = "", **attributes) -> type[Rule]:
    doc = "## What it does\nThings | with a pipe.\n\n## Why is this bad?\nBecause.\n"
    return type(f"R{rule_id}", (Rule,), dict(__doc__=doc, __module__=f"gwlint.rules.{rule_id.lower()}_x",
                                            id=rule_id, name=f"rule-{rule_id.lower()}", severity=severity,
                                            summary=f"Summary of {rule_id} | piped", joins=joins, **attributes))


def test_generator_handles_any_number_of_rules_and_detects_drift(tmp_path: Path) -> None:
    gen = _generator()
    rules = {rule.id: rule for rule in (
        _rule("GW002", Severity.ERROR), _rule("GW250", joins="authorizer + function"), _rule("GW799"),
        _rule("GW210", Severity.NOTE, security_severity=7.5, tags=("auth",)),
    )}
    files = gen.expected(rules)
    assert sorted(files) == ["GW002.md", "GW210.md", "GW250.md", "GW799.md", "README.md"]
    index = files["README.md"]
    assert index.index("## GW0xx: input and engine") < index.index("## GW2xx: auth and authorizers") \
        < index.index("## GW7xx: other")
    assert "| [GW250](GW250.md) | `rule-gw250` | warning | Summary of GW250 \\| piped | authorizer + function |" in index
    assert "4 rules (1 error, 2 warning, 1 note)" in index
    page = files["GW210.md"]
    assert "| Security severity | 7.5 (high) |" in page and "| Tags | `auth` |" in page
    assert "| Family | [GW2xx: auth and authorizers](README.md#gw2xx-auth-and-authorizers) |" in page
    assert "| Source | [`rules/gw210_x.py`](../../rules/gw210_x.py) |" in page
    assert "## What it does\nThings | with a pipe." in page
    assert "# gwlint: ignore[GW210] reason" in page

    assert gen.drift(files, tmp_path) == [f"missing: {name}" for name in sorted(files)]
    gen.write(files, tmp_path)
    assert gen.drift(files, tmp_path) == []
    assert gen.write(files, tmp_path) == []  # idempotent
    (tmp_path / "GW250.md").write_text("edited by hand\n")
    (tmp_path / "GW999.md").write_text("a removed rule\n")
    assert gen.drift(files, tmp_path) == ["out of date: GW250.md", "no such rule: GW999.md"]
    assert gen.write(files, tmp_path) == ["GW250.md", "GW999.md (deleted)"]
    assert gen.drift(files, tmp_path) == []
