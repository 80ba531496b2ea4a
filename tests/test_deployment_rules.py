"""Details of the static deployment rules (GW401-GW408) that fixtures do not show: severities per
finding, the dependency closure, SAM's extra stage against the translator's own output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gwlint.engine import Options, run
from gwlint.findings import Severity
from gwlint.loaders import load_path
from gwlint.model import build_model
from gwlint.model.cloudformation import requirements
from gwlint.registry import load_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules()
TRANSLATOR = ROOT.parent / "shared" / "corpus" / "sam-translator" / "tests" / "translator"


def test_v2_stage_without_deployment_is_an_error_and_missing_routes_a_warning() -> None:
    path = ROOT / "fixtures" / "GW405" / "cloudformation.yaml"
    result = run([str(path)], Options(rules={"GW405": RULES["GW405"]}, max_file_size=10_000_000))
    severities = {(f.span.line, f.severity) for f in result.findings}
    assert severities == {(9, Severity.ERROR), (17, Severity.ERROR), (36, Severity.WARNING)}


def test_requirements_follow_depends_on_and_references_transitively() -> None:
    resources = {
        "Deployment": {"DependsOn": "Gate", "Properties": {"Description": {"Fn::Sub": "${Other.Arn} ${!Literal}"}}},
        "Gate": {"DependsOn": ["A"], "Properties": {"X": {"Fn::GetAtt": ["B", "Arn"]}},
                 "Metadata": {"Conditional": {"Fn::If": ["HasD", {"Ref": "D"}, ""]}}},
        "D": {"Condition": "HasD"},
        "A": {"Properties": {"Y": {"Ref": "Deployment"}}},  # a cycle is fine
        "B": {},
        "Other": {"Properties": {"Z": {"Fn::Sub": ["${Var}", {"Var": {"Ref": "C"}}]}}},
        "C": {},
        "Unrelated": {},
    }
    assert set(requirements(resources, "Deployment")) == {"Gate", "A", "B", "D", "Other", "C"}


@pytest.mark.skipif(not TRANSLATOR.is_dir(), reason="needs ../shared/corpus")
def test_sam_extra_stage_agrees_with_the_translator_output() -> None:
    """For every translator test with an output, SAM's deployment has `StageName: Stage` exactly for the
    APIs whose generated deployment gwlint models with that stage name."""
    compared = 0
    for source in sorted((TRANSLATOR / "input").glob("*.yaml")):
        output = TRANSLATOR / "output" / (source.stem + ".json")
        if source.name.startswith("error_") or not output.is_file():
            continue
        resources = json.loads(output.read_text()).get("Resources", {})
        expected = {r["Properties"]["RestApiId"]["Ref"] for r in resources.values()
                    if r.get("Type") == "AWS::ApiGateway::Deployment"
                    and r.get("Properties", {}).get("StageName") == "Stage"}
        model = build_model([load_path(str(source))], {})
        got = {api.key for api in model.apis for d in api.deployments
               if d.generated_by == "sam" and d.stage_name == "Stage"}
        assert got == expected, source.name
        compared += 1
    assert compared > 100
