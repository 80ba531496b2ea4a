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
    """Modules registered under the ``gwlint.rules`` entry-point group.

    Reads the ``entry_points.txt`` of each installed distribution on ``sys.path`` directly:
    importing ``importlib.metadata`` (and the email parser it needs) costs about a tenth of a
    second-long check. A zipped path entry falls back to ``importlib.metadata``.
    """
    import os
    import sys

    targets: set[str] = set()
    seen: set[str] = set()
    for entry in sys.path:
        directory = entry or "."
        if not os.path.isdir(directory):
            if os.path.isfile(directory):
                return _entry_point_targets_from_metadata()
            continue
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            distribution = name.rsplit("-", 1)[0].lower().replace("-", "_") if name.endswith(".dist-info") \
                else name[:-len(".egg-info")].split("-")[0].lower().replace("-", "_")
            if distribution in seen:
                continue  # the first one on sys.path wins, as importlib.metadata does
            seen.add(distribution)
            targets.update(_group_values(os.path.join(directory, name, "entry_points.txt")))
    return sorted(targets)


def _group_values(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return []
    if ENTRY_POINT_GROUP not in text:
        return []
    values, in_group = [], False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            in_group = line == f"[{ENTRY_POINT_GROUP}]"
        elif in_group and "=" in line and not line.startswith(("#", ";")):
            values.append(line.split("=", 1)[1].split(":", 1)[0].strip())
    return values


def _entry_point_targets_from_metadata() -> list[str]:
    from importlib.metadata import entry_points

    return sorted({point.value.split(":", 1)[0] for point in entry_points(group=ENTRY_POINT_GROUP)})


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
