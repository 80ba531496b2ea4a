"""Every stage a model creates, with its settings, for the stage hygiene rules (GW43x, GW6xx).

A stage is an ``AWS::ApiGateway::Stage`` / ``AWS::ApiGatewayV2::Stage``, the stage a REST deployment
creates with ``StageName`` (configured by its ``StageDescription``; not when a Stage resource of the same
name exists, which GW404 reports), or the stage of a SAM ``Api`` / ``HttpApi`` (implicit APIs included).
SAM's extra ``Stage`` stage (GW407) is left out: it has no settings of its own.
"""

from __future__ import annotations

from gwlint.record import dataclass
from typing import Any, Iterator, Optional

from gwlint.model.elements import Api, ApiKind, MethodSetting, Origin, StageSettings, literal_bool

WILDCARD_PATHS = {"/*", "*", "/*/*"}


@dataclass(frozen=True)
class StageView:
    api: Api
    kind: ApiKind  # the API's kind (a V2 stage of an API outside the template: HTTP)
    name: Optional[str]
    settings: StageSettings
    element: Any  # Stage or Deployment
    source: str  # "stage", "deployment", "sam"

    @property
    def label(self) -> str:
        """`stage 'prod' (ProdStage) of API Orders`, `the stage of the implicit API ServerlessRestApi`."""
        name = f"stage '{self.name}'" if self.name else "the stage"
        logical = getattr(self.element, "logical_id", None)
        if self.source == "deployment" and logical:
            name += f" (created by deployment {logical})"
        elif logical:
            name += f" ({logical})"
        owner = f"the implicit API {self.api.display}" if self.api.implicit else f"API {self.api.display}"
        return f"{name} of {owner}"

    @property
    def fix_place(self) -> str:
        """Where to write a setting, for messages."""
        if self.source == "deployment":
            return "the deployment's StageDescription"
        if self.api.implicit:
            return "Globals." + ("Api" if self.kind is ApiKind.REST else "HttpApi")
        return "the stage"

    @property
    def is_sam(self) -> bool:
        return self.source == "sam"

    def entries(self, scope: Optional[str] = None) -> list[MethodSetting]:
        return [entry for entry in self.settings.entries if scope is None or entry.scope == scope]

    def stage_wide(self) -> list[MethodSetting]:
        """Entries that apply to every method: REST `/*` + `*`, a StageDescription's own settings, V2
        DefaultRouteSettings."""
        found = []
        for entry in self.settings.entries:
            if entry.scope == "stage":
                found.append(entry)
            elif entry.scope == "method" and entry.resource_path in WILDCARD_PATHS and entry.http_method == "*":
                found.append(entry)
        return found


_LAST: list = [None, None]  # (model, views): the rules of one file group share the views


def stage_views(model) -> list[StageView]:
    if _LAST[0] is model:
        return _LAST[1]
    views = list(_views(model))
    _LAST[0], _LAST[1] = model, views
    return views


def _views(model) -> Iterator[StageView]:
    for api in model.apis:
        stage_names = {stage.name for stage in api.stages if stage.name}
        for stage in api.stages:
            if stage.settings is None:
                continue
            kind = api.kind
            if stage.logical_id is not None and stage.settings.kind is ApiKind.HTTP and kind is ApiKind.REST:
                kind = ApiKind.HTTP  # a V2 stage of an API gwlint does not see
            name = stage.name
            if name is None and api.implicit and api.kind is ApiKind.REST:
                name = "Prod"
            yield StageView(api, kind, name, stage.settings, stage,
                            "stage" if stage.logical_id is not None else "sam")
        for deployment in api.deployments:
            if deployment.stage_settings is None or (deployment.stage_name and deployment.stage_name in stage_names):
                continue
            yield StageView(api, ApiKind.REST, deployment.stage_name, deployment.stage_settings, deployment,
                            "deployment")


def flag(setting: Any) -> Optional[bool]:
    """A Setting's literal boolean value (None when absent or an intrinsic)."""
    return literal_bool(setting.value) if setting is not None else None


def unknown(setting: Any) -> bool:
    """The setting is written but gwlint cannot read its value (an intrinsic, a parameter)."""
    return setting is not None and literal_bool(setting.value) is None


def is_public(model, api: Api) -> bool:
    """The API has a public endpoint (not PRIVATE): REGIONAL / EDGE, or unknown."""
    return "PRIVATE" not in api.endpoint_types


def template_origin(api: Api) -> bool:
    return api.origin in (Origin.CLOUDFORMATION, Origin.SAM)


__all__ = ["StageView", "stage_views", "flag", "unknown", "is_public", "WILDCARD_PATHS"]
