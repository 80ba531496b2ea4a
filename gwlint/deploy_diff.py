"""What a REST API serves, compared between two versions of a template (``gwlint check --base REF``).

A stage serves a deployment: a snapshot of the API's methods, integrations, authorizers, request
validators, models, resource policy, gateway responses and binary media types, taken when the
``AWS::ApiGateway::Deployment`` is created. CloudFormation creates it once; it is only taken again
when the deployment is replaced (a new logical id), or, as gwlint accepts, when its ``Description``
or ``StageDescription`` changes. :func:`undeployed_changes` lists every change to what an API serves
whose deployments stay the same.

Only plain CloudFormation REST APIs are compared: SAM derives its deployment's logical id from a
hash of the API (any change to the definition is a new deployment), and HTTP/WebSocket APIs are out
of scope here (AutoDeploy).

The snapshot reads the data each model element points at (``Model.value_at``): the model says
which methods an API has and where; this module compares everything written there.
"""

from __future__ import annotations

import json
from gwlint.record import dataclass, field
from typing import Any, Iterator

from gwlint.model.cloudformation import references
from gwlint.model.elements import Api, ApiKind, Deployment, Origin
from gwlint.source import Pointer

#: Resource types that belong to a REST API's deployment, with the property that names them.
_API_CHILDREN = {
    "AWS::ApiGateway::RequestValidator": ("validator", "Name"),
    "AWS::ApiGateway::Model": ("model", "Name"),
    "AWS::ApiGateway::GatewayResponse": ("gateway response", "ResponseType"),
}
_STRUCTURAL = ("RestApiId", "ResourceId")  # where a Method hangs, already part of its path


@dataclass(frozen=True)
class Change:
    """One change to what an API serves. ``pointer`` is in the new version (the API when removed)."""

    pointer: Pointer
    what: str  # "integration of GET /items"
    how: str  # "changed (Uri)", "is new", "was removed"

    @property
    def text(self) -> str:
        return f"{self.what} {self.how}"


@dataclass
class Served:
    """What one REST API serves, as comparable canonical JSON text per element."""

    api: Api
    elements: dict[tuple[str, str], tuple[Pointer, str, Any]] = field(default_factory=dict)  # (kind, name) -> ...

    def add(self, kind: str, name: str, pointer: Pointer, value: Any) -> None:
        self.elements[(kind, name)] = (pointer, canonical(value), value)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))


def comparable(api: Api) -> bool:
    """A plain CloudFormation REST API: its deployments are not re-created on their own."""
    return api.kind is ApiKind.REST and api.origin is Origin.CLOUDFORMATION and api.logical_id is not None


def served(model, api: Api) -> Served:
    snapshot = Served(api)
    for op in api.operations:
        raw = model.value_at(op.pointer)
        integration = model.value_at(op.integration.pointer) if op.integration is not None else None
        if op.logical_id is not None and isinstance(raw, dict):  # an AWS::ApiGateway::Method resource
            properties = raw.get("Properties") if isinstance(raw.get("Properties"), dict) else {}
            method = {k: v for k, v in properties.items() if k not in _STRUCTURAL and k != "Integration"}
        elif isinstance(raw, dict):
            method = {k: v for k, v in raw.items() if k != "x-amazon-apigateway-integration"}
        else:
            method = raw
        snapshot.add("method", op.route, op.pointer, method)
        if op.integration is not None:
            snapshot.add("integration", op.route, op.integration.pointer, integration)
    for authorizer in api.authorizers:
        pointer = authorizer.pointer
        if pointer.parts and pointer.parts[-1] == "x-amazon-apigateway-authorizer":
            pointer = pointer.parent  # the security scheme: its `name` / `in` are served too
        snapshot.add("authorizer", authorizer.gateway_name or authorizer.name, pointer, model.value_at(pointer))
    if api.policy is not None:
        snapshot.add("resource policy", "", api.policy.pointer, api.policy.document)
    _definition_parts(model, api, snapshot)
    _template_parts(model, api, snapshot)
    return snapshot


def _definition_parts(model, api: Api, snapshot: Served) -> None:
    if api.definition is not None:
        body = model.value_at(api.definition)
        if isinstance(body, dict):
            root = api.definition
            for name, value in _items(body.get("x-amazon-apigateway-request-validators")):
                snapshot.add("request validator", name, root / "x-amazon-apigateway-request-validators" / name, value)
            if "x-amazon-apigateway-request-validator" in body:
                snapshot.add("default request validator", "", root / "x-amazon-apigateway-request-validator",
                             body["x-amazon-apigateway-request-validator"])
            for name, value in _items(body.get("definitions")):
                snapshot.add("model", name, root / "definitions" / name, value)
            components = body.get("components")
            for name, value in _items(components.get("schemas") if isinstance(components, dict) else None):
                snapshot.add("model", name, root / "components" / "schemas" / name, value)
            for name, value in _items(body.get("x-amazon-apigateway-gateway-responses")):
                snapshot.add("gateway response", name, root / "x-amazon-apigateway-gateway-responses" / name, value)
            if "x-amazon-apigateway-binary-media-types" in body:
                snapshot.add("binary media types", "(x-amazon-apigateway-binary-media-types)",
                             root / "x-amazon-apigateway-binary-media-types",
                             body["x-amazon-apigateway-binary-media-types"])
    if api.definition_unread:
        # The definition lives in S3 (or a missing file): what changes is where it is read from.
        for key in ("Body", "BodyS3Location"):
            pointer = api.pointer / "Properties" / key
            value = model.value_at(pointer)
            if value is not None:
                snapshot.add("definition", key, pointer, value)


def _template_parts(model, api: Api, snapshot: Served) -> None:
    from gwlint.model.cloudformation import ref_target

    properties = model.value_at(api.pointer / "Properties")
    if isinstance(properties, dict) and "BinaryMediaTypes" in properties:
        snapshot.add("binary media types", "(BinaryMediaTypes)", api.pointer / "Properties" / "BinaryMediaTypes",
                     properties["BinaryMediaTypes"])
    resources = model.value_at(Pointer(api.pointer.file, ("Resources",)))
    for logical_id, resource in resources.items() if isinstance(resources, dict) else ():
        if not isinstance(resource, dict) or resource.get("Type") not in _API_CHILDREN:
            continue
        child = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        if ref_target(child.get("RestApiId")) != api.key:
            continue
        kind, name_key = _API_CHILDREN[resource["Type"]]
        name = child.get(name_key) if isinstance(child.get(name_key), str) else logical_id
        value = {k: v for k, v in child.items() if k != "RestApiId"}
        snapshot.add(kind, name, Pointer(api.pointer.file, ("Resources", logical_id)), value)


def _items(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for name, item in value.items():
            if isinstance(name, str):
                yield name, item


def changes(before: Served, after: Served) -> list[Change]:
    """Every element added, removed or changed, at its place in ``after`` (the API when removed)."""
    found = []
    removed_at = after.api.definition / "paths" if after.api.definition is not None else after.api.pointer
    for key in list(after.elements) + [k for k in before.elements if k not in after.elements]:
        kind, name = key
        what = f"the integration of {name}" if kind == "integration" else f"{kind} {name}".rstrip()
        if key not in before.elements:
            if kind == "integration" and ("method", name) not in before.elements:
                continue  # reported with its new method
            found.append(Change(after.elements[key][0], what, "is new"))
        elif key not in after.elements:
            if kind == "integration" and ("method", name) not in after.elements:
                continue
            found.append(Change(removed_at if kind in ("method", "integration") else after.api.pointer, what,
                                "was removed"))
        elif before.elements[key][1] != after.elements[key][1]:
            pointer, _, value = after.elements[key]
            found.append(Change(pointer, what, f"changed{_changed_keys(before.elements[key][2], value)}"))
    return found


def _changed_keys(before: Any, after: Any, limit: int = 4) -> str:
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return ""
    keys = sorted(k for k in set(before) | set(after) if canonical(before.get(k)) != canonical(after.get(k)))
    if not keys:
        return ""
    shown = ", ".join(str(k) for k in keys[:limit]) + (f" and {len(keys) - limit} more" if len(keys) > limit else "")
    return f" ({shown})"


def stale_deployments(before: Api, after: Api) -> list[Deployment]:
    """The deployments of ``after`` that CloudFormation keeps as they are: same logical id,
    Description and StageDescription as in ``before``. Deployments no stage uses are left out."""
    old = {d.logical_id: d for d in before.deployments if d.logical_id is not None}
    used = {stage.deployment for stage in after.stages if stage.deployment is not None}
    stale = []
    for deployment in after.deployments:
        previous = old.get(deployment.logical_id) if deployment.logical_id is not None else None
        if previous is None:
            continue  # a new logical id: a new deployment
        if (canonical(previous.description) != canonical(deployment.description)
                or canonical(previous.stage_description) != canonical(deployment.stage_description)):
            continue
        if any(next(references(value), None) is not None
               for value in (deployment.description, deployment.stage_description)):
            continue  # `Description: !Ref DeployTime`: a value that may change on every deployment
        if deployment.stage_name is None and used and deployment.logical_id not in used:
            continue  # serves no stage
        stale.append(deployment)
    return stale


def undeployed_changes(base_model, model) -> Iterator[tuple[Api, list[Deployment], Change]]:
    """(API, its unchanged deployments, change) for every change that no new deployment captures."""
    for api in model.apis:
        if not comparable(api) or not any(d.logical_id for d in api.deployments):
            continue
        before_api = base_model.api(api.key)
        if before_api is None or not comparable(before_api):
            continue  # a new API gets a new deployment
        stale = stale_deployments(before_api, api)
        if not stale:
            continue
        for change in changes(served(base_model, before_api), served(model, api)):
            yield api, stale, change

