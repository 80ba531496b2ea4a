"""The rule API: metadata, documentation from the docstring, and ``check`` yielding violations.

A rule reports *where* with a :class:`~gwlint.source.Pointer` and *what* with a message; the engine
turns the pointer into a span. Rules never see line numbers.
"""

from __future__ import annotations

import re
from gwlint.record import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterator

from gwlint.config import RuleSettings
from gwlint.findings import Severity
from gwlint.source import Pointer

if TYPE_CHECKING:
    from gwlint.model import Model
    from gwlint.source import Document

DOCS_BASE_URL = "https://github.com/gwlint/gwlint/blob/main/docs/rules"
REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
ID_PATTERN = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Violation:
    """What a rule yields. ``at="key"`` reports at the key of the pointed entry (the default),
    ``at="value"`` at its value. ``severity`` lowers or raises this one finding from the rule's default
    (GW501: a partial exposure is a warning); a user's severity setting for the rule still wins.
    ``value_range=(offset, length)`` with ``at="value"`` narrows the span to those characters of the string
    value (as the rule read it, escapes decoded), when the engine can map them to columns with certainty
    (a one-line YAML or JSON scalar; see gwlint.value_spans); otherwise the whole value is reported."""

    pointer: Pointer
    message: str
    at: str = "key"
    severity: Severity | None = None
    value_range: tuple[int, int] | None = None


class Rule:
    """Base class of every rule. Subclasses set the metadata and implement one ``check`` method.

    ``target`` says what the rule reads: ``"model"`` (the joined model of a file group, the usual
    case) or ``"document"`` (each parsed file, for syntax-level rules).
    """

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    target: ClassVar[str] = "model"
    tags: ClassVar[tuple[str, ...]] = ()
    #: 0.1 to 10 for rules about security (SARIF `security-severity`); None otherwise.
    security_severity: ClassVar[float | None] = None
    #: Which pieces the rule joins, for the docs index ("method + permission").
    joins: ClassVar[str] = ""
    #: The configuration rules read (`[tool.gwlint]` keys such as `wide-prefix-ipv4`). The engine sets it on
    #: each instance from ``Options.rule_settings``; the class default holds the documented defaults.
    settings: RuleSettings = RuleSettings()
    #: The rule compares with the files at ``--base REF``: the engine then sets ``model.base`` (None
    #: without ``--base`` or for a file new at REF), which costs a `git show` per file.
    needs_base: ClassVar[bool] = False
    #: The rule compares with ``--deployed EXPORT`` (``model.deployed``, None without it).
    needs_deployed: ClassVar[bool] = False

    def check(self, subject: "Model | Document") -> Iterator[Violation]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- documentation ----------------------------------------------------------------------------
    @classmethod
    def docs(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring's ``## Section`` blocks, keyed by title."""
        sections: dict[str, str] = {}
        current = None
        lines: list[str] = []
        for line in cls.docs().splitlines():
            heading = re.match(r"^##\s+(.*)$", line)
            if heading:
                if current is not None:
                    sections[current] = "\n".join(lines).strip()
                current, lines = heading.group(1).strip(), []
            elif current is not None:
                lines.append(line)
        if current is not None:
            sections[current] = "\n".join(lines).strip()
        return sections

    @classmethod
    def help_uri(cls) -> str:
        return f"{DOCS_BASE_URL}/{cls.id}.md"

    @classmethod
    def metadata(cls) -> dict:
        return {
            "id": cls.id,
            "name": cls.name,
            "severity": cls.severity.value,
            "summary": cls.summary,
            "target": cls.target,
            "tags": list(cls.tags),
            "security_severity": cls.security_severity,
            "joins": cls.joins,
            "help_uri": cls.help_uri(),
        }
