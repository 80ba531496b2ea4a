"""Suppressions: the places where a team acknowledges a finding, and GW004 for those that suppress nothing.

Where a suppression can be written, and what it covers:

``# gwlint: ignore[GW101, GW301] reason``  (YAML comment)
    Findings of those rules that start on the comment's own line or on the next line that is not blank
    and not only a comment (so stacked comments above a line all apply to it). The reason is the text
    after ``]`` (up to another `` #`` comment). A ``#`` inside a quoted or block scalar is text, not a
    comment.

``Metadata: {gwlint: {ignore: [{id: GW101, reason: ...}]}}``  (CloudFormation / SAM resource)
    Findings whose pointer is inside that resource (for a SAM resource that includes its
    ``DefinitionBody`` and the events of a function), and findings in the files the resource
    references (``DefinitionUri``, ``BodyS3Location``, ``AWS::Include``). At the template's top-level
    ``Metadata`` it covers the whole template. Entries may also be plain ids.

``x-gwlint-ignore: [GW101, {id: GW301, reason: ...}]``  (any OpenAPI object)
    Findings whose pointer is inside the object that holds the key; works in standalone OpenAPI files
    (YAML or JSON) and inside ``Body`` / ``DefinitionBody``.

Other tools' keys, honoured only for entries that name a gwlint rule, so one place can serve both:
``Metadata.cfn-lint.config.ignore_checks`` (resource or template), ``Metadata.checkov.skip``
(``[{id, comment}]``) and ``Metadata.cfn_nag.rules_to_suppress`` (``[{id, reason}]``).

A suppressed finding is kept, with ``suppressed = "inSource"`` and the reason: text and github output
leave it out, json and sarif carry it. A suppression entry that covers no finding of its rule is a GW004
note at the comment or the entry, but only when that rule ran on the file (a rule left out by
``--select``, ``--ignore`` or ``per-file-ignores`` cannot prove a suppression stale). An id that is not a
gwlint rule in a gwlint suppression is GW004 too.

``[tool.gwlint.per-file-ignores]`` maps globs to rule ids or prefixes, as ruff does: for matching files
those rules are not reported at all (findings are dropped, as with ``ignore``, not marked suppressed),
and suppressions of them in those files are not reported as unused. Globs are matched against the path
relative to the configuration file's directory (``**`` crosses directories, ``*`` does not); a glob
without ``/`` also matches the file name alone. GW001 and GW003 are never dropped.
"""

from __future__ import annotations

import os
import re
from gwlint.record import dataclass, field, replace
from typing import Any, Iterable

from gwlint.findings import Finding
from gwlint.source import Document, Pointer, Span, json_pointer

UNUSED_SUPPRESSION = "GW004"
#: Never dropped by per-file-ignores (input and internal errors are always reported).
ALWAYS_REPORTED = ("GW001", "GW003")
_ID = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
_GWLINT_ID = re.compile(r"^GW[0-9]{3}$")
_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*gwlint\s*:\s*ignore\b(?:\s*\[([^\]\n]*)\])?([^\n]*)")
_MARKERS = ("gwlint", "cfn-lint", "checkov", "cfn_nag")
_MAX_NODES = 2_000_000


@dataclass(eq=False)
class Suppression:
    """One suppression entry: a comment (several ids) or one structured entry (one id)."""

    source: str  # "comment", "gwlint", "x-gwlint-ignore", "cfn-lint", "checkov", "cfn_nag"
    file: str  # the document that holds it
    ids: tuple[str, ...]
    reason: str
    span: Span  # where GW004 is reported
    pointer: str = ""  # JSON pointer of the entry ("" for comments)
    lines: frozenset[int] = frozenset()  # comments: the lines covered
    scope: tuple[tuple[str, str], ...] = ()  # structured: (file, pointer prefix) pairs covered
    where: str = ""  # for messages: "in resource Api", "in this object", ...
    unknown: tuple[str, ...] = ()  # ids that name no rule
    used: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple:
        return (self.file, self.source, self.pointer, self.span, self.ids)

    def covers(self, finding: Finding) -> bool:
        if finding.rule_id not in self.ids:
            return False
        if self.source == "comment":
            return finding.path == self.file and finding.span.line in self.lines
        return any(finding.path == file and _inside(finding.pointer, prefix) for file, prefix in self.scope)


def _inside(pointer: str, prefix: str) -> bool:
    return not prefix or pointer == prefix or pointer.startswith(prefix + "/")


# -- per-file ignores ----------------------------------------------------------------------------------------
def glob_to_regex(pattern: str) -> "re.Pattern[str]":
    """ruff-style globs: ``**`` any number of directories, ``*`` and ``?`` within one path segment,
    ``[...]`` a character class."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1:i + 2] in ("!", "]") else i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1:end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")


@dataclass(frozen=True)
class PerFileIgnores:
    """Compiled ``per-file-ignores``: (glob, regex, ids or prefixes), relative to ``root``."""

    root: str
    entries: tuple[tuple[str, "re.Pattern[str]", tuple[str, ...]], ...]

    @classmethod
    def from_config(cls, table: dict[str, list[str]], root: str) -> "PerFileIgnores":
        entries = []
        for glob, ids in table.items():
            normal = glob.replace(os.sep, "/")
            normal = normal[2:] if normal.startswith("./") else normal
            entries.append((normal, glob_to_regex(normal), tuple(i.strip().upper() for i in ids)))
        return cls(os.path.abspath(root), tuple(entries))

    def ignored(self, path: str) -> tuple[str, ...]:
        """The ids and prefixes ignored for ``path`` (a path as the user gave it)."""
        if path.startswith("<"):  # <stdin>
            return ()
        absolute = os.path.abspath(path)
        try:
            rel = os.path.relpath(absolute, self.root).replace(os.sep, "/")
        except ValueError:
            rel = absolute.replace(os.sep, "/")
        name = os.path.basename(absolute)
        found: list[str] = []
        for glob, regex, ids in self.entries:
            if regex.match(rel) or ("/" not in glob and regex.match(name)):
                found.extend(ids)
        return tuple(found)

    def drops(self, rule_id: str, path: str, cache: dict[str, tuple[str, ...]] | None = None) -> bool:
        if rule_id in ALWAYS_REPORTED:
            return False
        ignored = cache.get(path) if cache is not None else None
        if ignored is None:
            ignored = self.ignored(path)
            if cache is not None:
                cache[path] = ignored
        return any(rule_id.startswith(prefix) for prefix in ignored)


# -- reading suppressions ------------------------------------------------------------------------------------
def _quoted_scalar_ranges(text: str) -> list[tuple[int, int, int, int]]:
    """(start line, start column, end line, end column), 0-based, of quoted and block scalars."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    ranges = []
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.ScalarEvent) and event.style in ('"', "'", "|", ">"):
                start, end = event.start_mark, event.end_mark
                ranges.append((start.line, start.column, end.line, end.column))
            elif isinstance(event, yaml.DocumentEndEvent):
                break
    except yaml.YAMLError:
        pass
    return ranges


def _in_ranges(line: int, column: int, ranges: list[tuple[int, int, int, int]]) -> bool:
    return any((sl, sc) <= (line, column) < (el, ec) for sl, sc, el, ec in ranges)


def _split_ids(text: str) -> list[str]:
    return [part.strip().upper() for part in re.split(r"[,\s]+", text) if part.strip()]


def _reason(text: str) -> str:
    """The text after ``]``, up to another comment (`` # noqa``, a fixture annotation)."""
    text = re.split(r"\s#", text, maxsplit=1)[0]
    return text.strip().lstrip(":-\u2013\u2014").strip()


def comment_suppressions(document: Document) -> list[Suppression]:
    """``# gwlint: ignore[...]`` comments of a YAML document."""
    text = document.text
    if document.format != "yaml" or "gwlint" not in text:
        return []
    lines = text.split("\n")
    candidates = []
    for index, line in enumerate(lines):
        if "gwlint" not in line:
            continue
        for match in _COMMENT.finditer(line):
            candidates.append((index, match))
    if not candidates:
        return []
    ranges = _quoted_scalar_ranges(text)
    found = []
    for index, match in candidates:
        if _in_ranges(index, match.start(), ranges):
            continue
        number = index + 1
        covered = {number}
        for following in range(index + 1, len(lines)):
            stripped = lines[following].strip()
            if stripped and not stripped.startswith("#"):
                covered.add(following + 1)
                break
        ids = tuple(dict.fromkeys(_split_ids(match.group(1) or "")))
        found.append(Suppression(
            source="comment", file=document.path, ids=ids, reason=_reason(match.group(2) or ""),
            span=Span(number, match.start() + 1, number, match.start(2) + 1), lines=frozenset(covered),
            where="on this line or the next",
        ))
    return found


def _entries(value: Any, id_key: str = "id", reason_keys: tuple[str, ...] = ("reason",)) -> Iterable[tuple[int | None, str, str, bool]]:
    """(index, id, reason, is-mapping) for a list of ids or of {id, reason} mappings (or one of them)."""
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        position = index if isinstance(value, list) else None
        if isinstance(item, str):
            yield position, item.strip().upper(), "", False
        elif isinstance(item, dict) and isinstance(item.get(id_key), str):
            reason = next((item[k] for k in reason_keys if isinstance(item.get(k), str)), "")
            yield position, item[id_key].strip().upper(), reason.strip(), True


class _Reader:
    """Structured suppressions of one document (its Metadata entries and x-gwlint-ignore keys)."""

    def __init__(self, document: Document, links: dict[Pointer, Document], known: set[str]) -> None:
        self.document = document
        self.links = links
        self.known = known
        self.found: list[Suppression] = []

    def _span(self, parts: tuple) -> Span:
        location = self.document.locate(parts)
        return location.value if location.exact else location.best

    def _scope(self, prefix: tuple) -> tuple[tuple[str, str], ...]:
        scope = [(self.document.path, json_pointer(prefix))]
        for pointer, target in self.links.items():
            if pointer.file == self.document.path and pointer.parts[:len(prefix)] == prefix:
                scope.append((target.path, ""))
        return tuple(dict.fromkeys(scope))

    def add(self, source: str, value: Any, at: tuple, prefix: tuple, where: str, *, ours: bool,
            id_key: str = "id", reason_keys: tuple[str, ...] = ("reason",)) -> None:
        scope = None
        for index, rule_id, reason, mapping in _entries(value, id_key, reason_keys):
            if not ours and not (rule_id in self.known or _GWLINT_ID.match(rule_id)):
                continue  # another tool's check id: not ours to judge
            parts = at + ((index,) if index is not None else ())
            span = self._span(parts + ((id_key,) if mapping else ()))
            scope = scope or self._scope(prefix)
            unknown = () if rule_id in self.known else (rule_id,)
            self.found.append(Suppression(source=source, file=self.document.path, ids=(rule_id,), reason=reason,
                                          span=span, pointer=json_pointer(parts), scope=scope, where=where,
                                          unknown=unknown))

    def metadata(self, metadata: Any, at: tuple, prefix: tuple, where: str, template: bool) -> None:
        if not isinstance(metadata, dict):
            return
        gwlint = metadata.get("gwlint")
        if isinstance(gwlint, dict) and "ignore" in gwlint:
            self.add("gwlint", gwlint["ignore"], at + ("gwlint", "ignore"), prefix, where, ours=True)
        cfn_lint = metadata.get("cfn-lint")
        config = cfn_lint.get("config") if isinstance(cfn_lint, dict) else None
        if isinstance(config, dict) and "ignore_checks" in config:
            self.add("cfn-lint", config["ignore_checks"], at + ("cfn-lint", "config", "ignore_checks"), prefix,
                     where, ours=False)
        if template:
            return
        checkov = metadata.get("checkov")
        if isinstance(checkov, dict) and "skip" in checkov:
            self.add("checkov", checkov["skip"], at + ("checkov", "skip"), prefix, where, ours=False,
                     reason_keys=("comment", "reason"))
        cfn_nag = metadata.get("cfn_nag")
        if isinstance(cfn_nag, dict) and "rules_to_suppress" in cfn_nag:
            self.add("cfn_nag", cfn_nag["rules_to_suppress"], at + ("cfn_nag", "rules_to_suppress"), prefix,
                     where, ours=False)

    def read(self) -> list[Suppression]:
        data = self.document.data
        text = self.document.text
        if not isinstance(data, dict) or not any(marker in text for marker in _MARKERS):
            return []
        if self.document.kind in ("cloudformation", "sam"):
            self.metadata(data.get("Metadata"), ("Metadata",), (), "in this template", template=True)
            resources = data.get("Resources")
            if isinstance(resources, dict):
                for name, resource in resources.items():
                    if isinstance(resource, dict) and "Metadata" in resource:
                        self.metadata(resource["Metadata"], ("Resources", name, "Metadata"), ("Resources", name),
                                      f"in resource {name}", template=False)
        if "x-gwlint-ignore" in text:
            self.openapi(data)
        return self.found

    def openapi(self, data: Any) -> None:
        stack: list[tuple[Any, tuple]] = [(data, ())]
        seen = 0
        while stack and seen < _MAX_NODES:
            node, parts = stack.pop()
            seen += 1
            if isinstance(node, dict):
                if "x-gwlint-ignore" in node:
                    where = f"in this object ({json_pointer(parts) or 'the document root'})"
                    self.add("x-gwlint-ignore", node["x-gwlint-ignore"], parts + ("x-gwlint-ignore",), parts, where,
                             ours=True)
                children = [(value, parts + (key,)) for key, value in node.items()
                            if isinstance(value, (dict, list)) and key != "x-gwlint-ignore"]
            elif isinstance(node, list):
                children = [(value, parts + (i,)) for i, value in enumerate(node) if isinstance(value, (dict, list))]
            else:
                continue
            stack.extend(reversed(children))


# -- applying ------------------------------------------------------------------------------------------------
_LABELS = {
    "comment": "suppression comment", "gwlint": "Metadata gwlint ignore entry",
    "x-gwlint-ignore": "x-gwlint-ignore entry", "cfn-lint": "cfn-lint ignore_checks entry",
    "checkov": "checkov skip entry", "cfn_nag": "cfn_nag rules_to_suppress entry",
}


def _either(ids: list[str], word: str) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + f" {word} " + ids[-1]


class Suppressor:
    """Applies the suppressions of one file group (a template and the files it references, or a
    standalone file) to the group's findings, then reports the unused ones (:meth:`unused`)."""

    def __init__(self, rules: dict, severity_overrides: dict | None = None,
                 per_file_ignores: PerFileIgnores | None = None, known_ids: Iterable[str] | None = None) -> None:
        self.rules = rules
        self.severity_overrides = severity_overrides or {}
        self.per_file_ignores = per_file_ignores
        if known_ids is None:
            try:
                from gwlint.registry import load_rules

                known_ids = load_rules()
            except Exception:  # a broken plugin is reported by the CLI; judge by the selected rules
                known_ids = ()
        self.known = set(known_ids) | set(rules)
        self.suppressions: dict[tuple, Suppression] = {}
        self._ignored: dict[str, tuple[str, ...]] = {}

    def _enabled(self, rule_id: str, path: str) -> bool:
        if rule_id not in self.rules:
            return False
        return not (self.per_file_ignores and self.per_file_ignores.drops(rule_id, path, self._ignored))

    def read(self, documents: list[Document], links: dict[Pointer, Document] | None = None) -> list[Suppression]:
        found: list[Suppression] = []
        for document in documents:
            if not any(marker in document.text for marker in _MARKERS):
                continue
            for suppression in comment_suppressions(document) + _Reader(document, links or {}, self.known).read():
                if suppression.source == "comment":
                    suppression.unknown = tuple(i for i in suppression.ids if i not in self.known)
                # The same entry seen from another group: share its usage.
                suppression = self.suppressions.setdefault(suppression.key, suppression)
                found.append(suppression)
        return found

    def apply(self, findings: list[Finding], documents: list[Document],
              links: dict[Pointer, Document] | None = None) -> list[Finding]:
        if self.per_file_ignores and self.per_file_ignores.entries:
            findings = [f for f in findings if not self.per_file_ignores.drops(f.rule_id, f.path, self._ignored)]
        suppressions = self.read(documents, links)
        if not suppressions or not findings:
            return findings
        out = []
        for finding in findings:
            covering = [s for s in suppressions if s.covers(finding)]
            if not covering:
                out.append(finding)
                continue
            for suppression in covering:
                suppression.used.add(finding.rule_id)
            reason = next((s.reason for s in covering if s.reason), "")
            out.append(replace(finding, suppressed="inSource", suppression_reason=reason))
        return out

    def unused(self) -> list[Finding]:
        """GW004 findings for the suppressions that suppressed nothing (when GW004 is selected)."""
        rule = self.rules.get(UNUSED_SUPPRESSION)
        if rule is None:
            return []
        findings = []
        for suppression in self.suppressions.values():
            message = self._message(suppression)
            if message is None or not self._enabled(UNUSED_SUPPRESSION, suppression.file):
                continue
            findings.append(Finding(
                rule_id=rule.id, rule_name=rule.name,
                severity=self.severity_overrides.get(rule.id, rule.severity), message=message,
                path=suppression.file, span=suppression.span, pointer=suppression.pointer, help_uri=rule.help_uri(),
            ))
        return findings

    def _message(self, suppression: Suppression) -> str | None:
        label = _LABELS[suppression.source]
        if suppression.source == "comment" and not suppression.ids:
            return f"{label} names no rule, so it suppresses nothing: write `# gwlint: ignore[GW101] reason`"
        unknown = [i for i in suppression.ids if i in suppression.unknown]
        stale = [i for i in suppression.ids if i not in suppression.unknown and i not in suppression.used
                 and self._enabled(i, suppression.file)]
        parts = []
        if unknown:
            noun = "is not a gwlint rule" if len(unknown) == 1 else "are not gwlint rules"
            parts.append(f"{label} names {_either(unknown, 'and')}, which {noun} (see `gwlint rules`)")
        if stale:
            ids = _either(stale, "or")
            parts.append(f"unused {label} for {_either(stale, 'and')}: no {ids} finding {suppression.where}; "
                         f"remove it, or it will hide a future {ids} there")
        return "; ".join(parts) if parts else None


__all__ = ["PerFileIgnores", "Suppression", "Suppressor", "comment_suppressions", "glob_to_regex"]
