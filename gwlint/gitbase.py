"""Reading files as they were at a git revision, for ``gwlint check --base REF``.

Each file is read with ``git show REF:<path from the repository root>``, git running in the file's
directory (so a checkout with several repositories, or a path given from outside the repository,
works). A file that does not exist at REF is new (``read`` returns None). Not being in a git
repository, an unknown revision or a missing ``git`` are :class:`BaseRevisionError` (a usage error).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from gwlint.record import dataclass, field

if TYPE_CHECKING:
    import subprocess

GIT_TIMEOUT = 60


class BaseRevisionError(Exception):
    """``--base`` cannot be used here: not a git repository, unknown revision, no git."""


@dataclass
class GitRevision:
    """Reads files at ``revision``. Picklable (worker processes get a copy; caches are per process)."""

    revision: str
    max_size: int = 20 * 1024 * 1024
    _prefixes: dict[str, str] = field(default_factory=dict, repr=False)  # directory -> path from the root
    _verified: set[str] = field(default_factory=set, repr=False)  # repository roots where the revision exists

    def __post_init__(self) -> None:
        if not self.revision or self.revision.startswith("-") or "\0" in self.revision or "\n" in self.revision:
            raise BaseRevisionError(f"--base {self.revision!r}: not a valid git revision")

    @property
    def label(self) -> str:
        return self.revision

    def check(self, path: str) -> None:
        """Fail now, with a clear message, if files under ``path`` cannot be read at the revision."""
        directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        if os.path.isdir(directory):
            self._prefix(directory)

    def read(self, path: str) -> str | None:
        """The file's text at the revision, or None when it does not exist there (a new file)."""
        from gwlint.loaders import decode
        from gwlint.source import InputError

        directory = os.path.dirname(os.path.abspath(path))
        prefix = self._prefix(directory)
        spec = f"{self.revision}:{prefix}{os.path.basename(path)}"
        result = _git(directory, "cat-file", "-e", spec)
        if result.returncode != 0:
            return None
        result = _git(directory, "show", spec, text=False)
        if result.returncode != 0:
            return None
        if len(result.stdout) > self.max_size:
            return None
        try:
            return decode(result.stdout)
        except InputError:
            return None

    def _prefix(self, directory: str) -> str:
        """The directory's path from the repository root (``a/b/``), checking the revision exists there."""
        cached = self._prefixes.get(directory)
        if cached is not None:
            return cached
        result = _git(directory, "rev-parse", "--show-toplevel", "--show-prefix")
        if result.returncode != 0:
            detail = _first_line(result.stderr)
            if "not a git repository" in detail.lower():
                raise BaseRevisionError(f"--base {self.revision}: {directory} is not in a git repository")
            raise BaseRevisionError(f"--base {self.revision}: git failed in {directory}: {detail}")
        lines = result.stdout.splitlines()
        root = lines[0] if lines else directory
        prefix = lines[1] if len(lines) > 1 else ""
        if root not in self._verified:
            check = _git(directory, "rev-parse", "--verify", "--quiet", f"{self.revision}^{{commit}}")
            if check.returncode != 0:
                raise BaseRevisionError(f"--base {self.revision}: unknown revision in the git repository {root}")
            self._verified.add(root)
        self._prefixes[directory] = prefix
        return prefix


def _git(directory: str, *arguments: str, text: bool = True) -> subprocess.CompletedProcess:
    import subprocess  # here, not at the top: every check imports this module for BaseRevisionError

    environment = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        return subprocess.run(["git", *arguments], cwd=directory, capture_output=True, text=text,
                              timeout=GIT_TIMEOUT, env=environment, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise BaseRevisionError("--base needs git, and no `git` command was found") from None
    except subprocess.TimeoutExpired:
        raise BaseRevisionError(f"--base: git did not answer within {GIT_TIMEOUT} s in {directory}") from None
    except OSError as exc:
        raise BaseRevisionError(f"--base: cannot run git in {directory}: {exc}") from None


def _first_line(text: str) -> str:
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("fatal: ")
    return "unknown error"


def base_model(documents: list, revision, max_size: int):
    """The model of a file group at the revision: the primary file and the local files it references,
    each read from git. None when the primary file is new at the revision, cannot be read or parsed,
    or is not a template or an OpenAPI document (there is nothing to compare)."""
    from gwlint.classify import CLOUDFORMATION, OPENAPI, SAM
    from gwlint.links import find_links
    from gwlint.loaders import parse_text
    from gwlint.model import build_model
    from gwlint.source import InputError, Pointer

    primary = documents[0]
    if primary.kind not in (CLOUDFORMATION, SAM, OPENAPI) or primary.path == "<stdin>":
        return None
    text = revision.read(primary.path)
    if text is None:
        return None
    try:
        document = parse_text(primary.path, text)
    except InputError:
        return None
    group, links = [document], {}
    if document.kind in (CLOUDFORMATION, SAM):
        for link in find_links(document.path, document.data):
            linked_text = revision.read(link.path)
            if linked_text is None:
                continue
            try:
                linked = parse_text(link.path, linked_text)
            except InputError:
                continue
            links[Pointer(document.path, link.parts)] = linked
            group.append(linked)
    return build_model(group, links)
