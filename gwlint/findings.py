"""Findings: what the engine reports, after pointers have become spans."""

from __future__ import annotations

from gwlint.record import dataclass, field
from enum import Enum

from gwlint.source import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


@dataclass(frozen=True)
class Finding:
    """One reported problem. ``path`` is as the user gave it (relative when they gave it relative)."""

    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    path: str
    span: Span
    pointer: str  # RFC 6901 JSON pointer inside the file ("" for the whole file)
    help_uri: str = ""
    suppressed: str | None = None  # None, "inSource" or "external"
    suppression_reason: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def fingerprint(self) -> str:
        """Line-independent identity: rule, file and pointer (a baseline survives moved lines)."""
        import hashlib

        digest = hashlib.sha256(f"{self.rule_id}\0{self.path}\0{self.pointer}\0{self.message}".encode())
        return digest.hexdigest()[:32]

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.rule_id, self.message)
