"""docs/comparison.md stays true: every rule id it names exists in the registry, and every one of the 46 rows
names a rule or says why no rule applies."""

from __future__ import annotations

import re
from pathlib import Path

from gwlint.registry import load_rules

ROOT = Path(__file__).resolve().parent.parent
COMPARISON = ROOT / "docs" / "comparison.md"
ROWS = 46
RULE_ID = re.compile(r"\b[A-Z]{2,4}[0-9]{3}\b")
#: Text that is not a reason: an empty cell or the tables' "no equivalent" dash.
EMPTY = {"", "—", "-"}


def gwlint_cells(text: str) -> dict[int, str]:
    """Row number -> the gwlint cell (the last column) of every numbered table row."""
    cells: dict[int, str] = {}
    header = None
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        parts = [part.strip() for part in line.strip().strip("|").split("|")]
        if parts and parts[0] == "#":
            header = parts
            continue
        if header is None or not parts or not parts[0].isdigit():
            continue
        number = int(parts[0])
        if number in cells:
            cells[-number] = "duplicate"
        cells[number] = parts[header.index("gwlint")] if len(parts) == len(header) else ""
    return cells


def problems(text: str, rule_ids: set[str], rows: int = ROWS) -> list[str]:
    cells = gwlint_cells(text)
    found = []
    for number in range(1, rows + 1):
        cell = cells.get(number)
        if cell is None:
            found.append(f"row {number} is missing")
            continue
        if -number in cells:
            found.append(f"row {number} appears twice")
        named = set(RULE_ID.findall(cell))
        unknown = sorted(named - rule_ids)
        if unknown:
            found.append(f"row {number} names rules that do not exist: {', '.join(unknown)}")
        if not named and cell in EMPTY:
            found.append(f"row {number} names no rule and gives no reason")
    extra = sorted(n for n in cells if n > rows)
    if extra:
        found.append(f"rows beyond {rows}: {extra}")
    return found


def test_comparison_table_names_real_rules_or_reasons() -> None:
    assert COMPARISON.is_file(), "docs/comparison.md is missing"
    found = problems(COMPARISON.read_text(encoding="utf-8"), set(load_rules()))
    assert not found, "\n".join(found)


def test_the_check_can_fail() -> None:
    table = ("| # | Check idea | cfn-lint | gwlint |\n|---|---|---|---|\n"
             "| 1 | a | — | GW999 |\n| 2 | b | — | — |\n| 3 | c | — | does not apply: not API Gateway |\n")
    found = problems(table, {"GW001"}, rows=4)
    assert any("row 1 names rules that do not exist: GW999" in p for p in found)
    assert any("row 2 names no rule and gives no reason" in p for p in found)
    assert not any(p.startswith("row 3 ") for p in found)
    assert any("row 4 is missing" in p for p in found)
