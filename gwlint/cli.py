"""The command line: ``gwlint check``, ``gwlint rules``, ``gwlint rule ID``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings; 2 usage, configuration or input errors
(files that cannot be read or parsed are reported and the others still linted).
"""

from __future__ import annotations

import os
import sys

import click

from gwlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: Findings that mean the input could not be checked (exit code 2): unreadable or unparseable
#: files, template structure CloudFormation rejects outright, and internal errors.
INPUT_ERROR_RULES = {"GW001", "GW003", "GW005"}


def _split(values: tuple[str, ...]) -> list[str]:
    return [item.strip().upper() for value in values for item in value.split(",") if item.strip()]


def write_atomically(path: str, text: str) -> None:
    """Write through a temporary file and rename, so an interrupted run leaves the old file intact.

    Only a regular file (or a new one) is replaced that way: a device, FIFO or socket such as
    ``/dev/null`` or ``/dev/stdout`` is written in place, because renaming over it would replace
    the device itself with a regular file.
    """
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        return
    directory = os.path.dirname(os.path.abspath(path)) or "."
    import tempfile  # only for --output: it costs 3 ms of start-up

    handle, temporary = tempfile.mkstemp(prefix=".gwlint-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"gwlint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gwlint")
def cli() -> None:
    """Static analyzer for Amazon API Gateway: SAM and CloudFormation templates, OpenAPI definitions
    with x-amazon-apigateway extensions, and resource policies."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format",
              type=click.Choice(["text", "json", "sarif", "github", "junit", "gitlab"]),
              help="Output format (default: text).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--select", multiple=True, help="Rule ids or prefixes to run (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, help="Rule ids or prefixes to skip (comma-separated; repeatable).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "note", "never"]),
              help="Lowest severity that makes the exit code 1 (default: warning).")
@click.option("--quiet", "-q", is_flag=True, help="Only the findings: no code frames, no summary when clean.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Configuration file (default: the closest .gwlint.toml or pyproject.toml [tool.gwlint]).")
@click.option("--max-file-size", type=click.IntRange(min=1), help="Refuse files larger than this many bytes.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: only on a terminal).")
@click.option("--jobs", "-j", default="auto", metavar="N|auto",
              help="Worker processes (default auto: one per 150 files, at most one per core, so one "
                   "process below 300 files). The output is the same for any number.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings that are not in this baseline; list its stale entries on stderr.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="Record today's findings in FILE (then they count as baselined).")
@click.option("--statistics", is_flag=True,
              help="Print finding counts by rule (instead of the report, unless --output is given).")
@click.option("--base", "base_revision", metavar="REF",
              help="Compare each template with its version at git revision REF (HEAD, origin/main) and report "
                   "API changes whose deployment is not re-created (GW411).")
@click.option("--deployed", "deployed_path", type=click.Path(dir_okay=False), metavar="EXPORT",
              help="An export of a deployed stage (aws apigateway get-export --export-type oas30 --parameters "
                   "extensions=apigateway): report what the stage serves differently from the source (GW421).")
@click.option("--deployed-api", metavar="NAME",
              help="With --deployed: the API to compare, by name or logical id (default: the export's title).")
def check(paths, output_format, output, select, ignore, fail_on, quiet, config_path, max_file_size, color,
          jobs, baseline_path=None, write_baseline_path=None, statistics=False, base_revision=None,
          deployed_path=None, deployed_api=None) -> None:
    """Check files and directories (default: the current directory; `-` reads standard input)."""
    from gwlint.config import ConfigError, load_settings
    from gwlint.engine import Options, run
    from gwlint.findings import Severity
    from gwlint.registry import RegistryError, load_rules, select_rules

    try:
        settings = load_settings(config_path)
        rules = load_rules()
    except (ConfigError, RegistryError) as exc:
        raise _fail(str(exc))
    selected_ids = _split(select) or [s.upper() for s in settings.select]
    ignored_ids = _split(ignore) or [s.upper() for s in settings.ignore]
    unknown = [p for p in selected_ids + ignored_ids if not any(rule_id.startswith(p) for rule_id in rules)]
    if unknown:
        raise _fail(f"unknown rule id or prefix: {', '.join(unknown)} (see `gwlint rules`)")
    chosen = select_rules(rules, selected_ids, ignored_ids)
    per_file = [p.upper() for ids in settings.per_file_ignores.values() for p in ids]
    unknown = [p for p in per_file if not any(rule_id.startswith(p) for rule_id in rules)]
    if unknown:
        raise _fail(f"{settings.source}: per-file-ignores: unknown rule id or prefix: {', '.join(unknown)}")
    # Input errors are always reported: a file that cannot be read must never pass silently.
    for always in ("GW001", "GW003"):
        if always in rules:
            chosen.setdefault(always, rules[always])
    options = Options(
        rules=chosen,
        max_file_size=max_file_size or settings.max_file_size,
        exclude=tuple(settings.exclude),
        severity_overrides={rule_id: Severity(level) for rule_id, level in settings.severity.items()},
        per_file_ignores=_per_file_ignores(settings),
        rule_settings=settings.rules,
    )
    if jobs == "auto":
        job_count = None
    elif jobs.isdigit() and int(jobs) > 0:
        job_count = int(jobs)
    else:
        raise _fail(f"--jobs must be a positive number or 'auto', not {jobs!r}")
    options.base, options.deployed = _other_versions(base_revision, deployed_path, deployed_api,
                                                     list(paths) or ["."], options.max_file_size)
    from gwlint.gitbase import BaseRevisionError

    try:
        result = run(list(paths) or ["."], options, job_count)
    except BaseRevisionError as exc:
        raise _fail(str(exc))
    if options.deployed is not None and not result.deployed_matches:
        raise _fail(options.deployed.no_match_message())

    if baseline_path or write_baseline_path:
        result.findings = _apply_baseline(result, baseline_path, write_baseline_path, options,
                                          list(paths) or ["."])

    from gwlint.report import REPORTERS, ReportContext

    fmt = output_format or settings.format
    use_color = color if color is not None else (output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    context = ReportContext(root=os.getcwd(), color=bool(use_color and fmt == "text"), sources=result.sources,
                            files_checked=result.files_checked, version=__version__, quiet=quiet)
    text = REPORTERS[fmt](result.findings, rules, context)
    if output:
        write_atomically(output, text)
    if statistics:
        from gwlint.report import statistics as stats

        click.echo((stats.render_json if fmt == "json" else stats.render_text)(result.findings, rules), nl=False)
    elif not output:
        click.echo(text, nl=False)
    if not quiet and "PRE_COMMIT" not in os.environ:  # pre-commit passes every YAML/JSON: stay silent
        from gwlint.report import escape_controls as escape

        for path, reason in result.skipped:
            click.echo(f"gwlint: {escape(path)}: skipped: {reason}", err=True)
    threshold = fail_on or settings.fail_on
    sys.exit(exit_code(result, threshold))


def _other_versions(base_revision, deployed_path, deployed_api, paths, max_file_size):
    """`--base` (a GitRevision, checked against every path now) and `--deployed` (a loaded Export)."""
    base = deployed = None
    if deployed_api and not deployed_path:
        raise _fail("--deployed-api needs --deployed EXPORT")
    if base_revision is not None:
        from gwlint.gitbase import BaseRevisionError, GitRevision

        try:
            base = GitRevision(base_revision, max_file_size)
            for path in paths:
                if path != "-" and os.path.exists(path):
                    base.check(path)
        except BaseRevisionError as exc:
            raise _fail(str(exc))
    if deployed_path:
        from gwlint.deployed import ExportError, load_export

        try:
            deployed = load_export(deployed_path, deployed_api, max_file_size)
        except ExportError as exc:
            raise _fail(str(exc))
    return base, deployed


def _per_file_ignores(settings):
    if not settings.per_file_ignores:
        return None
    from gwlint.suppress import PerFileIgnores

    root = os.path.dirname(os.path.abspath(settings.source)) if settings.source else os.getcwd()
    return PerFileIgnores.from_config(settings.per_file_ignores, root)


def _within(path: str, directory: str) -> bool:
    directory = os.path.abspath(directory)
    try:
        return os.path.commonpath([directory, path]) == directory
    except ValueError:  # another drive on Windows
        return False


def _apply_baseline(result, baseline_path, write_path, options, paths):
    """Write and/or apply a baseline; list stale entries on stderr. Returns the findings."""
    from gwlint import baseline as bl
    from gwlint.report import escape_controls as escape

    try:
        if write_path:
            write_atomically(write_path, bl.dumps(result.findings, write_path))
            current = bl.load(write_path)
            click.echo(f"gwlint: wrote {len(current.entries)} findings to the baseline {escape(write_path)}", err=True)
        else:
            current = bl.load(baseline_path)
    except (bl.BaselineError, OSError) as exc:
        raise _fail(str(exc))
    checked: set[str] | None = None
    ignores = options.per_file_ignores

    def relevant(item) -> bool:
        nonlocal checked
        if item["rule_id"] not in options.rules:
            return False
        path = current.resolve(item)
        if ignores is not None and ignores.drops(item["rule_id"], path):
            return False
        if not os.path.exists(path):  # the file is gone: stale if it was under a checked path
            return any(_within(path, p) for p in paths if p != "-")
        if checked is None:
            checked = bl.checked_files(paths, options.exclude)
        return os.path.normcase(path) in {os.path.normcase(c) for c in checked}

    findings, stale = current.apply(result.findings, relevant)
    if stale and not write_path:
        one = len(stale) == 1
        click.echo(f"gwlint: {len(stale)} baseline {'entry' if one else 'entries'} in {escape(current.path)} "
                   f"no longer {'matches' if one else 'match'} (fixed or changed; refresh with --write-baseline):",
                   err=True)
        for item in stale:
            click.echo(f"  {escape(bl.describe(item, current))}", err=True)
    return findings


def exit_code(result, threshold: str) -> int:
    from gwlint.findings import Severity

    active = [f for f in result.findings if not f.suppressed]
    if result.input_errors or any(f.rule_id in INPUT_ERROR_RULES for f in active):
        return EXIT_ERROR
    if threshold == "never":
        return EXIT_OK
    rank = Severity(threshold).rank
    return EXIT_FINDINGS if any(f.severity.rank >= rank for f in active) else EXIT_OK


@cli.command(name="rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def list_rules(output_format: str) -> None:
    """List every rule with its id, name, severity and summary."""
    from gwlint.registry import RegistryError, load_rules

    try:
        rules = load_rules()
    except RegistryError as exc:
        raise _fail(str(exc))
    if output_format == "json":
        import json

        click.echo(json.dumps([rule.metadata() for rule in rules.values()], indent=2))
        return
    for rule in rules.values():
        click.echo(f"{rule.id}  {rule.name:<40} {rule.severity.value:<8} {rule.summary}")


@cli.command(name="rule")
@click.argument("rule_id")
def show_rule(rule_id: str) -> None:
    """Print the documentation of one rule (by id or name)."""
    from gwlint.registry import RegistryError, load_rules

    try:
        rules = load_rules()
    except RegistryError as exc:
        raise _fail(str(exc))
    rule = rules.get(rule_id.upper()) or next((r for r in rules.values() if r.name == rule_id), None)
    if rule is None:
        raise _fail(f"no rule {rule_id!r} (see `gwlint rules`)")
    click.echo(f"# {rule.id} {rule.name} ({rule.severity.value})\n\n{rule.summary}\n\n{rule.docs()}\n")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
    except Exception as exc:  # the last line of defence: a message, never a traceback
        click.echo(f"gwlint: internal error: {exc.__class__.__name__}: {exc}. Please report this.", err=True)
        sys.exit(EXIT_ERROR)
