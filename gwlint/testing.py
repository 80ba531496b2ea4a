"""Helpers for testing rules against annotated fixtures (used by gwlint's tests and by plugins)."""

from __future__ import annotations

import os
import re
from gwlint.record import dataclass

_ANNOTATION = re.compile(r"#\s*(expect|ok|todo-expect|todo-ok):\s*([A-Z]{2,4}[0-9]{3}(?:\s*,\s*[A-Z]{2,4}[0-9]{3})*)")


@dataclass(frozen=True)
class Annotation:
    line: int
    kind: str  # expect, ok, todo-expect (known false negative), todo-ok (known false positive)
    rule_id: str


def parse_annotations(path: str) -> list[Annotation]:
    """`# expect: ID` at the end of a line applies to that line; alone on a line, to the next
    line that is not a comment. JSON files use a sidecar `.expect` file: `LINE KIND ID`."""
    sidecar = path + ".expect"
    if os.path.exists(sidecar):
        found = []
        with open(sidecar, encoding="utf-8") as handle:
            for raw in handle:
                parts = raw.split()
                if len(parts) == 3:
                    found.append(Annotation(int(parts[0]), parts[1], parts[2]))
        return found
    with open(path, encoding="utf-8", errors="replace") as handle:
        lines = handle.read().splitlines()
    found = []
    pending: list[tuple[str, str]] = []
    for number, text in enumerate(lines, start=1):
        stripped = text.strip()
        matches = [(m.group(1), rule_id.strip()) for m in _ANNOTATION.finditer(text)
                   for rule_id in m.group(2).split(",")]
        if stripped.startswith("#") or not stripped:
            pending.extend(matches)
            continue
        for kind, rule_id in pending + matches:
            found.append(Annotation(number, kind, rule_id))
        pending = []
    return found


class SidecarRevision:
    """A stand-in for ``--base`` in fixtures: ``<file>.base`` is the file at the base revision; a file
    without one is unchanged."""

    label = "the base revision"

    def read(self, path: str) -> str | None:
        for candidate in (path + ".base", path):
            if os.path.isfile(candidate):
                with open(candidate, encoding="utf-8") as handle:
                    return handle.read()
        return None


def fixture_inputs(path: str) -> dict:
    """Options for a fixture's sidecars: ``<file>.base`` (``--base``), ``<file>.deployed`` (``--deployed``,
    an export; ``<file>.deployed-api`` names the API when the title does not)."""
    extra: dict = {}
    if os.path.isfile(path + ".base"):
        extra["base"] = SidecarRevision()
    if os.path.isfile(path + ".deployed"):
        from gwlint.deployed import load_export

        name = None
        if os.path.isfile(path + ".deployed-api"):
            with open(path + ".deployed-api", encoding="utf-8") as handle:
                name = handle.read().strip() or None
        extra["deployed"] = load_export(path + ".deployed", name)
    return extra
