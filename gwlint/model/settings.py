"""Stage settings, usage plans, custom-domain mappings and WAF associations -> model elements.

Shared by the CloudFormation builder (``AWS::ApiGateway::Stage``, ``AWS::ApiGatewayV2::Stage``, the
``StageDescription`` of a deployment that creates its stage, ``AWS::ApiGateway::UsagePlan``,
``AWS::ApiGateway::BasePathMapping(V2)``, ``AWS::ApiGatewayV2::ApiMapping``, ``AWS::WAFv2::WebACLAssociation``,
``AWS::WAFRegional::WebACLAssociation``) and the SAM builder (the stage properties of an ``Api`` /
``HttpApi`` with ``Globals``, ``Auth.UsagePlan``, ``Domain``). Never raises on wrong shapes.
"""

from __future__ import annotations

import re
from gwlint.record import replace
from typing import Any, Callable, Optional

from gwlint.intrinsics import Ref, symbolic, to_pattern_text
from gwlint.model.elements import (
    ApiKind, ApiMapping, MethodSetting, Setting, StageSettings, UsagePlan, WafAssociation, make,
)
from gwlint.model.openapi import if_branches
from gwlint.source import Pointer

#: Keys of a MethodSettings entry that are not settings (they say which method).
_SELECTORS = ("ResourcePath", "HttpMethod")
#: The stage-wide method settings a REST deployment's StageDescription takes directly.
STAGE_DESCRIPTION_METHOD_KEYS = ("CacheDataEncrypted", "CacheTtlInSeconds", "CachingEnabled", "DataTraceEnabled",
                                 "LoggingLevel", "MetricsEnabled", "ThrottlingBurstLimit", "ThrottlingRateLimit")
_ARN = re.compile(r":apigateway:[^:]*::/(restapis|apis)/([^/]+)/stages/([^/]+)$")
_PLACEHOLDER = re.compile(r"^\x00(\d+)\x00$")


def _single_ref(value: Any) -> Optional[str]:
    """The name a `Ref` / `GetAtt` / one-variable `Sub` names (`Api.Stage` for `!Ref Api.Stage`), else None."""
    alternatives = symbolic(value)
    if alternatives and len(alternatives[0]) == 1 and isinstance(alternatives[0][0], Ref):
        return alternatives[0][0].name
    return None


def _values(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if key not in _SELECTORS}


def stage_settings(properties: dict, kind: ApiKind, pointer: Pointer,
                   where: Optional[Callable[[str], Pointer]] = None,
                   entry_pointer: Optional[Callable[[int], Pointer]] = None) -> StageSettings:
    """The settings of a stage written in ``properties`` (at ``pointer``). ``where(key)`` says where a
    top-level key is written (SAM: in the resource or in Globals), ``entry_pointer(i)`` where
    ``MethodSettings[i]`` is."""
    where = where or (lambda key: pointer / key)
    properties = properties if isinstance(properties, dict) else {}

    def setting(key: str) -> Optional[Setting]:
        if properties.get(key) is None:
            return None
        return make(Setting, value=properties[key], pointer=where(key))

    rest = kind is ApiKind.REST
    entries: list[MethodSetting] = []
    if rest:
        entries.extend(method_setting_entries(properties.get("MethodSettings"),
                                              entry_pointer or (lambda i: where("MethodSettings") / i)))
    else:
        for default, at in if_branches(properties.get("DefaultRouteSettings"), where("DefaultRouteSettings")):
            entries.append(make(MethodSetting, pointer=at, scope="stage", values=dict(default)))
        routes = properties.get("RouteSettings")
        if isinstance(routes, dict):
            for key, item in routes.items():
                if not isinstance(key, str):
                    continue
                for entry, at in if_branches(item, where("RouteSettings") / key):  # SAM writes `Fn::If` here
                    entries.append(make(MethodSetting, pointer=at, scope="route", route_key=key, values=dict(entry)))
    access = setting("AccessLogSetting") if rest else setting("AccessLogSettings")
    return make(StageSettings, pointer=pointer, kind=kind if rest else ApiKind.HTTP, access_log=access,
                tracing=setting("TracingEnabled") if rest else None,
                cache_cluster=setting("CacheClusterEnabled") if rest else None,
                client_certificate=setting("ClientCertificateId"),
                method_settings=setting("MethodSettings") if rest else None, entries=tuple(entries))


def method_setting_entries(value: Any, entry_pointer: Callable[[int], Pointer]) -> list[MethodSetting]:
    """The entries of a MethodSettings list (an entry under `Fn::If` counts with each branch)."""
    found: list[MethodSetting] = []
    if not isinstance(value, list):
        return found
    for position, item in enumerate(value):
        for entry, where in if_branches(item, entry_pointer(position)):
            found.append(make(MethodSetting, pointer=where, scope="method", resource_path=entry.get("ResourcePath"),
                              http_method=entry.get("HttpMethod"), values=_values(entry)))
    return found


def deployment_stage_settings(properties: dict, pointer: Pointer) -> Optional[StageSettings]:
    """The stage a REST deployment creates (``StageName``), configured by its ``StageDescription``."""
    if not isinstance(properties, dict) or properties.get("StageName") is None or "ApiId" in properties:
        return None
    props = pointer / "Properties"
    description = properties.get("StageDescription")
    if not isinstance(description, dict):
        return make(StageSettings, pointer=props / "StageDescription", kind=ApiKind.REST)
    where = props / "StageDescription"
    settings = stage_settings(description, ApiKind.REST, where)
    stage_wide = {key: description[key] for key in STAGE_DESCRIPTION_METHOD_KEYS if key in description}
    if stage_wide:
        entry = make(MethodSetting, pointer=where, scope="stage", resource_path="/*", http_method="*",
                     values=stage_wide)
        settings = replace(settings, entries=(entry, *settings.entries))
    return settings


# -- CloudFormation resources -------------------------------------------------------------------------
def _usage_plan(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    stages = properties.get("ApiStages")
    pairs: list[tuple[Optional[str], Optional[str]]] = []
    unresolved = False
    for position, item in enumerate(stages if isinstance(stages, list) else []):
        for entry, _ in if_branches(item, pointer / "Properties" / "ApiStages" / position):
            api = _single_ref(entry.get("ApiId"))
            if api is None or api in index.parameters:
                unresolved = True
                api = None
            stage = entry.get("Stage")
            if not isinstance(stage, str):
                stage = _single_ref(stage)
                stage = None if stage is None or stage in index.parameters else stage
            pairs.append((api, stage))
    if stages is not None and not isinstance(stages, list):
        unresolved = True
    builder.usage_plans.append(make(UsagePlan, pointer=pointer, logical_id=logical_id, api_stages=tuple(pairs),
                                    unresolved=unresolved, throttle=properties.get("Throttle"),
                                    quota=properties.get("Quota")))


def _api_mapping(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    kind = resource.get("Type")
    api = _single_ref(properties.get("ApiId" if kind == "AWS::ApiGatewayV2::ApiMapping" else "RestApiId"))
    domain = _single_ref(properties.get("DomainNameArn" if kind == "AWS::ApiGateway::BasePathMappingV2"
                                        else "DomainName"))
    builder.api_mappings.append(make(ApiMapping, pointer=pointer, logical_id=logical_id,
                                     api=api if api is not None and api not in index.parameters else None,
                                     domain=domain, stage=properties.get("Stage")))


def stage_arn_parts(value: Any) -> tuple[bool, Optional[str], Optional[ApiKind], Optional[str]]:
    """(readable, API logical id or None, REST/HTTP, stage) of an API Gateway stage ARN
    (`arn:aws:apigateway:REGION::/restapis/API/stages/STAGE`). The stage is a literal name or the name a
    `${...}` refers to (a Stage logical id, a parameter, `Api.Stage`)."""
    for alternative in symbolic(value) if value is not None else []:
        text, symbols = to_pattern_text(alternative)
        match = _ARN.search(text)
        if match is None:
            continue
        kind = ApiKind.REST if match.group(1) == "restapis" else ApiKind.HTTP
        api = _symbol_name(match.group(2), symbols)
        stage_text = match.group(3)
        stage = _symbol_name(stage_text, symbols) if _PLACEHOLDER.match(stage_text) else (
            None if "\x00" in stage_text else stage_text)
        return True, api, kind, stage
    return False, None, None, None


def _symbol_name(text: str, symbols: list) -> Optional[str]:
    match = _PLACEHOLDER.match(text)
    if match is None:
        return None
    symbol = symbols[int(match.group(1))]
    if isinstance(symbol, Ref):
        # `${Api}` or `${Api.RestApiId}` name the API; `${Api.Stage}` (SAM) the stage of Api.
        return symbol.name if symbol.attribute in (None, "RestApiId", "ApiId") else f"{symbol.name}.{symbol.attribute}"
    return None


def _waf_association(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    arn = properties.get("ResourceArn")
    readable, api, kind, stage = stage_arn_parts(arn)
    if stage is not None and "." not in stage and stage in index.parameters:
        stage = None
    if api is not None and api in index.parameters:
        api = None
    builder.waf_associations.append(make(
        WafAssociation, pointer=pointer, logical_id=logical_id,
        service="wafv2" if resource.get("Type", "").startswith("AWS::WAFv2") else "waf-regional",
        resource_arn=arn, api=api, api_kind=kind, stage=stage, readable=readable))


CLOUDFORMATION_HANDLERS = {
    "AWS::ApiGateway::UsagePlan": _usage_plan,
    "AWS::ApiGateway::BasePathMapping": _api_mapping,
    "AWS::ApiGateway::BasePathMappingV2": _api_mapping,
    "AWS::ApiGatewayV2::ApiMapping": _api_mapping,
    "AWS::WAFv2::WebACLAssociation": _waf_association,
    "AWS::WAFRegional::WebACLAssociation": _waf_association,
}


def mutual_tls(value: Any) -> bool:
    """Whether a MutualTlsAuthentication block turns mutual TLS on (it needs a truststore)."""
    return isinstance(value, dict) and value.get("TruststoreUri") is not None


# -- SAM ------------------------------------------------------------------------------------------------
def sam_stage_settings(kind: ApiKind, properties: dict, local: dict, globals_: dict, pointer: Pointer,
                       globals_pointer: Pointer, implicit: bool) -> StageSettings:
    """The stage settings of a SAM API: local properties win, Globals fill in, MethodSettings lists
    concatenate (Globals first)."""
    props = pointer / "Properties"

    def where(key: str) -> Pointer:
        if key in local or key not in globals_:
            return props / key
        return globals_pointer / key

    global_entries, local_entries = globals_.get("MethodSettings"), local.get("MethodSettings")
    count = len(global_entries) if isinstance(global_entries, list) and (
        local_entries is None or isinstance(local_entries, list)) else 0

    def entry_pointer(position: int) -> Pointer:
        if position < count:
            return globals_pointer / "MethodSettings" / position
        return props / "MethodSettings" / (position - count)

    base = props if not implicit else (globals_pointer if globals_ else pointer)
    settings = stage_settings(properties, kind, base, where, entry_pointer)
    if kind is ApiKind.REST:
        return settings
    # DefaultRouteSettings / RouteSettings maps merge key by key: keys only Globals has point there.
    entries: list[MethodSetting] = []
    for entry in settings.entries:
        name = "DefaultRouteSettings" if entry.scope == "stage" else "RouteSettings"
        global_block = globals_.get(name)
        local_block = local.get(name)
        if entry.scope == "route":
            global_block = global_block.get(entry.route_key) if isinstance(global_block, dict) else None
            local_block = local_block.get(entry.route_key) if isinstance(local_block, dict) else None
        if not isinstance(global_block, dict) or not isinstance(local_block, dict):
            entries.append(entry)
            continue
        from_globals = {k: v for k, v in entry.values.items() if k not in local_block and k in global_block}
        where_globals = globals_pointer / name if entry.scope == "stage" else globals_pointer / name / entry.route_key
        entries.append(replace(entry, values={k: v for k, v in entry.values.items() if k not in from_globals}))
        if from_globals:
            entries.append(replace(entry, values=from_globals, pointer=where_globals))
    return replace(settings, entries=tuple(entries))


def sam_usage_plan(api_key: str, auth: Any, stage: Any, pointer: Pointer) -> Optional[UsagePlan]:
    """The usage plan SAM creates for ``Auth.UsagePlan`` with ``CreateUsagePlan: PER_API`` or ``SHARED``."""
    plan = auth.get("UsagePlan") if isinstance(auth, dict) else None
    if not isinstance(plan, dict):
        return None
    create = plan.get("CreateUsagePlan")
    if isinstance(create, str) and create not in ("PER_API", "SHARED") or create is None:
        return None  # NONE (a literal); an intrinsic (`!Ref PlanType`) counts as creating one
    return make(UsagePlan, pointer=pointer, generated_by="sam",
                api_stages=((api_key, stage if isinstance(stage, str) else None),),
                throttle=plan.get("Throttle"), quota=plan.get("Quota"))


def sam_api_mapping(api_key: str, domain: Any, pointer: Pointer) -> Optional[ApiMapping]:
    if not isinstance(domain, dict) or domain.get("DomainName") is None:
        return None
    return make(ApiMapping, pointer=pointer, api=api_key, stage=None,
                mutual_tls=mutual_tls(domain.get("MutualTlsAuthentication")))


__all__ = ["stage_settings", "deployment_stage_settings", "method_setting_entries", "stage_arn_parts",
           "CLOUDFORMATION_HANDLERS", "sam_stage_settings", "sam_usage_plan", "sam_api_mapping", "mutual_tls"]
