"""SAM expansion, the way aws-sam-translator deploys it (see research/openapi-ext.md section 4.2).

- ``AWS::Serverless::Api`` / ``HttpApi`` become REST / HTTP APIs; ``Globals.Api`` / ``Globals.HttpApi``
  apply first.
- Function ``Events`` of type ``Api`` / ``HttpApi`` add a route (to the named API, or to the implicit
  ``ServerlessRestApi`` / ``ServerlessHttpApi``) and always a Lambda permission. On an API with its own
  ``DefinitionBody`` SAM adds no route for a REST event (unless ``MergeDefinitions``): the body must
  have it.
- REST Lambda authorizers get an ``.../authorizers/*`` permission unless
  ``DisableFunctionDefaultPermissions``; HTTP API Lambda authorizers only with
  ``EnableFunctionDefaultPermissions: true``.
- ``Auth.ResourcePolicy`` becomes the policy statements SAM writes.

Generated elements point at what the user wrote (the event, the authorizer, the policy property).
"""

from __future__ import annotations

import re
from typing import Any

from gwlint.intrinsics import Ref, SymStr
from gwlint.model.builder import ApiDraft, ModelBuilder
from gwlint.model.cloudformation import ref_target, resources_of, template_index
from gwlint.model.elements import (
    ApiKind, Authorization, Authorizer, FunctionRef, LambdaPermission, Operation, Origin, ResourcePolicy, Stage,
)
from gwlint.model.functions import TemplateIndex, function_from_value
from gwlint.model.openapi import build_openapi, integration_from
from gwlint.model.elements import make
from gwlint.source import Document, Pointer

IMPLICIT_REST = "ServerlessRestApi"
IMPLICIT_HTTP = "ServerlessHttpApi"
_PATH_PARAMETER = re.compile(r"\{[^}]*\}")


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


def add_sam(builder: ModelBuilder, document: Document) -> None:
    data = document.data
    if not isinstance(data, dict):
        return
    index = template_index(data)
    root = document.pointer("Resources")
    api_globals = _globals(data, "Api")
    http_globals = _globals(data, "HttpApi")
    for logical_id, kind, properties, _ in resources_of(data):
        if kind == "AWS::Serverless::Api":
            _api(builder, logical_id, merge_globals(api_globals, properties), root / logical_id, index, ApiKind.REST)
        elif kind == "AWS::Serverless::HttpApi":
            _api(builder, logical_id, merge_globals(http_globals, properties), root / logical_id, index, ApiKind.HTTP)
    for logical_id, kind, properties, _ in resources_of(data):
        if kind == "AWS::Serverless::Function":
            _function_events(builder, logical_id, properties, root / logical_id, index, document,
                             api_globals, http_globals)


def _api(builder: ModelBuilder, logical_id: str, properties: dict, pointer: Pointer, index: TemplateIndex,
         kind: ApiKind) -> ApiDraft:
    props = pointer / "Properties"
    body = properties.get("DefinitionBody")
    has_definition = body is not None or properties.get("DefinitionUri") is not None
    draft = builder.add_api(ApiDraft(
        key=logical_id, kind=kind, origin=Origin.SAM, pointer=pointer, logical_id=logical_id,
        manages_definition=not has_definition or properties.get("MergeDefinitions") is True,
    ))
    name = properties.get("Name")
    draft.name = name if isinstance(name, str) else None
    source = (builder.openapi_source(props / "DefinitionBody", body)
              or builder.openapi_source(props / "DefinitionUri", None))
    if source is not None:
        definition, draft.definition = source
        draft.merge_openapi(build_openapi(definition, draft.definition, logical_id, kind, index))
    _endpoint(draft, properties)
    domain = properties.get("Domain")
    if isinstance(domain, dict) and isinstance(domain.get("SecurityPolicy"), str):
        draft.security_policy = domain["SecurityPolicy"]
        draft.security_policy_pointer = props / "Domain" / "SecurityPolicy"
    if isinstance(properties.get("DisableExecuteApiEndpoint"), bool):
        draft.disable_execute_api_endpoint = properties["DisableExecuteApiEndpoint"]
    if isinstance(properties.get("OpenApiVersion"), str):
        draft.openapi_version = draft.openapi_version or properties["OpenApiVersion"]
    stage = properties.get("StageName", "$default" if kind is ApiKind.HTTP else None)
    draft.stages.append(make(Stage, pointer=props / "StageName" if "StageName" in properties else pointer, api=logical_id,
                              name=stage if isinstance(stage, str) else None, auto_deploy=kind is ApiKind.HTTP,
                              properties=properties))
    auth = properties.get("Auth")
    if isinstance(auth, dict):
        draft.sam_auth = auth
        _authorizers(builder, draft, auth, props / "Auth", index)
        policy = auth.get("ResourcePolicy")
        if isinstance(policy, dict) and kind is ApiKind.REST:
            draft.policy = make(ResourcePolicy, pointer=props / "Auth" / "ResourcePolicy", api=logical_id,
                                          document=sam_resource_policy(policy))
    return draft


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
                function=function,
            ))
            if function is not None and config.get("DisableFunctionDefaultPermissions") is not True:
                builder.permissions.append(_permission(where, "authorizer", function, draft.key, "authorizers/*"))
        else:
            kind = "JWT" if "JwtConfiguration" in config else "REQUEST"
            version = config.get("AuthorizerPayloadFormatVersion")
            draft.authorizers.append(make(Authorizer, 
                pointer=where, api=draft.key, name=name, type=kind,
                identity_source=config.get("IdentitySource", identity or None),
                ttl=identity.get("ReauthorizeEvery") if identity else None, function=function,
                payload_format_version=str(version) if version is not None else None,
            ))
            if function is not None and config.get("EnableFunctionDefaultPermissions") is True:
                builder.permissions.append(_permission(where, "authorizer", function, draft.key, "authorizers/*"))


def _permission(pointer: Pointer, generated_by: str, function: FunctionRef, api_key: str, tail: str) -> LambdaPermission:
    arn: SymStr = ("arn:", Ref("AWS::Partition"), ":execute-api:", Ref("AWS::Region"), ":",
                   Ref("AWS::AccountId"), ":", Ref(api_key), "/" + tail)
    return make(LambdaPermission, pointer=pointer, generated_by=generated_by, action="lambda:InvokeFunction",
                            principal="apigateway.amazonaws.com", function=function, source_arn=(arn,))


def event_source_arn_tail(method: str, path: str) -> str:
    """SAM's SourceArn after the API id: any stage, the method (`*` for ANY), `{params}` as `*`."""
    method_part = "*" if method.upper() == "ANY" else method.upper()
    return f"*/{method_part}{_PATH_PARAMETER.sub('*', path)}"


def _function_events(builder: ModelBuilder, logical_id: str, properties: dict, pointer: Pointer,
                     index: TemplateIndex, document: Document, api_globals: dict, http_globals: dict) -> None:
    events = properties.get("Events")
    if not isinstance(events, dict):
        return
    function = make(FunctionRef, logical_id=logical_id, text=f"${{{logical_id}.Arn}}")
    for event_name, event in events.items():
        if not isinstance(event, dict) or event.get("Type") not in ("Api", "HttpApi"):
            continue
        where = pointer / "Properties" / "Events" / event_name
        config = event.get("Properties") if isinstance(event.get("Properties"), dict) else {}
        rest = event["Type"] == "Api"
        kind = ApiKind.REST if rest else ApiKind.HTTP
        api_id = ref_target(config.get("RestApiId" if rest else "ApiId"))
        if api_id is None:
            api_id = IMPLICIT_REST if rest else IMPLICIT_HTTP
            draft = builder.api(api_id)
            if draft is None:
                draft = _api(builder, api_id, dict(api_globals if rest else http_globals), where, index, kind)
                draft.implicit = True
                draft.manages_definition = True
        else:
            draft = builder.api(api_id) or builder.add_api(ApiDraft(
                key=api_id, kind=kind, origin=Origin.SAM, pointer=where, logical_id=api_id))
        method = config.get("Method", "ANY" if not rest else None)
        path = config.get("Path", "$default" if not rest else None)
        if not isinstance(method, str) or not isinstance(path, str):
            continue
        method = method.upper()
        if method == "X-AMAZON-APIGATEWAY-ANY-METHOD":
            method = "ANY"
        add_route = rest and draft.manages_definition or not rest
        if add_route and (method, path) not in draft.routes:
            integration = integration_from(
                where, index, type_="AWS_PROXY", http_method="POST",
                uri={"Fn::Sub": f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31"
                                f"/functions/${{{logical_id}.Arn}}/invocations"},
            )
            draft.add_operation(make(Operation, 
                pointer=where, api=draft.key, method=method, path=path,
                authorization=_event_authorization(config, draft, method),
                integration=integration,
            ))
        tail = "*" if path == "$default" and not rest else event_source_arn_tail(method, path)
        builder.permissions.append(_permission(where, "event", function, draft.key, tail))


def _event_authorization(config: dict, draft: ApiDraft, method: str) -> Authorization:
    auth = config.get("Auth") if isinstance(config.get("Auth"), dict) else {}
    # The API's DefaultAuthorizer applies to every event route unless the event overrides it.
    api_auth = draft.sam_auth
    name = auth.get("Authorizer", api_auth.get("DefaultAuthorizer"))
    if method == "OPTIONS" and "Authorizer" not in auth and api_auth.get("AddDefaultAuthorizerToCorsPreflight") is False:
        name = None
    api_key = auth.get("ApiKeyRequired", api_auth.get("ApiKeyRequired")) is True
    if not isinstance(name, str) or name == "NONE":
        return make(Authorization, api_key_required=api_key)
    if name == "AWS_IAM":
        return make(Authorization, type="AWS_IAM", api_key_required=api_key)
    found = next((a for a in draft.authorizers if a.name == name), None)
    kind = {"COGNITO_USER_POOLS": "COGNITO_USER_POOLS", "JWT": "JWT"}.get(found.type if found else "", "CUSTOM")
    return make(Authorization, type=kind, authorizer=name, api_key_required=api_key)


def sam_resource_policy(policy: dict) -> dict:
    """The policy document SAM writes for ``Auth.ResourcePolicy`` (SwaggerEditor.add_resource_policy)."""
    statements: list[dict] = []
    resource = "execute-api:/*"

    def values(key: str) -> list:
        value = policy.get(key)
        return value if isinstance(value, list) else ([value] if value is not None else [])

    if values("AwsAccountWhitelist"):
        statements.append({"Effect": "Allow", "Principal": {"AWS": values("AwsAccountWhitelist")},
                           "Action": "execute-api:Invoke", "Resource": resource})
    if values("AwsAccountBlacklist"):
        statements.append({"Effect": "Deny", "Principal": {"AWS": values("AwsAccountBlacklist")},
                           "Action": "execute-api:Invoke", "Resource": resource})
    if values("IpRangeWhitelist"):
        statements.append({"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": resource})
        statements.append({"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": resource,
                           "Condition": {"NotIpAddress": {"aws:SourceIp": values("IpRangeWhitelist")}}})
    if values("IpRangeBlacklist"):
        statements.append({"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": resource})
        statements.append({"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": resource,
                           "Condition": {"IpAddress": {"aws:SourceIp": values("IpRangeBlacklist")}}})
    for key, operator, condition_key in (
        ("SourceVpcWhitelist", "StringNotEquals", "aws:SourceVpc"),
        ("SourceVpcBlacklist", "StringEquals", "aws:SourceVpc"),
    ):
        if values(key):
            vpcs = [v for v in values(key) if isinstance(v, str) and v.startswith("vpc-")]
            endpoints = [v for v in values(key) if not (isinstance(v, str) and v.startswith("vpc-"))]
            statements.append({"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                               "Resource": resource})
            for selected, condition in ((vpcs, condition_key), (endpoints, "aws:SourceVpce")):
                if selected:
                    statements.append({"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                                       "Resource": resource, "Condition": {operator: {condition: selected}}})
    custom = policy.get("CustomStatements")
    if isinstance(custom, dict):
        statements.append(custom)
    elif isinstance(custom, list):
        statements.extend(item for item in custom if isinstance(item, dict))
    return {"Version": "2012-10-17", "Statement": statements}
