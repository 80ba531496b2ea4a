"""Hostile, broken and huge input: a clear message (file and line where known) or correct handling,
never a traceback, and the good file checked in the same run still gets its finding."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "fixtures" / "hostile"
GOOD = ("Resources:\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n"
        "      Action: lambda:InvokeFunction\n      FunctionName: f\n      Principal: apigateway.amazonaws.com\n")
GOOD_FINDING = "good.yaml:7:7: GW301"


def gwlint(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gwlint", "check", "--no-color", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "good.yaml").write_text(GOOD)
    return tmp_path


def _check(workdir: Path, name: str, exit_code: int, *expected: str, extra: tuple[str, ...] = ()) -> str:
    result = gwlint(*extra, name, "good.yaml", cwd=workdir)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == exit_code, output
    assert GOOD_FINDING in result.stdout, output
    for text in expected:
        assert text in output, output
    return output


# (fixture, exit code, texts the output must contain). Exit 1 is the good file's finding.
CASES = [
    ("alias_bomb.yaml", 2, ["alias_bomb.yaml:", "GW001", "alias"]),
    ("empty.yaml", 1, ["empty.yaml: skipped: empty"]),
    ("comments_only.yaml", 1, ["comments_only.yaml: skipped: empty"]),
    ("list_root.yaml", 1, ["list_root.yaml: skipped: the top level is a list"]),
    ("scalar_root.yaml", 1, ["scalar_root.yaml: skipped: the top level is a single value"]),
    ("resources_list.yaml", 2, ["resources_list.yaml:1:1: GW005", "not a list"]),
    ("resources_string.yaml", 2, ["resources_string.yaml:1:1: GW005", "not a string"]),
    ("resource_without_type.yaml", 2, ["resource_without_type.yaml:2:3: GW005", "has no Type"]),
    ("properties_list.yaml", 2, ["properties_list.yaml:4:5: GW005", "not a list"]),
    ("intrinsic_shapes.yaml", 1, ["intrinsic_shapes.yaml:5:21: GW006", "intrinsic_shapes.yaml:6:18: GW006",
                                  "intrinsic_shapes.yaml:7:19: GW006"]),
    ("circular_depends_on.yaml", 2, ["circular DependsOn: A -> B -> A"]),
    ("odd_keys.yaml", 1, []),
    ("merge_keys.yaml", 1, ["merge_keys.yaml:9:7: GW301"]),
    ("crlf.yaml", 1, ["crlf.yaml:7:7: GW301"]),
    ("tabs.json", 1, ["tabs.json:5:"]),
    ("invalid_utf8.yaml", 2, ["invalid_utf8.yaml:2:1: GW001", "invalid UTF-8"]),
    ("nul_byte.yaml", 2, ["nul_byte.yaml:1:1: GW001", "binary file"]),
    ("binary.json", 2, ["binary.json:1:1: GW001"]),
    ("utf16_bom.yaml", 1, ["utf16_bom.yaml:7:7: GW301"]),
]


@pytest.mark.parametrize("name, exit_code, expected", CASES, ids=[case[0] for case in CASES])
def test_committed_hostile_inputs(workdir: Path, name: str, exit_code: int, expected: list[str]) -> None:
    shutil.copy(HOSTILE / name, workdir / name)
    _check(workdir, name, exit_code, *expected)


def test_every_committed_hostile_file_has_a_case() -> None:
    files = {p.name for p in HOSTILE.iterdir() if p.suffix in (".yaml", ".json")}
    assert files == {case[0] for case in CASES} | {"ansi_escape.yaml"}


def test_ansi_escapes_from_input_are_escaped(workdir: Path) -> None:
    shutil.copy(HOSTILE / "ansi_escape.yaml", workdir / "ansi_escape.yaml")
    output = _check(workdir, "ansi_escape.yaml", 1, "ansi_escape.yaml:6:23: GW601", "\\x1b[2J")
    assert "\x1b" not in output


def test_control_characters_in_file_names_are_escaped(workdir: Path) -> None:
    name = "evil\x1b[2J.yaml"
    (workdir / name).write_text(GOOD)
    result = gwlint(name, cwd=workdir)
    assert "\x1b" not in result.stdout + result.stderr and "evil\\x1b[2J.yaml:7:7: GW301" in result.stdout


def test_deep_nesting_yaml_and_json(workdir: Path) -> None:
    (workdir / "deep.yaml").write_text("Resources: " + "[" * 10_000 + "]" * 10_000 + "\n")
    (workdir / "deep.json").write_text('{"Resources": ' + "[" * 10_000 + "]" * 10_000 + "}")
    for name in ("deep.yaml", "deep.json"):
        _check(workdir, name, 2, f"{name}:1:", "GW001")


def test_file_over_the_size_limit(workdir: Path) -> None:
    (workdir / "big.yaml").write_text("Resources: {}\n" + "# padding\n" * 100)
    _check(workdir, "big.yaml", 2, "big.yaml:1:1: GW001", "over the 900-byte limit", extra=("--max-file-size", "900"))


def test_one_megabyte_single_line(workdir: Path) -> None:
    line = ('{"Resources": {"P": {"Type": "AWS::Lambda::Permission", "Properties": {"Principal": '
            '"apigateway.amazonaws.com", "Description": "' + "x" * 1_000_000 + '"}}}}')
    (workdir / "line.json").write_text(line)
    output = _check(workdir, "line.json", 1, "line.json:1:72: GW301")
    assert len(output) < 5_000  # the code frame shows a window, not the megabyte


def test_directory_named_like_a_template(workdir: Path) -> None:
    (workdir / "dir.yaml").mkdir()
    (workdir / "dir.yaml" / "inner.yaml").write_text(GOOD)
    _check(workdir, "dir.yaml", 1, "dir.yaml/inner.yaml:7:7: GW301")


def test_symlink_loop_while_walking(workdir: Path) -> None:
    folder = workdir / "tree"
    folder.mkdir()
    (folder / "loop1.yaml").symlink_to("loop2.yaml")
    (folder / "loop2.yaml").symlink_to("loop1.yaml")
    (folder / "up").symlink_to("..", target_is_directory=True)
    _check(workdir, "tree", 2, "tree/loop1.yaml:1:1: GW001", "symbolic links")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_never_read(workdir: Path) -> None:
    os.mkfifo(workdir / "pipe.yaml")
    _check(workdir, "pipe.yaml", 2, "pipe.yaml:1:1: GW001", "not a regular file")
    folder = workdir / "walked"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    _check(workdir, "walked", 2, "walked/pipe.yaml:1:1: GW001")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(workdir: Path) -> None:
    target = workdir / "secret.yaml"
    target.write_text(GOOD)
    target.chmod(0)
    _check(workdir, "secret.yaml", 2, "secret.yaml:1:1: GW001", "cannot read")


def test_path_that_does_not_exist(workdir: Path) -> None:
    _check(workdir, "nowhere.yaml", 2, "nowhere.yaml:1:1: GW001 [error] no such file or directory")


def test_empty_stdin(workdir: Path) -> None:
    result = gwlint("-", "good.yaml", cwd=workdir, stdin="")
    assert result.returncode == 2 and "<stdin>:1:1: GW001" in result.stdout and GOOD_FINDING in result.stdout


def test_input_files_are_never_written(workdir: Path) -> None:
    for name in ("crlf.yaml", "merge_keys.yaml"):
        shutil.copy(HOSTILE / name, workdir / name)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in workdir.iterdir()}
    gwlint(".", "--format", "sarif", "--output", "report.sarif", cwd=workdir)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in workdir.iterdir() if p.name != "report.sarif"}
    assert before == after
