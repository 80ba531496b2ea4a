"""Baselines: accept today's findings, report only new ones.

``gwlint check --write-baseline FILE`` records every active finding (not the ones already suppressed in
the source, and never GW001 parse errors or GW003 internal errors) as::

    {
      "version": 1,
      "tool": "gwlint",
      "findings": [
        {"rule_id": "GW101", "path": "templates/api.yaml",
         "pointer": "/Resources/GetPets/Properties/Integration/IntegrationHttpMethod",
         "fingerprint": "5f0c...", "message": "Lambda integration of GET /pets uses ..."}
      ]
    }

An entry is keyed by rule, path and JSON pointer, never by line, so it survives edits that move lines;
``fingerprint`` is :attr:`Finding.fingerprint` computed on the entry's path, which adds the message:
a finding whose message changes (another method, another value) is new. ``path`` is relative to the
baseline file's directory (forward slashes), so the baseline works from any working directory.
``message`` is there for the reader reviewing a baseline diff; matching does not read it.

``--baseline FILE`` marks matching findings ``suppressed = "external"`` (reason ``baseline FILE``;
text output leaves them out, SARIF carries them as external suppressions), each entry matching at most
one finding. Entries that match nothing although their rule ran on their file, or whose file is gone,
are *stale*: the CLI lists them on standard error (the problem was fixed, or changed) so the baseline
can be refreshed with ``--write-baseline``. Stale entries never change the exit code.
"""

from __future__ import annotations

import json
import os
from gwlint.record import dataclass, replace
from typing import Callable, Iterable

from gwlint.findings import Finding

FORMAT_VERSION = 1
#: Never recorded: a file that cannot be read, or a crash of gwlint, is not something to accept.
NOT_BASELINED = ("GW001", "GW003")


class BaselineError(Exception):
    pass


def _relative(path: str, base_dir: str) -> str:
    absolute = os.path.abspath(path)
    try:
        return os.path.relpath(absolute, base_dir).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return absolute.replace(os.sep, "/")


def entry(finding: Finding, base_dir: str) -> dict[str, str]:
    path = _relative(finding.path, base_dir)
    return {
        "rule_id": finding.rule_id,
        "path": path,
        "pointer": finding.pointer,
        "fingerprint": replace(finding, path=path).fingerprint,
        "message": finding.message,
    }


def _key(item: dict[str, str]) -> tuple[str, str, str, str]:
    return (item["rule_id"], item["path"], item["pointer"], item["fingerprint"])


def recordable(finding: Finding) -> bool:
    return not finding.suppressed and finding.rule_id not in NOT_BASELINED and not finding.path.startswith("<")


def dumps(findings: Iterable[Finding], baseline_path: str) -> str:
    base_dir = os.path.dirname(os.path.abspath(baseline_path))
    entries = sorted((entry(f, base_dir) for f in findings if recordable(f)),
                     key=lambda e: (e["path"], e["rule_id"], e["pointer"], e["fingerprint"]))
    data = {"version": FORMAT_VERSION, "tool": "gwlint", "findings": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@dataclass
class Baseline:
    path: str
    entries: list[dict[str, str]]

    @property
    def base_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))

    def resolve(self, item: dict[str, str]) -> str:
        """The absolute path of an entry's file."""
        return os.path.normpath(os.path.join(self.base_dir, item["path"]))

    def apply(self, findings: list[Finding],
              relevant: Callable[[dict[str, str]], bool] = lambda item: True) -> tuple[list[Finding], list[dict]]:
        """(findings with baseline matches suppressed as "external", stale entries).

        ``relevant(entry)`` says whether the entry could have matched in this run (its rule ran on its
        file); unmatched entries that are not relevant are not stale.
        """
        remaining: dict[tuple, int] = {}
        for item in self.entries:
            remaining[_key(item)] = remaining.get(_key(item), 0) + 1
        reason = f"baseline {self.path}"
        out = []
        base_dir = self.base_dir
        for finding in findings:
            if recordable(finding):
                key = _key(entry(finding, base_dir))
                if remaining.get(key):
                    remaining[key] -= 1
                    out.append(replace(finding, suppressed="external", suppression_reason=reason))
                    continue
            out.append(finding)
        stale = []
        for item in self.entries:
            key = _key(item)
            if remaining.get(key):
                remaining[key] -= 1
                if relevant(item):
                    stale.append(item)
        return out, stale


def load(path: str) -> Baseline:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a gwlint baseline (version {FORMAT_VERSION})")
    entries = []
    for index, item in enumerate(data["findings"]):
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str)
                                               for k in ("rule_id", "path", "pointer", "fingerprint"))):
            raise BaselineError(f"{path}: findings[{index}] needs string rule_id, path, pointer and fingerprint")
        entries.append(item)
    return Baseline(path, entries)


def checked_files(paths: list[str], exclude: tuple[str, ...] = ()) -> set[str]:
    """Absolute paths of the files a run over ``paths`` reads (standard input left out)."""
    from gwlint.engine import discover

    return {os.path.normpath(os.path.abspath(item.path))
            for item in discover([p for p in paths if p != "-"], exclude)}


def describe(item: dict[str, str], baseline: Baseline | None = None) -> str:
    """``path: RULE at POINTER: message``, the path relative to the current directory when possible."""
    path = item["path"]
    if baseline is not None:
        absolute = baseline.resolve(item)
        try:
            path = os.path.relpath(absolute).replace(os.sep, "/")
        except ValueError:
            path = absolute
    text = f"{path}: {item['rule_id']} at {item['pointer'] or '(the file)'}"
    message = item.get("message")
    return f"{text}: {message}" if isinstance(message, str) and message else text
