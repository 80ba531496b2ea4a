"""The auth and stage rules say the same about a SAM template as about the CloudFormation the SAM translator
makes of it.

The corpus holds the SAM translator's test inputs (``sam-translator/tests/translator/input/X.yaml``) and its
expected outputs (``output/X.json``, plain CloudFormation). gwlint reads the first with its SAM expansion
(Globals, implicit APIs, ``Auth.DefaultAuthorizer`` written into bodies, ``Auth.UsagePlan``, ``Domain``) and the
second with its CloudFormation builder. For every rule below, the findings of each pair must name the same
(stage, API) or (route, API) or API. Normalisations: resource logical ids in messages are dropped, and SAM's extra
``Stage`` stage (created by the generated deployment, reported by GW407) is left out; findings on a ``Globals``
entry that several APIs share are reported once, so GW604 (per entry) is not compared.
"""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
TRANSLATOR = CORPUS / "sam-translator" / "tests" / "translator"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not TRANSLATOR.is_dir(), reason="../shared/corpus is not present"),
]

RULES = ("GW230", "GW231", "GW235", "GW602", "GW603", "GW605", "GW607", "GW609", "GW610", "GW611", "GW613")
_STAGE = re.compile(r"(?:stage '([^']*)'|the stage)(?: \(([^)]*)\))? of (?:the implicit )?API (\w+)")
_ROUTE = re.compile(r"^(.*?) of (?:the implicit )?API (\S+)")
_API = re.compile(r"API (\w+)")


def _key(message: str):
    match = _STAGE.search(message)
    if match:
        if match.group(1) == "Stage" and match.group(2) and "created by deployment" in match.group(2):
            return None
        return ("stage", match.group(1), match.group(3))
    match = _ROUTE.match(message)
    if match and " " in match.group(1) and not match.group(1)[0].isdigit():
        return ("route", match.group(1), match.group(2))
    match = _API.search(message)
    return ("api", match.group(1)) if match else ("message", message[:60])


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    out = tmp_path_factory.mktemp("agreement") / "findings.json"
    result = subprocess.run([sys.executable, "-m", "gwlint", "check", str(TRANSLATOR / "input"),
                             str(TRANSLATOR / "output"), "--select", ",".join(RULES), "--format", "json", "--fail-on",
                             "never", "--output", str(out)], capture_output=True, text=True, timeout=600, check=False)
    assert out.is_file(), result.stderr[-2000:]
    return json.loads(out.read_text())["findings"]


@pytest.mark.parametrize("rule_id", RULES)
def test_sam_input_and_translated_output_agree(findings, rule_id: str) -> None:
    sides = {"input": collections.defaultdict(set), "output": collections.defaultdict(set)}
    for finding in findings:
        if finding["rule_id"] != rule_id:
            continue
        path = Path(finding["path"])
        if path.parent.name not in sides:
            continue
        key = _key(finding["message"])
        if key is not None:
            sides[path.parent.name][path.stem].add(key)
    pairs = [name for name in set(sides["input"]) | set(sides["output"])
             if (TRANSLATOR / "input" / f"{name}.yaml").is_file() and (TRANSLATOR / "output" / f"{name}.json").is_file()]
    differ = {name: (sorted(sides["input"][name] - sides["output"][name]),
                     sorted(sides["output"][name] - sides["input"][name]))
              for name in sorted(pairs) if sides["input"][name] != sides["output"][name]}
    assert pairs, f"{rule_id} found nothing on the translator's tests: the comparison would prove nothing"
    assert not differ, "\n".join(f"{name}: input only {a}, output only {b}" for name, (a, b) in list(differ.items())[:10])
