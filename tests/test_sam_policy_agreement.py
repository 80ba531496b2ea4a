"""gwlint's SAM resource policies agree with what aws-sam-translator writes, over the real corpus.

For every SAM template of the corpus that has an ``Auth.ResourcePolicy`` (API or event) or a definition body
with ``x-amazon-apigateway-policy``, the statements the translator writes into each API's
``x-amazon-apigateway-policy`` are compared with ``ResourcePolicy.evaluable`` of the gwlint model.

Compared: the set of statements without ``Resource`` (SAM writes one copy per method path with a resource
for that path; gwlint writes ``execute-api:/*`` for the API-level settings), after resolving intrinsics the
same way on both sides (``gwlint.model.policies.resolve`` with the template's parameters). Templates the
translator rejects are left out.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from gwlint.source import Pointer

pytestmark = pytest.mark.corpus

agreement = pytest.importorskip("tests.test_sam_agreement")


def _statements(policy: Any) -> list:
    if not isinstance(policy, dict):
        return []
    raw = policy.get("Statement")
    return raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []


def _normal(statements: list, parameters: dict) -> set[str]:
    from gwlint.model.policies import resolve

    plain, _ = resolve({"Statement": statements}, Pointer("x"), parameters)
    out = set()
    for statement in _statements(plain):
        if isinstance(statement, dict):
            out.add(json.dumps({k: v for k, v in statement.items() if k != "Resource"}, sort_keys=True))
    return out


def _cases():
    for path in agreement.sam_template_paths():
        text = path.read_text(encoding="utf-8", errors="replace")
        if "ResourcePolicy" in text or "x-amazon-apigateway-policy" in text:
            yield path


@pytest.fixture(autouse=True)
def _region(monkeypatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.mark.parametrize("path", list(_cases()), ids=lambda p: str(p.relative_to(agreement.CORPUS)))
def test_sam_policy_statements_agree(path) -> None:
    from samtranslator.model.exceptions import InvalidDocumentException, InvalidResourceException

    from gwlint.loaders import load_path
    from gwlint.model import build_model

    document = load_path(str(path))
    try:
        output = agreement.translate(document.data)
    except (InvalidDocumentException, InvalidResourceException) as exc:
        pytest.skip(f"the translator rejects it: {exc.__class__.__name__}")
    parameters = document.data.get("Parameters") if isinstance(document.data.get("Parameters"), dict) else {}
    model = build_model([document])
    apis = agreement.sam_api_ids(document.data)
    for logical_id, resource in output.get("Resources", {}).items():
        if logical_id not in apis or resource.get("Type") != "AWS::ApiGateway::RestApi":
            continue
        wanted: set[str] = set()
        for body in agreement._branches(resource.get("Properties", {}).get("Body")):
            wanted |= _normal(_statements(body.get("x-amazon-apigateway-policy")), parameters)
        api = model.api(logical_id)
        got = _normal(_statements(api.policy.evaluable), parameters) if api is not None and api.policy else set()
        assert got == wanted, f"{logical_id}: missing {sorted(wanted - got)}\nextra {sorted(got - wanted)}"
