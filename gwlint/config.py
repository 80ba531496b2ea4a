"""Configuration: ``[tool.gwlint]`` in ``pyproject.toml`` or a ``.gwlint.toml``, the closest file to the
current directory winning (as ruff does). Unknown keys are an error. Command-line flags override it."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

FAIL_ON = ("error", "warning", "note", "never")
FORMATS = ("text", "json", "sarif", "github")
SEVERITIES = ("error", "warning", "note")


class ConfigError(Exception):
    pass


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    format: str = "text"
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = 20 * 1024 * 1024
    severity: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # the file the settings came from


_KEYS = {
    "select": "list", "ignore": "list", "fail-on": FAIL_ON, "format": FORMATS, "exclude": "list",
    "max-file-size": "int", "severity": "table",
}


def _load_toml(path: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None


def find_config(start: str | None = None) -> tuple[str, dict] | None:
    """The closest `.gwlint.toml`, or `pyproject.toml` with a `[tool.gwlint]` table."""
    directory = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(directory, ".gwlint.toml")
        if os.path.isfile(candidate):
            return candidate, _load_toml(candidate)
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate):
            table = _load_toml(candidate).get("tool", {}).get("gwlint")
            if isinstance(table, dict):
                return candidate, table
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def settings_from(table: dict[str, Any], source: str) -> Settings:
    settings = Settings(source=source)
    for key, value in table.items():
        expected = _KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{source}: unknown key {key!r} in gwlint configuration "
                              f"(known: {', '.join(sorted(_KEYS))})")
        if expected == "list":
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"{source}: {key} must be a list of strings")
        elif expected == "int":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{source}: {key} must be a positive integer")
        elif expected == "table":
            if not isinstance(value, dict) or not all(v in SEVERITIES for v in value.values()):
                raise ConfigError(f"{source}: {key} must map rule ids to one of {', '.join(SEVERITIES)}")
        elif value not in expected:
            raise ConfigError(f"{source}: {key} must be one of {', '.join(expected)}, not {value!r}")
        setattr(settings, key.replace("-", "_"), value)
    return settings


def load_settings(config_path: str | None = None) -> Settings:
    if config_path:
        if not os.path.isfile(config_path):
            raise ConfigError(f"{config_path}: configuration file not found")
        table = _load_toml(config_path)
        if os.path.basename(config_path) == "pyproject.toml":
            table = table.get("tool", {}).get("gwlint", {})
        return settings_from(table, config_path)
    found = find_config()
    if found is None:
        return Settings()
    path, table = found
    return settings_from(table, path)
