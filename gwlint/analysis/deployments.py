"""Helpers shared by the deployment rules (GW4xx): which APIs are real template resources, how to
name methods in messages, where a stage's or deployment's properties live."""

from __future__ import annotations

from typing import Iterable

from gwlint.model.elements import Api, Deployment, Operation, Stage
from gwlint.source import Pointer


def is_template_api(model, key: str) -> bool:
    """True when ``key`` names an API resource of the template (not a parameter or an import)."""
    api = model.api(key)
    return api is not None and api.logical_id is not None


def method_names(operations: Iterable[Operation], limit: int = 6) -> str:
    operations = list(operations)
    """``GetItems (GET /items), PostItems (POST /items) and 3 more``."""
    routes = [op.path if op.method == "MESSAGE" else op.route for op in operations]  # WebSocket: the route key
    names = [f"{op.logical_id} ({route})" if op.logical_id else route for op, route in zip(operations, routes)]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return ", ".join(names)


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def stage_properties_pointer(api: Api, stage: Stage) -> Pointer:
    """Where the stage's properties are written: the Stage resource, or the SAM API resource."""
    if stage.logical_id is not None:
        return stage.pointer / "Properties"
    return api.pointer / "Properties"


def deployment_label(deployment: Deployment) -> str:
    return deployment.logical_id or "the deployment SAM generates"


def coverage(missing: int, total: int, word: str) -> str:
    """`on 2 of the 5 methods`, `on any of the 3 methods`, `on the only method`."""
    if missing == total:
        return f"on the only {word}" if total == 1 else f"on any of the {total:,} {word}s"
    return f"on {missing:,} of the {plural(total, word)}"
