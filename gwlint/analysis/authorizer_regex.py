"""What the authorizer validation-expression rules (GW201-GW209) share: which expressions API Gateway
applies, one cached analysis per expression text, and the translation of analyser issues to violations
that point into the expression itself (``Violation.value_range``).

API Gateway applies ``identityValidationExpression`` only on REST APIs, to the identity header of a
``TOKEN`` authorizer, and to the ``aud`` claim of the token for a ``COGNITO_USER_POOLS`` authorizer. It is
ignored for ``REQUEST`` authorizers and not used by HTTP or WebSocket APIs (GW208 says so; the other rules
do not analyse such an expression). An empty expression counts as not set.
"""

from __future__ import annotations

import functools
from gwlint.record import dataclass
from typing import TYPE_CHECKING, Iterator

from gwlint.lazy import lazy_module
from gwlint.findings import Severity
from gwlint.rule import Violation

# The Java-dialect parser is big; most templates have no validation expression to analyse.
java_regex = lazy_module("gwlint.analysis.java_regex")

if TYPE_CHECKING:
    from gwlint.model import Model
    from gwlint.model.elements import Api, Authorizer
    from gwlint.source import Pointer

#: Authorizer types whose expression a REST API applies (None: the type is missing, TOKEN is assumed).
APPLIED_TYPES = (None, "TOKEN", "COGNITO_USER_POOLS")
OPENAPI_AUTHORIZER = "x-amazon-apigateway-authorizer"
MAX_QUOTED = 80  # characters of an expression or token quoted in a message

_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.NOTE}


@dataclass(frozen=True)
class Subject:
    """One authorizer with a (non-empty) validation expression."""

    api: "Api"
    authorizer: "Authorizer"
    expression: str

    @property
    def pointer(self) -> "Pointer":
        return self.authorizer.validation_pointer

    @property
    def applied(self) -> bool:
        """Whether API Gateway applies the expression (a REST API's TOKEN or Cognito authorizer)."""
        return self.api.kind.value == "REST" and self.authorizer.type in APPLIED_TYPES

    @property
    def cognito(self) -> bool:
        return self.authorizer.type == "COGNITO_USER_POOLS"

    @property
    def in_openapi(self) -> bool:
        return OPENAPI_AUTHORIZER in self.authorizer.pointer.parts

    @property
    def label(self) -> str:
        """``authorizer NAME of API API``, as messages start."""
        return f"authorizer {self.authorizer.name} of API {self.api.display}"

    @property
    def expression_label(self) -> str:
        """``validation expression of authorizer NAME (API API)``, as messages about the expression start."""
        if self.cognito:
            return (f"validation expression of Cognito authorizer {self.authorizer.name} (API {self.api.display}; "
                    "matched against the token's aud claim)")
        return f"validation expression of authorizer {self.authorizer.name} (API {self.api.display})"

    def report(self) -> java_regex.RegexReport:
        return analyze(self.expression)


def subjects(model: "Model") -> Iterator[Subject]:
    """Every authorizer with a validation expression, once per place it is written."""
    seen: set = set()
    for api in model.apis:
        for authorizer in api.authorizers:
            expression = authorizer.validation_expression
            if not isinstance(expression, str) or expression == "":
                continue
            pointer = authorizer.validation_pointer
            if pointer in seen:
                continue
            seen.add(pointer)
            yield Subject(api, authorizer, expression)


def applied_subjects(model: "Model") -> Iterator[Subject]:
    return (subject for subject in subjects(model) if subject.applied)


@functools.lru_cache(maxsize=1024)
def analyze(expression: str) -> java_regex.RegexReport:
    """java_regex.analyze, once per expression text (the rules of one run share it)."""
    return java_regex.analyze(expression)


def quote(text: str, limit: int = MAX_QUOTED) -> str:
    """Text in single quotes, backslashes as written (repr() only for quotes and control characters),
    shortened in the middle when long."""
    if len(text) > limit:
        half = (limit - 3) // 2
        return quote(text[:half]) + "..." + quote(text[-half:]) + f" ({len(text):,} characters)"
    if "'" in text or any(not char.isprintable() for char in text):
        return repr(text)
    return f"'{text}'"


def issue_violations(model: "Model", kinds: tuple[str, ...], suffix: str = "") -> Iterator[Violation]:
    """A violation for every analyser issue of ``kinds`` in every applied expression, spanning the part
    of the expression the issue names, with the issue's own severity."""
    for subject in applied_subjects(model):
        for issue in subject.report().issues:
            if issue.kind not in kinds:
                continue
            message = f"{subject.expression_label}: {issue.message}{suffix}"
            yield Violation(subject.pointer, message,
                            at="value", severity=_SEVERITIES[issue.severity],
                            value_range=(issue.offset, issue.length))


__all__ = ["Subject", "subjects", "applied_subjects", "analyze", "issue_violations", "quote", "APPLIED_TYPES"]
