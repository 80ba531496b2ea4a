"""SARIF over the real corpus in ../shared/corpus (skipped when it is absent): valid against the
official SARIF 2.1.0 schema, with relative locations and a descriptor for every rule that fired."""

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


def test_sarif_on_the_corpus_is_valid(tmp_path: Path) -> None:
    import jsonschema

    out = tmp_path / "corpus.sarif"
    result = subprocess.run([sys.executable, "-m", "gwlint", "check", "corpus", "--format", "sarif", "--output",
                             str(out), "--fail-on", "never", "--jobs", "auto"],
                            cwd=CORPUS.parent, capture_output=True, text=True, timeout=900)
    assert "Traceback" not in result.stderr
    log = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.Draft4Validator(schema)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors, errors[:10]
    run = log["runs"][0]
    assert len(run["results"]) > 100
    rules = run["tool"]["driver"]["rules"]
    assert {r["ruleId"] for r in run["results"]} == {rule["id"] for rule in rules}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["artifactLocation"]["uri"].startswith("corpus/")
        assert "partialFingerprints" not in result
