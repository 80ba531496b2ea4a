"""Configuration: ``[tool.gwlint]`` in ``pyproject.toml`` or a ``.gwlint.toml``, the closest file to the
current directory winning (as ruff does). Unknown keys are an error. Command-line flags override it."""

from __future__ import annotations

import os
import sys
from gwlint.record import dataclass, field
from typing import Any

FAIL_ON = ("error", "warning", "note", "never")
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")
SEVERITIES = ("error", "warning", "note")


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class RuleSettings:
    """The part of the configuration that rules read, as ``self.settings`` (see ``gwlint.rule.Rule``).

    The defaults apply when nothing is configured, so a rule run from tests or a plugin sees the same values
    as one run by ``gwlint check``. Add a field here and a key in ``_KEYS`` (listed in ``_RULE_KEYS``).
    """

    #: An address set is "wide" when it holds at least as many public addresses as one /N network:
    #: ``wide-prefix-ipv4 = 8`` (2^24 addresses), ``wide-prefix-ipv6 = 32`` (2^96).
    wide_prefix_ipv4: int = 8
    wide_prefix_ipv6: int = 32

    def wide_addresses(self, version: int) -> int:
        """The number of public addresses from which a set of IPv``version`` addresses counts as wide."""
        return 1 << (32 - self.wide_prefix_ipv4) if version == 4 else 1 << (128 - self.wide_prefix_ipv6)

    #: ``[tool.gwlint.authorizer-examples]``: authorizer name -> tokens its validation expression must accept
    #: (GW209). A name is a logical id, an OpenAPI security scheme name, a CloudFormation ``Name``, or
    #: ``API.NAME`` for one API only. Kept as pairs so that the settings stay hashable.
    authorizer_examples: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def authorizer_example_tokens(self, *names: str) -> tuple[str, ...]:
        """The configured tokens of every entry whose name is one of ``names``, in configuration order."""
        return tuple(token for name, tokens in self.authorizer_examples if name in names for token in tokens)


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    format: str = "text"
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = 20 * 1024 * 1024
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob -> rule ids or prefixes
    source: str | None = None  # the file the settings came from
    rules: RuleSettings = field(default_factory=RuleSettings)  # what rules read (Rule.settings)


_KEYS = {
    "select": "list", "ignore": "list", "fail-on": FAIL_ON, "format": FORMATS, "exclude": "list",
    "max-file-size": "int", "severity": "table", "per-file-ignores": "globs",
    "wide-prefix-ipv4": "prefix-ipv4", "wide-prefix-ipv6": "prefix-ipv6",
    "authorizer-examples": "examples",
}
#: Keys that go into ``Settings.rules`` (a RuleSettings) instead of ``Settings``.
_RULE_KEYS = ("wide-prefix-ipv4", "wide-prefix-ipv6", "authorizer-examples")


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
        elif expected == "globs":
            if not isinstance(value, dict) or not all(
                    isinstance(v, list) and all(isinstance(i, str) for i in v) for v in value.values()):
                raise ConfigError(f"{source}: {key} must map globs to lists of rule ids or prefixes")
        elif expected == "table":
            if not isinstance(value, dict) or not all(v in SEVERITIES for v in value.values()):
                raise ConfigError(f"{source}: {key} must map rule ids to one of {', '.join(SEVERITIES)}")
        elif expected in ("prefix-ipv4", "prefix-ipv6"):
            bits = 32 if expected == "prefix-ipv4" else 128
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= bits:
                raise ConfigError(f"{source}: {key} must be a prefix length from 0 to {bits}")
        elif expected == "examples":
            if not isinstance(value, dict) or not all(
                    isinstance(v, list) and all(isinstance(i, str) for i in v) for v in value.values()):
                raise ConfigError(f"{source}: {key} must map authorizer names to lists of example tokens")
            value = tuple((name, tuple(tokens)) for name, tokens in value.items())
        elif value not in expected:
            raise ConfigError(f"{source}: {key} must be one of {', '.join(expected)}, not {value!r}")
        if key in _RULE_KEYS:
            from gwlint.record import replace

            settings.rules = replace(settings.rules, **{key.replace("-", "_"): value})
            continue
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
