"""Rule discovery through the ``gwlint.rules`` entry-point group (built-in rules use it too)."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

from gwlint.rule import ID_PATTERN, NAME_PATTERN, Rule

ENTRY_POINT_GROUP = "gwlint.rules"
BUILTIN_PACKAGE = "gwlint.rules"


class RegistryError(Exception):
    """A plugin that cannot be loaded, or two rules with one id."""


def _rules_in(module: ModuleType) -> list[type[Rule]]:
    found = []
    for value in vars(module).values():
        if (isinstance(value, type) and issubclass(value, Rule) and value is not Rule
                and value.__module__ == module.__name__ and getattr(value, "id", None)):
            found.append(value)
    return found


def _walk(package_name: str) -> list[type[Rule]]:
    """A module, or every module of a package (one level: rules/ is flat)."""
    module = importlib.import_module(package_name)
    rules = _rules_in(module)
    if hasattr(module, "__path__"):
        for info in sorted(pkgutil.iter_modules(module.__path__), key=lambda i: i.name):
            if info.ispkg or info.name.startswith("_"):
                continue
            rules.extend(_rules_in(importlib.import_module(f"{package_name}.{info.name}")))
    return rules


def _entry_point_targets() -> list[str]:
    from importlib.metadata import entry_points

    try:
        points = entry_points(group=ENTRY_POINT_GROUP)
    except TypeError:  # pragma: no cover - Python < 3.10 signature
        points = entry_points().get(ENTRY_POINT_GROUP, [])  # type: ignore[attr-defined]
    return sorted({point.value for point in points})


@lru_cache(maxsize=1)
def load_rules() -> dict[str, type[Rule]]:
    """Every rule by id, built-ins first. Raises RegistryError on a broken plugin or a clash."""
    targets = _entry_point_targets()
    if BUILTIN_PACKAGE not in targets:  # running from a source tree that is not installed
        targets.insert(0, BUILTIN_PACKAGE)
    rules: dict[str, type[Rule]] = {}
    for target in targets:
        try:
            found = _walk(target)
        except Exception as exc:  # a plugin's import error must not become a traceback
            raise RegistryError(f"cannot load rule plugin {target!r}: {exc}") from exc
        for rule in found:
            if not ID_PATTERN.match(rule.id):
                raise RegistryError(f"rule {rule.__module__}.{rule.__name__} has an invalid id {rule.id!r}")
            if not NAME_PATTERN.match(getattr(rule, "name", "")):
                raise RegistryError(f"rule {rule.id} has an invalid name {getattr(rule, 'name', '')!r}")
            other = rules.get(rule.id)
            if other is not None and other is not rule:
                raise RegistryError(f"rule id {rule.id} is defined twice: {other.__module__} and {rule.__module__}")
            rules[rule.id] = rule
    return dict(sorted(rules.items()))


def select_rules(rules: dict[str, type[Rule]], select: list[str] | None, ignore: list[str] | None) -> dict[str, type[Rule]]:
    """Ids or prefixes (`GW1`, `GW`), ruff-style: ignore wins over select for the same rule."""
    chosen = {}
    for rule_id, rule in rules.items():
        if select and not any(rule_id.startswith(prefix) for prefix in select):
            continue
        if ignore and any(rule_id.startswith(prefix) for prefix in ignore):
            continue
        chosen[rule_id] = rule
    return chosen
