"""The lint run: discover files, load each once, build the model, run the rules, make findings."""

from __future__ import annotations

import os
import sys
from gwlint.record import dataclass, field, replace
from typing import Iterable

from gwlint.config import RuleSettings
from gwlint.findings import Finding, Severity
from gwlint.rule import Rule, Violation
from gwlint.source import Document, InputError, Location, Pointer, Span

PARSE_ERROR = "GW001"
INTERNAL_ERROR = "GW003"

TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
SKIPPED_DIRECTORIES = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".aws-sam",
                       "cdk.out", ".terraform", ".mypy_cache", ".pytest_cache"}
#: Text that makes a file found by walking worth reporting when it does not parse.
_OUR_MARKERS = ("AWSTemplateFormatVersion", "Resources", "openapi", "swagger", "Statement", "x-amazon-apigateway")


@dataclass(frozen=True)
class InputFile:
    path: str  # what the user sees
    explicit: bool  # named on the command line (or by pre-commit), not found by walking
    stdin_text: str | None = None


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    sources: dict[str, str] = field(default_factory=dict)  # path -> text, for files with findings
    skipped: list[tuple[str, str]] = field(default_factory=list)  # explicit files not ours, and why
    input_errors: int = 0
    deployed_matches: int = 0  # APIs compared with the `--deployed` export


@dataclass
class Options:
    rules: dict[str, type[Rule]]
    max_file_size: int
    exclude: tuple[str, ...] = ()
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    #: `[tool.gwlint.per-file-ignores]`, compiled (gwlint.suppress.PerFileIgnores), or None.
    per_file_ignores: object = None
    #: Apply in-source suppressions and report unused ones as GW004 (gwlint.suppress).
    suppressions: bool = True
    #: `--base REF`: a gwlint.gitbase.GitRevision (``label``, ``read(path) -> text | None``). Rules with
    #: ``needs_base`` then get the model of the same files at that revision as ``model.base``.
    base: object = None
    #: `--deployed EXPORT`: a gwlint.deployed.Export, given to every model rule as ``model.deployed``.
    deployed: object = None
    #: What rules read as ``self.settings`` (`[tool.gwlint]` keys such as `wide-prefix-ipv4`).
    rule_settings: RuleSettings = field(default_factory=RuleSettings)


# -- discovery ------------------------------------------------------------------------------------
def discover(paths: Iterable[str], exclude: tuple[str, ...] = ()) -> Iterable[InputFile]:
    """Files to check, in a stable order. A path that does not exist is an input error."""
    import fnmatch

    def excluded(path: str) -> bool:
        normal = path.replace(os.sep, "/")
        return any(fnmatch.fnmatch(normal, pattern) or fnmatch.fnmatch(os.path.basename(normal), pattern)
                   for pattern in exclude)

    for path in paths:
        if path == "-":
            yield InputFile("<stdin>", True, sys.stdin.read() if not sys.stdin.closed else "")
            continue
        if os.path.isdir(path):
            for directory, subdirectories, files in os.walk(path):
                subdirectories[:] = sorted(d for d in subdirectories
                                           if d not in SKIPPED_DIRECTORIES and not excluded(os.path.join(directory, d)))
                for name in sorted(files):
                    full = os.path.join(directory, name)
                    if name.lower().endswith(TEMPLATE_SUFFIXES) and not excluded(full):
                        yield InputFile(_display(full), False)
        else:  # a file, or a path that does not exist (reported as an input error)
            yield InputFile(_display(path), True)


def _display(path: str) -> str:
    return path[2:] if path.startswith("./") else path


# -- the run --------------------------------------------------------------------------------------
#: With `--jobs auto`, one worker process per this many files (and at most one per core).
FILES_PER_JOB = 150


def run(paths: list[str], options: Options, jobs: int | None = 1) -> RunResult:
    """Load every file once, group each template with the local files it references, check each group.

    ``jobs`` > 1 splits the files into contiguous chunks checked by worker processes; ``None`` picks
    a number from the file count. The output is the same, in the same order, for any ``jobs``.
    """
    items = list(discover(paths, options.exclude))
    workers = auto_jobs(len(items)) if jobs is None else max(1, jobs)
    if workers == 1 or len(items) < 2:
        partial = [_check_items(items, options)]
    else:
        from concurrent.futures import ProcessPoolExecutor

        size = -(-len(items) // workers)
        chunks = [items[start:start + size] for start in range(0, len(items), size)]
        with ProcessPoolExecutor(max_workers=len(chunks)) as pool:
            partial = list(pool.map(_check_items, chunks, [options] * len(chunks)))
    return _merge(partial)


def auto_jobs(file_count: int) -> int:
    return max(1, min(os.cpu_count() or 1, file_count // FILES_PER_JOB))


@dataclass
class _Partial:
    """What one worker found: the run result plus, per group, its primary file and linked files."""

    result: RunResult
    groups: list[tuple[str, bool, tuple[str, ...], list[Finding]]]  # key, is template, linked keys, findings


def _check_items(items: list[InputFile], options: Options) -> _Partial:
    import gc

    result = RunResult()
    documents: dict[str, Document] = {}  # absolute path -> document, in discovery order
    # The cyclic garbage collector would pass over everything alive again and again while files
    # are loaded (millions of small objects, 6% of a corpus run), finding nothing: parsed data has
    # no reference cycles. It is paused while loading, and what loading built is then frozen (left
    # out of later passes; reference counting still frees it group by group).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for item in items:
            document = _load(item, options, result)
            if document is not None:
                documents[_key(document.path)] = document
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    try:
        return _check_loaded(documents, options, result)
    finally:
        gc.unfreeze()


def _check_loaded(documents: dict[str, Document], options: Options, result: RunResult) -> _Partial:
    groups = []
    pending = _groups(documents, options, result)
    documents.clear()
    pending.reverse()
    while pending:
        # Pop each group as it is checked, so its documents (data and position tables) can be
        # freed as soon as no later group uses them: peak memory stays near one group's worth.
        primary, links = pending.pop()
        group = [primary] + [doc for doc in dict.fromkeys(links.values()) if doc is not primary]
        findings = check_documents(group, options, links, result)
        findings = apply_suppressions(findings, group, options, links)
        if findings:
            for document in group:
                result.sources[document.path] = document.text
        groups.append((_key(primary.path), primary.kind in ("cloudformation", "sam"),
                       tuple(_key(doc.path) for doc in group[1:]), findings))
    return _Partial(result, groups)


def _merge(partials: list[_Partial]) -> RunResult:
    """One result from the workers' results. A file that a template in another chunk references was
    checked there as part of that template: its standalone findings are dropped."""
    merged = RunResult()
    referenced = {key for partial in partials for _, _, linked, _ in partial.groups for key in linked}
    for partial in partials:
        result = partial.result
        merged.files_checked += result.files_checked
        merged.input_errors += result.input_errors
        merged.deployed_matches += result.deployed_matches
        merged.skipped.extend(result.skipped)
        merged.sources.update(result.sources)
        merged.findings.extend(result.findings)  # input errors, found while loading
        for key, is_template, _, findings in partial.groups:
            if not is_template and key in referenced:
                continue
            merged.findings.extend(findings)
    merged.findings = sorted(set(merged.findings), key=Finding.sort_key)
    return merged


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _load(item: InputFile, options: Options, result: RunResult) -> Document | None:
    """Read and parse one file. Unreadable files are always reported; a file found by walking that
    does not parse is reported only when its text looks like a template (a Helm chart is not ours)."""
    from gwlint.loaders import decode, parse_text, read_bytes

    text = item.stdin_text
    try:
        if text is None:
            text = decode(read_bytes(item.path, options.max_file_size))
        elif not text.strip():
            raise InputError("empty standard input")
        document = parse_text(item.path, text)
    except InputError as error:
        parse_failure = text is not None and text.strip() != ""
        if item.explicit or not parse_failure or _looks_like_ours(text):
            result.input_errors += 1
            result.files_checked += 1
            result.findings.append(_input_error(item.path, error, options))
        return None
    if document.kind == "unknown":
        if item.explicit:
            result.skipped.append((item.path, _not_ours_reason(document.data)))
        return None
    result.files_checked += 1
    return document


def _groups(documents: dict[str, Document], options: Options, result: RunResult):
    """(primary document, links) for every template, then for every file no template references."""
    from gwlint.links import find_links

    groups = []
    referenced: set[str] = set()
    for document in list(documents.values()):
        if document.kind not in ("cloudformation", "sam"):
            continue
        links: dict[Pointer, Document] = {}
        for link in find_links(document.path, document.data):
            target = documents.get(_key(link.path))
            if target is None and os.path.isfile(link.path):
                # Referenced but not among the paths given: read it as part of this template.
                target = _load(InputFile(link.path, False), options, result)
                if target is not None:
                    documents[_key(link.path)] = target
            if target is not None and target is not document:
                links[Pointer(document.path, link.parts)] = target
                referenced.add(_key(target.path))
        groups.append((document, links))
    for key, document in documents.items():
        if document.kind not in ("cloudformation", "sam") and key not in referenced:
            groups.append((document, {}))
    return groups


def _not_ours_reason(data) -> str:
    if data is None:
        return "empty (no YAML or JSON content)"
    if isinstance(data, list):
        return "the top level is a list, not a template, OpenAPI document or policy"
    if not isinstance(data, dict):
        return "the top level is a single value, not a template, OpenAPI document or policy"
    return "not a CloudFormation/SAM template, OpenAPI document or IAM policy"


def _looks_like_ours(text: str) -> bool:
    """Whether text that does not parse is worth reporting: it mentions what templates, OpenAPI
    documents or policies contain."""
    head = text[:65536]
    return any(marker in head for marker in _OUR_MARKERS)


def _input_error(path: str, error: InputError, options: Options) -> Finding:
    rule = options.rules.get(PARSE_ERROR)
    line, column = error.line or 1, error.column or 1
    return Finding(
        rule_id=PARSE_ERROR, rule_name=rule.name if rule else "parse-error", severity=Severity.ERROR,
        message=error.message, path=path, span=Span.point(line, column), pointer="",
        help_uri=rule.help_uri() if rule else "",
    )


def apply_suppressions(findings: list[Finding], documents: list[Document], options: Options,
                       links: dict | None = None) -> list[Finding]:
    """Per-file ignores, in-source suppressions and GW004 for one file group (see gwlint.suppress)."""
    if not options.suppressions:
        return findings
    from gwlint.suppress import Suppressor

    suppressor = Suppressor(options.rules, options.severity_overrides, options.per_file_ignores)
    findings = suppressor.apply(findings, documents, links)
    return findings + suppressor.unused()


def check_documents(documents: list[Document], options: Options, links: dict | None = None,
                    result: RunResult | None = None) -> list[Finding]:
    """Run every selected rule over one file group. A crashing rule becomes a GW003 finding."""
    by_file = {document.path: document for document in documents}
    findings: list[Finding] = []
    model = None
    model_rules = [rule for rule in options.rules.values() if rule.target == "model"]
    document_rules = [rule for rule in options.rules.values() if rule.target == "document"]
    for document in documents:
        for rule_class in document_rules:
            findings.extend(_run_rule(rule_class, document, by_file, options, document.path))
    if model_rules:
        try:
            from gwlint.model import build_model

            model = build_model(documents, links)
        except Exception as exc:  # a builder bug must never become a traceback
            findings.append(_internal_error("the model builder", exc, documents[0].path, options))
            model = None
        if model is not None and (options.base is not None or options.deployed is not None):
            model = _with_other_versions(model, documents, options, model_rules, result)
        if model is not None:
            for rule_class in model_rules:
                findings.extend(_run_rule(rule_class, model, by_file, options, documents[0].path))
    return findings


def _with_other_versions(model, documents: list[Document], options: Options, model_rules: list,
                         result: RunResult | None):
    """The model with ``base`` (the files at ``--base``, built only when a selected rule has ``needs_base``)
    and ``deployed`` (the ``--deployed`` export). A BaseRevisionError is a usage error and propagates."""
    update: dict = {}
    if options.base is not None and any(getattr(rule, "needs_base", False) for rule in model_rules):
        from gwlint.gitbase import base_model

        update["base"] = base_model(documents, options.base, options.max_file_size)
        update["base_label"] = options.base.label
    if options.deployed is not None:
        update["deployed"] = options.deployed
        if result is not None:
            result.deployed_matches += sum(1 for api in model.apis if options.deployed.matches(api))
    return replace(model, **update) if update else model


def _run_rule(rule_class: type[Rule], subject, by_file: dict[str, Document], options: Options,
              path: str) -> list[Finding]:
    try:
        rule = rule_class()
        rule.settings = options.rule_settings
        violations = list(rule.check(subject))
        return [_finding(rule_class, violation, by_file, options) for violation in violations]
    except Exception as exc:
        return [_internal_error(f"rule {rule_class.id} ({rule_class.name})", exc, path, options)]


def _internal_error(what: str, exc: Exception, path: str, options: Options) -> Finding:
    rule = options.rules.get(INTERNAL_ERROR)
    where = ""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        where = f" at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"
    return Finding(
        rule_id=INTERNAL_ERROR, rule_name=rule.name if rule else "internal-error", severity=Severity.ERROR,
        message=f"internal error in {what}: {exc.__class__.__name__}: {exc}{where}. Please report this.",
        path=path, span=Span.point(1, 1), pointer="", help_uri=rule.help_uri() if rule else "",
    )


def _finding(rule_class: type[Rule], violation: Violation, by_file: dict[str, Document], options: Options) -> Finding:
    pointer: Pointer = violation.pointer
    document = by_file.get(pointer.file)
    if document is not None:
        location = document.locate(pointer.parts)
    else:
        location = Location(None, Span.point(1, 1), exact=False)
    if not location.exact or violation.at == "key":
        span = location.best
    else:
        span = location.value
        if violation.value_range is not None and document is not None:
            from gwlint.value_spans import value_subspan

            span = value_subspan(document, pointer.parts, span, *violation.value_range) or span
    return Finding(
        rule_id=rule_class.id, rule_name=rule_class.name,
        severity=options.severity_overrides.get(rule_class.id, violation.severity or rule_class.severity),
        message=violation.message, path=pointer.file, span=span, pointer=str(pointer),
        help_uri=rule_class.help_uri(),
    )
