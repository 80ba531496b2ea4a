"""SAM expansion, the way aws-sam-translator deploys it (see research/openapi-ext.md section 4.2).

- ``AWS::Serverless::Api`` / ``HttpApi`` become REST / HTTP APIs; ``Globals.Api`` / ``Globals.HttpApi``
  apply first. A ``DefinitionBody`` under ``Fn::If`` contributes both branches.
- ``Events`` of type ``Api`` / ``HttpApi`` on a function (and ``Api`` on a state machine) add a route to the
  API named by ``RestApiId`` / ``ApiId`` (a ``Ref`` or a plain logical id), or to the implicit
  ``ServerlessRestApi`` / ``ServerlessHttpApi``. SAM only writes routes into a body it edits: a REST API
  without ``DefinitionBody``/``DefinitionUri`` (or with ``MergeDefinitions``), an HTTP API with a
  ``DefinitionBody`` or none at all; never into a ``DefinitionUri`` file.
- Function events always get a Lambda permission, with SAM's SourceArn: any stage, ``*`` for ANY, path
  parameters as ``*``, no trailing slash. An HTTP API ``$default`` event gets ``/*/*`` and covers the
  function's other routes on that API (no further permission).
- REST ``Cors`` adds an OPTIONS (MOCK) route to every path; HTTP ``FailOnWarnings`` renames ``$default`` to
  ``/$default``.
- REST Lambda authorizers get an ``.../authorizers/*`` permission unless
  ``DisableFunctionDefaultPermissions``; HTTP API Lambda authorizers only with
  ``EnableFunctionDefaultPermissions: true``. A connector (``AWS::Serverless::Connector`` or an embedded
  ``Connectors`` entry) from an API to a function with ``Write`` gets ``${Api}/<Qualifier or *>``.
- ``Auth.ResourcePolicy`` becomes the policy statements SAM writes.

Generated elements point at what the user wrote (the event, the authorizer, the policy property).
"""

from __future__ import annotations

import re
from gwlint.record import dataclass, replace
from typing import Any, Iterator

from gwlint.intrinsics import symbolic
from gwlint.model.builder import ApiDraft, ModelBuilder
from gwlint.model.cloudformation import api_key_of, resources_of, template_index
from gwlint.model.elements import (
    ApiKind, Authorization, Authorizer, FunctionRef, LambdaPermission, Operation, Origin, Stage, make,
)
from gwlint.model.elements import Deployment
from gwlint.model.functions import FUNCTION_TYPES, TemplateIndex, function_from_value
from gwlint.model.openapi import HTTP_METHODS, build_openapi, if_branches, integration_from
from gwlint.model.policies import apply_sam_api_policy, apply_sam_event_policy
from gwlint.model.sam_auth import apply_body_auth
from gwlint.model.settings import sam_api_mapping, sam_stage_settings, sam_usage_plan
from gwlint.source import Document, Pointer

IMPLICIT_REST = "ServerlessRestApi"
IMPLICIT_HTTP = "ServerlessHttpApi"
SAM_API_TYPES = {"AWS::Serverless::Api": ApiKind.REST, "AWS::Serverless::HttpApi": ApiKind.HTTP}
CONNECTOR_API_TYPES = {*SAM_API_TYPES, "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api"}
_METHODS = {method.upper() for method in HTTP_METHODS} | {"ANY"}
#: SAM's SwaggerEditor.get_path_without_trailing_slash: only these parameter names become `*`.
_PATH_PARAMETER = re.compile(r"\{([a-zA-Z0-9._-]+\+?)\}")
_LAMBDA_URI = ("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{}.Arn}}"
               "/invocations")
_STATES_URI = "arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution"


def merge_globals(global_value: Any, local_value: Any) -> Any:
    """SAM's Globals rule: maps merge, lists concatenate (globals first), local scalars win."""
    if isinstance(global_value, dict) and isinstance(local_value, dict):
        merged = dict(global_value)
        for key, value in local_value.items():
            merged[key] = merge_globals(global_value[key], value) if key in global_value else value
        return merged
    if isinstance(global_value, list) and isinstance(local_value, list):
        return global_value + local_value
    return local_value


def _globals(data: dict, section: str) -> dict:
    block = data.get("Globals")
    value = block.get(section) if isinstance(block, dict) else None
    return value if isinstance(value, dict) else {}


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


@dataclass
class _SamApi:
    """A SAM API and what SAM does with its body."""

    draft: ApiDraft
    properties: dict  # with Globals merged
    local: dict  # as written on the resource
    pointer: Pointer  # the resource; for an implicit API, the event that created it
    managed: bool  # no DefinitionBody / DefinitionUri: SAM writes the whole body
    has_body: bool  # SAM edits a body (its own, or an inline DefinitionBody)
    merges: bool  # MergeDefinitions into a DefinitionBody with paths: REST function events still add routes


class _Expansion:
    def __init__(self, builder: ModelBuilder, document: Document) -> None:
        data = document.data
        self.builder = builder
        self.document = document
        self.index = template_index(data)
        self.globals = {ApiKind.REST: _globals(data, "Api"), ApiKind.HTTP: _globals(data, "HttpApi")}
        self.function_globals = _globals(data, "Function")
        self.apis: dict[str, _SamApi] = {}
        #: Events with `Auth.OverrideApiAuth: true` on an API whose body SAM does not build: (draft, config, METHOD, path).
        self.auth_overrides: list[tuple] = []

    def api(self, logical_id: str, kind: ApiKind, local: dict, pointer: Pointer, implicit: bool = False) -> _SamApi:
        properties = merge_globals(self.globals[kind], local)
        body = properties.get("DefinitionBody")
        managed = body is None and properties.get("DefinitionUri") is None
        source = self.builder.openapi_source(pointer / "Properties" / "DefinitionBody", body) if body else None
        paths = _dict(source[0]).get("paths") if source else None
        # SAM loses merged routes when the body has no (or empty) `paths` (Api._get_merged_definitions).
        merges = properties.get("MergeDefinitions") is True and isinstance(paths, dict) and bool(paths)
        draft = _api(self.builder, logical_id, properties, pointer, self.index, kind)
        draft.implicit = implicit
        draft.manages_definition = managed or merges
        _stage_and_neighbours(self.builder, draft, kind, properties, local, self.globals[kind], pointer,
                              self.document.pointer("Globals", "Api" if kind is ApiKind.REST else "HttpApi"), implicit)
        api = _SamApi(draft, properties, local, pointer, managed, managed or body is not None, merges)
        self.apis[logical_id] = api
        return api

    def event_api(self, config: dict, rest: bool, where: Pointer) -> tuple[ApiDraft, _SamApi | None, Any]:
        """The API an event names, the SAM API (None if SAM does not manage it), and the SourceArn API value."""
        key = "RestApiId" if rest else "ApiId"
        if key not in config:
            name = IMPLICIT_REST if rest else IMPLICIT_HTTP
            api = self.apis.get(name) or self.api(name, ApiKind.REST if rest else ApiKind.HTTP, {}, where, True)
            return api.draft, api, {"Ref": name}
        value = config[key]
        # SAM takes a `Ref` or a plain string as the logical id, and writes the value as is into the SourceArn.
        name = value if isinstance(value, str) else api_key_of(value)
        api = self.apis.get(name)
        if api is not None:  # even an HttpApi event naming a REST API: SAM edits that body all the same
            return api.draft, api, value
        draft = self.builder.api(name) or self.builder.add_api(ApiDraft(
            key=name, kind=ApiKind.REST if rest else ApiKind.HTTP, origin=Origin.SAM, pointer=where, logical_id=name))
        return draft, None, value

    def add_route(self, draft: ApiDraft, where: Pointer, config: dict, method: str, path: str, uri: Any,
                  type_: str = "AWS_PROXY") -> None:
        if method not in _METHODS:
            return
        if (method, path) in draft.routes:
            # SAM writes its integration into an operation of the body that has none (HttpApi events,
            # MergeDefinitions): `x-amazon-apigateway-any-method: {responses: {}}` ends up invoking the function.
            for position, operation in enumerate(draft.operations):
                if (operation.method, operation.path) != (method, path):
                    continue
                update = {}
                if operation.integration is None and uri:
                    update["integration"] = integration_from(
                        where, self.index, type_=type_, http_method="POST", uri=uri,
                        credentials=_invoke_credentials(config, draft, method, type_))
                if any(key in _dict(config.get("Auth")) for key in ("Authorizer", "ApiKeyRequired")):
                    update["authorization"] = _event_authorization(config, draft, method)  # SAM writes the event's Auth
                if update:
                    draft.operations[position] = replace(operation, **update)
            return
        integration = integration_from(where, self.index, type_=type_, http_method=None if uri is None else "POST",
                                       uri=uri, credentials=_invoke_credentials(config, draft, method, type_))
        draft.add_operation(make(Operation, pointer=where, api=draft.key, method=method, path=path,
                                 authorization=_event_authorization(config, draft, method),
                                 integration=integration))

    def function_events(self, logical_id: str, properties: dict, pointer: Pointer) -> None:
        # With AutoPublishAlias, SAM points the permissions and the integrations it writes at the alias.
        alias = self.index.auto_publish_alias(logical_id)
        target = f"${{{logical_id}.Alias}}" if alias else f"${{{logical_id}.Arn}}"
        function = make(FunctionRef, logical_id=logical_id, qualifier=alias, text=target)
        uri = {"Fn::Sub": _LAMBDA_URI.format(logical_id).replace(f"${{{logical_id}.Arn}}", target)}
        events = [(where, config, kind == "Api", method, path, *self.event_api(config, kind == "Api", where))
                  for where, config, kind, method, path in _api_events(properties, pointer, ("Api", "HttpApi"))]
        # On an HTTP API whose body routes `$default` to this function, SAM gives the function's other routes
        # no permission of their own. It sorts `$default` events first and looks for a `${Fn.Arn}` integration
        # (an AutoPublishAlias function's integrations name the alias instead).
        aliased = "AutoPublishAlias" in properties or "AutoPublishAlias" in self.function_globals
        covered = {draft.key for _, _, rest, method, path, draft, api, _ in events
                   if not rest and api is not None and api.has_body
                   and ((method, path) == ("ANY", "$default") and not aliased or _default_route_of(draft, logical_id))}
        for where, config, rest, method, path, draft, api, api_value in events:
            if api is not None and (api.managed or api.merges if rest else api.has_body):
                self.add_route(draft, where, config, method, path, uri)
                if rest:
                    apply_sam_event_policy(draft, config, where, method, path, self.index.parameters)
            elif rest and api is not None and _dict(config.get("Auth")).get("OverrideApiAuth") is True:
                self.auth_overrides.append((draft, config, method, path))
            if rest:
                tail = f"/*/{_arn_method(method)}{_arn_path(path)}"
            elif path != "$default" and draft.key in covered:
                continue
            else:
                tail = _http_tail(method, path)
            self.builder.permissions.append(_permission(where, "event", function, api_value, tail))

    def state_machine_events(self, properties: dict, pointer: Pointer) -> None:
        for where, config, _, method, path in _api_events(properties, pointer, ("Api",)):
            draft, api, _ = self.event_api(config, True, where)
            if api is not None and api.managed:
                self.add_route(draft, where, config, method, path, _STATES_URI, type_="AWS")
                apply_sam_event_policy(draft, config, where, method, path, self.index.parameters)

    def finish(self) -> None:
        documents = {self.document.path: self.document, **{d.path: d for d in self.builder.linked.values()}}
        for api in self.apis.values():
            draft = api.draft
            if draft.kind is ApiKind.REST:  # appended to the body's x-amazon-apigateway-policy, as SAM does
                apply_sam_api_policy(draft, self.globals[ApiKind.REST], api.local, api.pointer,
                                     self.document.pointer("Globals", "Api", "Auth", "ResourcePolicy"),
                                     self.index.parameters, has_paths=bool(draft.operations))
            apply_body_auth(draft, api.properties, documents)  # Auth.DefaultAuthorizer / ApiKeyRequired in the body
            for target, config, method, path in self.auth_overrides:
                if target is draft:  # OverrideApiAuth: the event's Auth replaces the body method's
                    draft.operations = [replace(op, authorization=_event_authorization(config, draft, method))
                                        if (op.method, op.path) == (method, path) else op for op in draft.operations]
            cors = api.properties.get("Cors")
            if draft.kind is ApiKind.REST and cors and api.has_body:
                where = api.pointer / "Properties" / "Cors" if "Cors" in api.local else \
                    self.document.pointer("Globals", "Api", "Cors")
                seen: set[str] = set()
                for path in list(dict.fromkeys(operation.path for operation in draft.operations)):
                    normalised = path.rstrip("/") if path != "/" else path
                    if normalised not in seen:
                        seen.add(normalised)
                        self.add_route(draft, where, {}, "OPTIONS", path, None, type_="MOCK")
            if draft.kind is ApiKind.HTTP and api.properties.get("FailOnWarnings") and api.has_body:
                # SAM renames `$default` to `/$default` so that the import does not warn (and fail).
                draft.operations = [replace(op, path="/$default") if op.path == "$default" else op
                                    for op in draft.operations]
                draft.routes = {(method, "/$default" if path == "$default" else path) for method, path in draft.routes}


def add_sam(builder: ModelBuilder, document: Document) -> None:
    data = document.data
    if not isinstance(data, dict):
        return
    expansion = _Expansion(builder, document)
    root = document.pointer("Resources")
    for logical_id, kind, properties, _ in resources_of(data):
        if kind in SAM_API_TYPES:
            expansion.api(logical_id, SAM_API_TYPES[kind], properties, root / logical_id)
    for logical_id, kind, properties, _ in resources_of(data):
        if kind == "AWS::Serverless::Function":
            expansion.function_events(logical_id, properties, root / logical_id)
        elif kind == "AWS::Serverless::StateMachine":
            expansion.state_machine_events(properties, root / logical_id)
    expansion.finish()
    _connectors(builder, data, expansion.index, root)


def _api_events(properties: dict, pointer: Pointer, types: tuple[str, ...]) -> Iterator[tuple]:
    """(pointer, properties, type, METHOD, path) of the API events that name a method and a path."""
    events = properties.get("Events")
    for name, event in events.items() if isinstance(events, dict) else ():
        if not isinstance(event, dict) or event.get("Type") not in types:
            continue
        config = _dict(event.get("Properties"))
        method, path = config.get("Method"), config.get("Path")
        if event["Type"] == "HttpApi" and method is None and path is None:
            method, path = "ANY", "$default"
        if not isinstance(method, str) or not isinstance(path, str):
            continue
        method = method.upper()
        yield (pointer / "Properties" / "Events" / name, config, event["Type"],
               "ANY" if method == "X-AMAZON-APIGATEWAY-ANY-METHOD" else method, path)


def _default_route_of(draft: ApiDraft, function: str) -> bool:
    """Whether the API's body routes `$default` (ANY) to this function."""
    return any(op.method == "ANY" and op.path == "$default" and op.integration is not None
               and op.integration.function is not None and op.integration.function.logical_id == function
               and op.integration.function.qualifier is None for op in draft.operations)


def _api(builder: ModelBuilder, logical_id: str, properties: dict, pointer: Pointer, index: TemplateIndex,
         kind: ApiKind) -> ApiDraft:
    props = pointer / "Properties"
    draft = builder.add_api(ApiDraft(key=logical_id, kind=kind, origin=Origin.SAM, pointer=pointer,
                                     logical_id=logical_id))
    name = properties.get("Name")
    draft.name = name if isinstance(name, str) else None
    source = (builder.openapi_source(props / "DefinitionBody", properties.get("DefinitionBody"))
              or builder.openapi_source(props / "DefinitionUri", None))
    if source is not None:
        definition, draft.definition = source
        # A DefinitionBody under `Fn::If` is read branch by branch (SAM passes it through as is).
        for body, where in if_branches(definition, draft.definition):
            draft.merge_openapi(build_openapi(body, where, logical_id, kind, index))
    builder.note_definition(draft, props / "DefinitionBody", properties.get("DefinitionBody"), location=False)
    builder.note_definition(draft, props / "DefinitionUri", properties.get("DefinitionUri"), location=True)
    _endpoint(draft, properties)
    domain = properties.get("Domain")
    if isinstance(domain, dict) and isinstance(domain.get("SecurityPolicy"), str):
        draft.security_policy = domain["SecurityPolicy"]
        draft.security_policy_pointer = props / "Domain" / "SecurityPolicy"
    if isinstance(properties.get("DisableExecuteApiEndpoint"), bool):
        draft.disable_execute_api_endpoint = properties["DisableExecuteApiEndpoint"]
    cors_key = "CorsConfiguration" if kind is ApiKind.HTTP else "Cors"
    if properties.get(cors_key) is not None:
        draft.cors, draft.cors_pointer = properties[cors_key], props / cors_key
    if isinstance(properties.get("OpenApiVersion"), str):
        draft.openapi_version = draft.openapi_version or properties["OpenApiVersion"]
    stage = properties.get("StageName", "$default" if kind is ApiKind.HTTP else None)
    draft.stages.append(make(Stage, pointer=props / "StageName" if "StageName" in properties else pointer, api=logical_id,
                              name=stage if isinstance(stage, str) else None, auto_deploy=kind is ApiKind.HTTP,
                              properties=properties))
    if kind is ApiKind.REST:
        # SAM's deployment (logical id `<Api>Deployment<hash>`); without OpenApiVersion it also creates
        # the stage `Stage` (ApiGenerator.remove_extra_stage).
        draft.deployments.append(make(Deployment, pointer=pointer, api=logical_id, generated_by="sam",
                                      stage_name=None if properties.get("OpenApiVersion") else "Stage"))
    auth = properties.get("Auth")
    if isinstance(auth, dict):
        draft.sam_auth = auth
        _authorizers(builder, draft, auth, props / "Auth", index)
        # Auth.ResourcePolicy: see gwlint.model.policies.apply_sam_api_policy, called by _Expansion.finish.
    return draft


def _stage_and_neighbours(builder: ModelBuilder, draft: ApiDraft, kind: ApiKind, properties: dict, local: dict,
                          globals_: dict, pointer: Pointer, globals_pointer: Pointer, implicit: bool) -> None:
    """The stage settings, the usage plan (Auth.UsagePlan) and the custom domain (Domain) of a SAM API."""
    draft.properties = properties
    # Authorizers that come from Globals point there (SAM merges Auth.Authorizers maps).
    local_auth, global_auth = _dict(_dict(local.get("Auth")).get("Authorizers")), \
        _dict(_dict(globals_.get("Auth")).get("Authorizers"))
    for position, authorizer in enumerate(draft.authorizers):
        if authorizer.name in global_auth and authorizer.name not in local_auth \
                and authorizer.pointer == pointer / "Properties" / "Auth" / "Authorizers" / authorizer.name:
            draft.authorizers[position] = replace(
                authorizer, pointer=globals_pointer / "Auth" / "Authorizers" / authorizer.name)
    settings = sam_stage_settings(kind, properties, local, globals_, pointer, globals_pointer, implicit)
    for position, stage in enumerate(draft.stages):
        if stage.logical_id is None and stage.settings is None:
            draft.stages[position] = replace(stage, settings=settings)

    def where(key: str) -> Pointer:
        return pointer / "Properties" / key if key in local or key not in globals_ else globals_pointer / key

    plan = sam_usage_plan(draft.key, properties.get("Auth"), properties.get("StageName"), where("Auth") / "UsagePlan")
    if plan is not None:
        builder.usage_plans.append(plan)
    mapping = sam_api_mapping(draft.key, properties.get("Domain"), where("Domain"))
    if mapping is not None:
        builder.api_mappings.append(mapping)


def _endpoint(draft: ApiDraft, properties: dict) -> None:
    endpoint = properties.get("EndpointConfiguration")
    if isinstance(endpoint, str):
        draft.endpoint_types = (endpoint.upper(),)
    elif isinstance(endpoint, dict):
        if isinstance(endpoint.get("Type"), str):
            draft.endpoint_types = (endpoint["Type"].upper(),)
        if isinstance(endpoint.get("IpAddressType"), str):
            draft.ip_address_type = endpoint["IpAddressType"]


def _authorizers(builder: ModelBuilder, draft: ApiDraft, auth: dict, pointer: Pointer, index: TemplateIndex) -> None:
    authorizers = auth.get("Authorizers")
    if not isinstance(authorizers, dict):
        return
    for name, config in authorizers.items():
        if not isinstance(config, dict):
            continue
        where = pointer / "Authorizers" / name
        function = function_from_value(config["FunctionArn"], index) if "FunctionArn" in config else None
        identity = config.get("Identity") if isinstance(config.get("Identity"), dict) else {}
        if draft.kind is ApiKind.REST:
            if "UserPoolArn" in config:
                kind = "COGNITO_USER_POOLS"
            else:
                payload = config.get("FunctionPayloadType", "TOKEN")
                kind = payload.upper() if isinstance(payload, str) else "TOKEN"
            expression = identity.get("ValidationExpression")
            draft.authorizers.append(make(Authorizer, 
                pointer=where, api=draft.key, name=name, type=kind,
                identity_source=identity.get("Header", "Authorization") if kind != "REQUEST" else identity,
                validation_expression=expression if isinstance(expression, str) else None,
                validation_key="Identity/ValidationExpression", ttl=identity.get("ReauthorizeEvery"),
                function=function, credentials=config.get("FunctionInvokeRole"), function_key="FunctionArn",
            ))
            if function is not None and config.get("DisableFunctionDefaultPermissions") is not True:
                builder.permissions.append(_permission(where, "authorizer", function, {"Ref": draft.key},
                                                       "/authorizers/*"))
        else:
            kind = "JWT" if "JwtConfiguration" in config else "REQUEST"
            version = config.get("AuthorizerPayloadFormatVersion")
            draft.authorizers.append(make(Authorizer, 
                pointer=where, api=draft.key, name=name, type=kind,
                identity_source=config.get("IdentitySource", identity or None),
                ttl=identity.get("ReauthorizeEvery") if identity else None, function=function,
                payload_format_version=str(version) if version is not None else None,
                credentials=config.get("FunctionInvokeRole"), function_key="FunctionArn",
            ))
            if function is not None and config.get("EnableFunctionDefaultPermissions") is True:
                builder.permissions.append(_permission(where, "authorizer", function, {"Ref": draft.key},
                                                       "/authorizers/*"))


def _permission(pointer: Pointer, generated_by: str, function: FunctionRef | None, api: Any,
                tail: str) -> LambdaPermission:
    """A permission with SAM's SourceArn: ``Fn::Sub`` of ``...:${__ApiId__}<tail>``, the API id as written."""
    arn = symbolic({"Fn::Sub": ["arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}"
                                + tail, {"__ApiId__": api}]})
    return make(LambdaPermission, pointer=pointer, generated_by=generated_by, action="lambda:InvokeFunction",
                principal="apigateway.amazonaws.com", function=function, source_arn=tuple(arn))


def _arn_method(method: str) -> str:
    return "*" if method == "ANY" else method


def _arn_path(path: str) -> str:
    """The path as SAM writes it into a SourceArn: no trailing slash, `{param}` / `{proxy+}` as `*`."""
    return _PATH_PARAMETER.sub("*", re.sub(r"^(.+)/$", r"\1", path))


def _http_tail(method: str, path: str) -> str:
    """SAM's HttpApi SourceArn after the API id (push.py HttpApi._get_permission)."""
    if path == "$default":
        return f"/*/{_arn_method(method)}"
    if method == "ANY" and path == "/$default":
        return "/*/$default"
    return f"/*/{_arn_method(method)}{_arn_path(path)}"


def _connectors(builder: ModelBuilder, data: dict, index: TemplateIndex, root: Pointer) -> None:
    """Permissions of connectors from an API to a Lambda function (connector profiles: ``${Api}/<Qualifier>``)."""
    resources = data.get("Resources")
    for logical_id, resource in resources.items() if isinstance(resources, dict) else ():
        if not isinstance(resource, dict):
            continue
        if resource.get("Type") == "AWS::Serverless::Connector":
            properties = _dict(resource.get("Properties"))
            _connector(builder, index, root / logical_id, _dict(properties.get("Source")), properties)
        embedded = resource.get("Connectors")
        for name, connector in embedded.items() if isinstance(embedded, dict) else ():
            properties = _dict(_dict(connector).get("Properties"))
            source = {**_dict(properties.get("SourceReference")), "Id": logical_id}
            _connector(builder, index, root / logical_id / "Connectors" / name, source, properties)


def _connector(builder: ModelBuilder, index: TemplateIndex, pointer: Pointer, source: dict, properties: dict) -> None:
    permissions = properties.get("Permissions")
    source_type = index.resource_type(source["Id"]) if isinstance(source.get("Id"), str) else source.get("Type")
    if not isinstance(permissions, list) or "Write" not in permissions or source_type not in CONNECTOR_API_TYPES:
        return
    api = {"Ref": source["Id"]} if isinstance(source.get("Id"), str) else source.get("ResourceId")
    qualifier = source.get("Qualifier", "*")
    destinations = properties.get("Destination")
    for destination in destinations if isinstance(destinations, list) else [destinations]:
        destination = _dict(destination)
        if isinstance(destination.get("Id"), str):
            target_type, function = index.resource_type(destination["Id"]), {"Ref": destination["Id"]}
        else:
            target_type, function = destination.get("Type"), destination.get("Arn")
        if target_type in FUNCTION_TYPES:
            builder.permissions.append(_permission(pointer, "connector", function_from_value(function, index), api,
                                                   f"/{qualifier if isinstance(qualifier, str) else '*'}"))


def _invoke_credentials(config: dict, draft: ApiDraft, method: str, type_: str) -> Any:
    """The `credentials` SAM writes into a Lambda integration of an AWS_IAM route: ``InvokeRole`` of the
    event or the API, by default the caller's (``arn:aws:iam::*:user/*``); none with ``InvokeRole: NONE``."""
    if type_ != "AWS_PROXY" or draft.kind is not ApiKind.REST or _event_authorization(config, draft, method).type != "AWS_IAM":
        return None
    auth = config.get("Auth") if isinstance(config.get("Auth"), dict) else {}
    role = auth.get("InvokeRole", draft.sam_auth.get("InvokeRole", "CALLER_CREDENTIALS"))
    if role == "NONE" or role is None:
        return None
    return "arn:aws:iam::*:user/*" if role == "CALLER_CREDENTIALS" else role


def _event_authorization(config: dict, draft: ApiDraft, method: str) -> Authorization:
    auth = config.get("Auth") if isinstance(config.get("Auth"), dict) else {}
    # The API's DefaultAuthorizer applies to every event route unless the event overrides it.
    api_auth = draft.sam_auth
    name = auth.get("Authorizer", api_auth.get("DefaultAuthorizer"))
    if method == "OPTIONS" and "Authorizer" not in auth and api_auth.get("AddDefaultAuthorizerToCorsPreflight") is False:
        name = None
    api_key = auth.get("ApiKeyRequired", api_auth.get("ApiKeyRequired")) is True
    if method == "OPTIONS" and "ApiKeyRequired" not in auth and api_auth.get("AddApiKeyRequiredToCorsPreflight") is False:
        api_key = False
    if not isinstance(name, str) or name == "NONE":
        return make(Authorization, api_key_required=api_key)
    if name == "AWS_IAM":
        return make(Authorization, type="AWS_IAM", api_key_required=api_key)
    found = next((a for a in draft.authorizers if a.name == name), None)
    kind = {"COGNITO_USER_POOLS": "COGNITO_USER_POOLS", "JWT": "JWT"}.get(found.type if found else "", "CUSTOM")
    return make(Authorization, type=kind, authorizer=name, api_key_required=api_key)


def sam_resource_policy(policy: dict) -> dict:
    """The policy document SAM writes for ``Auth.ResourcePolicy`` (SwaggerEditor.add_resource_policy); the
    model builds it with gwlint.model.policies, which also keeps where each statement was written."""
    from gwlint.model.policies import SamPolicySource, sam_statements

    statements, _ = sam_statements(SamPolicySource([(policy, Pointer("", ()))]))
    return {"Version": "2012-10-17", "Statement": statements}
