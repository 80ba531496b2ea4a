"""gwlint's SAM expansion agrees with what aws-sam-translator deploys, over the real corpus.

For every ``kind == sam`` row of ``../shared/corpus/MANIFEST.tsv`` the template is loaded once with
gwlint's loader (``load_path(p).data``: plain dicts, short-form tags already in long form) and then

* translated offline by ``samtranslator.translator.transform.transform`` (``AWS_DEFAULT_REGION=us-east-1``,
  no parameter values, a managed-policy loader that knows no policy), and
* built into a gwlint model (``build_model([document])``: the template alone, without the local files a
  ``DefinitionUri`` names, which the translator does not read either).

Two sets are compared per template.

Routes ``(API logical id, METHOD, path)``
    Translator: the ``paths`` of every ``AWS::ApiGateway::RestApi.Body`` / ``AWS::ApiGatewayV2::Api.Body``
    whose logical id is a SAM API (an ``AWS::Serverless::Api`` / ``HttpApi`` of the input, or the implicit
    ``ServerlessRestApi`` / ``ServerlessHttpApi``). gwlint: the operations of those APIs in ``model.apis``,
    without operations that come from separate ``AWS::ApiGateway::Method`` / ``AWS::ApiGatewayV2::Route``
    resources (they are not in a Body).

Lambda permissions ``(function, API, SourceArn tail)``
    Only permissions SAM generates, in both cases: translator-output ``AWS::Lambda::Permission`` resources
    with principal ``apigateway.amazonaws.com`` that are not in the input, and gwlint permissions with
    ``generated_by`` set. Explicit ``AWS::Lambda::Permission`` resources are left out on both sides: SAM
    copies them unchanged, so they would show nothing about the expansion.

Normalisations
    * Method: upper case; ``x-amazon-apigateway-any-method`` is ``ANY``. Paths are compared as written.
    * Conditions: a route or path that the translator wraps in ``Fn::If`` (a function with a
      ``Condition``) counts as present (the union of the branches); gwlint ignores conditions.
    * SourceArn: the intrinsic is rendered (``Fn::Sub`` variables ``__ApiId__`` / ``__Stage__`` substituted)
      and cut at the API id: ``arn:${AWS::Partition}:execute-api:...:${AWS::AccountId}:${MyApi}/*/GET/items/*``
      becomes ``(MyApi, "/*/GET/items/*")``. The function is its logical id (an alias or version of a function
      counts as the function); a value that names no function of the template is compared as rendered text.
    * Local artefacts are "packaged" first, as ``sam deploy`` does before the transform runs: a local
      ``CodeUri`` / ``ContentUri`` / ``DefinitionUri`` becomes an ``s3://`` URI, a missing ``ImageUri`` of an
      image function gets an ECR URI, and an ``AWS::Serverless::Application`` ``Location`` a template URL (so
      the translator never calls the Serverless Application Repository). gwlint sees the original template.

Templates the translator rejects (``InvalidDocumentException`` and friends; most ``error_*`` inputs) and files
that do not load are excluded and counted. Templates where both sets are empty on both sides (no API at all)
are counted as "without API" and left out of the rate, so the rate is over templates with something to
compare. The figures are printed (run with ``-s``) and written to ``sam_agreement.json`` in a pytest tmp dir.
"""

from __future__ import annotations

import copy
import csv
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

import pytest

from gwlint.intrinsics import Ref, render, symbolic

pytestmark = pytest.mark.corpus

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip(f"corpus not found at {CORPUS}", allow_module_level=True)
pytest.importorskip("samtranslator")

#: Measured: 66.8% (399/597) before the SAM-expansion fixes, 100% (597/597) after. A margin of two
#: templates, so any wider regression fails.
MIN_AGREEMENT = 0.995

SAM_APIS = ("AWS::Serverless::Api", "AWS::Serverless::HttpApi")
IMPLICIT_APIS = ("ServerlessRestApi", "ServerlessHttpApi")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ANY_METHOD = "x-amazon-apigateway-any-method"
SEPARATE_ROUTE_TYPES = ("AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Route")
APIGATEWAY = "apigateway.amazonaws.com"


class _NoManagedPolicies:
    def load(self) -> dict:
        return {}


# --- preparing the input ----------------------------------------------------------------------------------


def sam_template_paths() -> list[Path]:
    with open(CORPUS / "MANIFEST.tsv", newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [CORPUS / p for p in sorted({row["local_path"] for row in rows if row.get("kind") == "sam"})]


def _is_local(value: Any) -> bool:
    return isinstance(value, str) and not value.startswith(("s3://", "https://", "http://"))


def package(template: Any) -> Any:
    """What ``sam package`` does to local artefact paths (the translator wants S3 / ECR / URL locations)."""
    if not isinstance(template, dict):
        return template
    globals_ = template.get("Globals")
    function_globals = globals_.get("Function") if isinstance(globals_, dict) else None
    function_globals = function_globals if isinstance(function_globals, dict) else {}
    if _is_local(function_globals.get("CodeUri")):
        function_globals["CodeUri"] = "s3://bucket/code.zip"
    resources = template.get("Resources")
    for resource in resources.values() if isinstance(resources, dict) else ():
        if not isinstance(resource, dict) or not isinstance(resource.get("Properties", {}), dict):
            continue
        kind = resource.get("Type")
        props = resource.setdefault("Properties", {})
        if kind == "AWS::Serverless::Function":
            if props.get("PackageType", function_globals.get("PackageType")) == "Image":
                props.setdefault("ImageUri", "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest")
            elif _is_local(props.get("CodeUri")):
                props["CodeUri"] = "s3://bucket/code.zip"
            elif not any(key in props or key in function_globals for key in ("CodeUri", "InlineCode", "ImageUri")):
                props["CodeUri"] = "s3://bucket/code.zip"
        elif kind in (*SAM_APIS, "AWS::Serverless::StateMachine") and _is_local(props.get("DefinitionUri")):
            props["DefinitionUri"] = "s3://bucket/definition.yaml"
        elif kind == "AWS::Serverless::LayerVersion" and _is_local(props.get("ContentUri")):
            props["ContentUri"] = "s3://bucket/layer.zip"
        elif kind == "AWS::Serverless::Application" and "Location" in props:
            props["Location"] = "https://bucket.s3.amazonaws.com/application.yaml"
    return template


def translate(data: Any) -> dict:
    from samtranslator.translator.transform import transform

    return transform(package(copy.deepcopy(data)), {}, _NoManagedPolicies())


# --- the two sets -----------------------------------------------------------------------------------------


def _branches(value: Any):
    """The dicts a value may be: both branches of an ``Fn::If``; nothing for ``AWS::NoValue``."""
    if isinstance(value, dict) and len(value) == 1 and "Fn::If" in value:
        arguments = value["Fn::If"]
        if isinstance(arguments, list) and len(arguments) == 3:
            for branch in arguments[1:]:
                yield from _branches(branch)
    elif isinstance(value, dict) and value != {"Ref": "AWS::NoValue"}:
        yield value


def sam_api_ids(template: dict) -> set[str]:
    resources = template.get("Resources") if isinstance(template, dict) else None
    ids = {logical_id for logical_id, resource in (resources or {}).items()
           if isinstance(resource, dict) and resource.get("Type") in SAM_APIS}
    return ids | set(IMPLICIT_APIS)


def translator_routes(output: dict, apis: set[str]) -> set[tuple[str, str, str]]:
    routes = set()
    for logical_id, resource in output.get("Resources", {}).items():
        if logical_id not in apis or resource.get("Type") not in ("AWS::ApiGateway::RestApi",
                                                                  "AWS::ApiGatewayV2::Api"):
            continue
        for body in _branches(resource.get("Properties", {}).get("Body")):
            for paths in _branches(body.get("paths")):
                for path, item in paths.items():
                    for item_branch in _branches(item):
                        for key, operation in item_branch.items():
                            method = "ANY" if key.lower() == ANY_METHOD else key.upper()
                            if key.lower() in (*HTTP_METHODS, ANY_METHOD) and any(True for _ in _branches(operation)):
                                routes.add((logical_id, method, path))
    return routes


def _base_functions(resources: dict) -> dict[str, str]:
    """Alias / version logical id -> the function it qualifies."""
    found = {}
    for logical_id, resource in resources.items():
        if isinstance(resource, dict) and resource.get("Type") in ("AWS::Lambda::Alias", "AWS::Lambda::Version"):
            target = symbolic((resource.get("Properties") or {}).get("FunctionName"))[0]
            if len(target) == 1 and isinstance(target[0], Ref):
                found[logical_id] = target[0].name
    return found


_EXECUTE_API_ARN = re.compile(r"^arn:[^:]*:execute-api:[^:]*:[^:]*:(?P<api>[^/]*)(?P<tail>.*)$")


def split_source_arn(parts: tuple) -> tuple[str, str]:
    """(API, tail) of a symbolic execute-api SourceArn: ``${MyApi}`` for a reference, the text for a literal."""
    text = re.sub(r"\$\{AWS::(\w+)\}", r"${\1}", render(parts))  # no colons inside pseudo parameters
    match = _EXECUTE_API_ARN.match(text)
    return (match.group("api"), match.group("tail")) if match else ("?", text)


def translator_permissions(output: dict, template: dict) -> set[tuple[str, str, str]]:
    resources = output.get("Resources", {})
    written = template.get("Resources") if isinstance(template.get("Resources"), dict) else {}
    bases = _base_functions(resources)
    permissions = set()
    for logical_id, resource in resources.items():
        properties = resource.get("Properties") or {}
        if (resource.get("Type") != "AWS::Lambda::Permission" or logical_id in written
                or properties.get("Principal") != APIGATEWAY):
            continue
        function = symbolic(properties.get("FunctionName"))[0]
        if len(function) == 1 and isinstance(function[0], Ref):
            name = bases.get(function[0].name, function[0].name)
            name = name if name in resources or name in written else render(function)
        else:
            name = render(function)
        source_arn = symbolic(properties.get("SourceArn"))
        permissions.add((name, *split_source_arn(source_arn[0] if source_arn else ())))
    return permissions


def gwlint_sets(document, template: dict) -> tuple[set, set]:
    from gwlint.model import build_model

    model = build_model([document])
    apis = sam_api_ids(template)
    resources = template.get("Resources") if isinstance(template.get("Resources"), dict) else {}

    def separate(operation) -> bool:
        parts = operation.pointer.parts
        resource = resources.get(parts[1]) if len(parts) > 1 and parts[0] == "Resources" else None
        return isinstance(resource, dict) and resource.get("Type") in SEPARATE_ROUTE_TYPES

    routes = {(api.key, operation.method, operation.path) for api in model.apis if api.key in apis
              for operation in api.operations if not separate(operation)}
    permissions = set()
    for permission in model.permissions:
        if permission.generated_by is None:
            continue
        function = permission.function
        name = (function.logical_id or function.text) if function is not None else "?"
        permissions.add((name, *split_source_arn(permission.source_arn[0] if permission.source_arn else ())))
    return routes, permissions


# --- the comparison ---------------------------------------------------------------------------------------


def compare_corpus() -> dict:
    from gwlint.loaders import load_path

    figures: dict[str, Any] = {"sam_files": 0, "load_failed": 0, "rejected": 0, "rejected_by": {},
                               "without_api": 0, "compared": 0, "matched": 0, "routes": 0, "permissions": 0,
                               "gwlint_raised": [],
                               "disagreements": []}
    for path in sam_template_paths():
        figures["sam_files"] += 1
        relative = str(path.relative_to(CORPUS))
        try:
            document = load_path(str(path))
        except Exception:
            figures["load_failed"] += 1
            continue
        template = document.data if isinstance(document.data, dict) else {}
        try:
            output = translate(document.data)
        except Exception as error:  # the translator's verdict: not a deployable template
            figures["rejected"] += 1
            name = type(error).__name__
            figures["rejected_by"][name] = figures["rejected_by"].get(name, 0) + 1
            continue
        try:
            routes, permissions = gwlint_sets(document, template)
        except Exception as error:
            figures["gwlint_raised"].append(f"{relative}: {type(error).__name__}: {error}")
            continue
        expected_routes = translator_routes(output, sam_api_ids(template))
        expected_permissions = translator_permissions(output, template)
        if not (routes or permissions or expected_routes or expected_permissions):
            figures["without_api"] += 1
            continue
        figures["compared"] += 1
        figures["routes"] += len(expected_routes)
        figures["permissions"] += len(expected_permissions)
        if routes == expected_routes and permissions == expected_permissions:
            figures["matched"] += 1
            continue
        figures["disagreements"].append({
            "file": relative,
            "routes_only_in_sam": sorted(expected_routes - routes),
            "routes_only_in_gwlint": sorted(routes - expected_routes),
            "permissions_only_in_sam": sorted(expected_permissions - permissions),
            "permissions_only_in_gwlint": sorted(permissions - expected_permissions),
        })
    figures["rate"] = figures["matched"] / figures["compared"] if figures["compared"] else 0.0
    return figures


def summary(figures: dict, limit: int = 15) -> str:
    lines = [
        f"SAM agreement: {figures['rate']:.1%} ({figures['matched']}/{figures['compared']} templates match, "
        f"{figures['routes']} routes and {figures['permissions']} permissions on the translator's side); "
        f"{figures['sam_files']} SAM files, {figures['load_failed']} not loadable, {figures['rejected']} rejected "
        f"by the translator {figures['rejected_by']}, {figures['without_api']} without API, "
        f"{len(figures['gwlint_raised'])} gwlint errors, {figures['seconds']:.1f} s",
    ]
    for item in figures["disagreements"][:limit]:
        lines.append(f"  {item['file']}")
        for key in ("routes_only_in_sam", "routes_only_in_gwlint", "permissions_only_in_sam",
                    "permissions_only_in_gwlint"):
            for entry in item[key][:4]:
                lines.append(f"    {key}: {' '.join(entry)}")
            if len(item[key]) > 4:
                lines.append(f"    {key}: ... {len(item[key]) - 4} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    started = time.perf_counter()
    logger = logging.getLogger("samtranslator")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        patch.setattr(logger, "disabled", True)
        result = compare_corpus()
    result["seconds"] = time.perf_counter() - started
    out = tmp_path_factory.mktemp("sam_agreement") / "sam_agreement.json"
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print("\n" + summary(result) + f"\n(figures written to {out})")
    return result


def test_model_builder_never_raises_on_sam_templates(figures):
    assert figures["gwlint_raised"] == []


def test_sam_expansion_agrees_with_translator(figures):
    assert figures["compared"] > 0
    assert figures["rate"] >= MIN_AGREEMENT, summary(figures)
