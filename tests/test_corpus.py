"""Sweep over the real corpus in ../shared/corpus (skipped when it is absent): no crash, no internal
error, and byte-identical output on two runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present"),
]


@pytest.fixture(scope="module")
def corpus_json(tmp_path_factory) -> tuple[str, str, str]:
    out = tmp_path_factory.mktemp("corpus")
    runs = []
    for name in ("first.json", "second.json"):
        result = subprocess.run(
            [sys.executable, "-m", "gwlint", "check", str(CORPUS), "--format", "json", "--fail-on", "never",
             "--output", str(out / name)],
            capture_output=True, text=True, timeout=600,
        )
        runs.append((result, (out / name).read_text()))
    (first, text), (_, again) = runs
    return text, again, first.stderr


def test_no_traceback_and_no_internal_error(corpus_json) -> None:
    text, _, stderr = corpus_json
    assert "Traceback" not in stderr
    data = json.loads(text)
    internal = [f for f in data["findings"] if f["rule_id"] == "GW003"]
    assert not internal, internal[:5]
    assert data["summary"]["files"] > 1000


def test_output_is_deterministic(corpus_json) -> None:
    text, again, _ = corpus_json
    assert text == again


def test_unparseable_files_match_the_manifest(corpus_json) -> None:
    """The manifest marks the files a tolerant loader cannot read; gwlint reports exactly those."""
    text, _, _ = corpus_json
    manifest = (CORPUS / "MANIFEST.tsv").read_text().splitlines()
    header = manifest[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in manifest[1:]]
    broken = {row["local_path"] for row in rows if row["parse_ok"] == "0"}
    reported = {str(Path(f["path"]).relative_to(CORPUS)) for f in json.loads(text)["findings"]
                if f["rule_id"] == "GW001"}
    assert reported == broken
