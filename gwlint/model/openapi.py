"""OpenAPI 2.0 / 3.x with ``x-amazon-apigateway-*`` extensions -> operations, integrations,
authorizers and the resource policy.

The same code reads a standalone file, a ``RestApi.Body`` and a SAM ``DefinitionBody``: only the
pointer prefix differs, so a rule written once fires in all three.
"""

from __future__ import annotations

from gwlint.record import dataclass, field
from typing import Any, Iterator

from gwlint.intrinsics import symbolic
from gwlint.model.elements import (
    ApiKind, Authorization, Authorizer, Integration, Operation, ResourcePolicy,
)
from gwlint.model.functions import TemplateIndex, function_from_integration_uri, function_from_value
from gwlint.model.loadbalancers import backend_fields
from gwlint.model.policies import resource_policy
from gwlint.model.elements import make
from gwlint.source import Pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ANY_METHOD = "x-amazon-apigateway-any-method"
INTEGRATION = "x-amazon-apigateway-integration"
AUTHORIZER = "x-amazon-apigateway-authorizer"

#: Extensions that only an HTTP API understands: their presence in a standalone file says "HTTP".
HTTP_ONLY_HINTS = ("x-amazon-apigateway-cors", "x-amazon-apigateway-importexport-version",
                   "x-amazon-apigateway-importer-version")


@dataclass
class OpenApiParts:
    kind: ApiKind
    version: str
    title: str | None = None
    operations: list[Operation] = field(default_factory=list)
    authorizers: list[Authorizer] = field(default_factory=list)
    policy: ResourcePolicy | None = None
    endpoint_types: tuple[str, ...] = ()
    ip_address_type: str | None = None
    disable_execute_api_endpoint: bool | None = None
    security_policy: str | None = None
    security_policy_pointer: Pointer | None = None


def guess_kind(data: dict) -> ApiKind:
    """REST unless the document carries what only an HTTP API has."""
    if "swagger" in data and "openapi" not in data:
        return ApiKind.REST  # HTTP APIs import only OpenAPI 3: a Swagger 2.0 file is a REST API's
    if any(key in data for key in HTTP_ONLY_HINTS):
        return ApiKind.HTTP
    components = data.get("components")
    if isinstance(components, dict) and "x-amazon-apigateway-integrations" in components:
        return ApiKind.HTTP
    paths = data.get("paths")
    if isinstance(paths, dict):
        for item in paths.values():
            if not isinstance(item, dict):
                continue
            for method in (*HTTP_METHODS, ANY_METHOD):
                operation = item.get(method)
                if isinstance(operation, dict):
                    if operation.get("isDefaultRoute") is True:
                        return ApiKind.HTTP
                    integration = operation.get(INTEGRATION)
                    if isinstance(integration, dict) and "payloadFormatVersion" in integration:
                        return ApiKind.HTTP
    return ApiKind.REST


def build_openapi(data: Any, root: Pointer, api_key: str, kind: ApiKind | None,
                  index: TemplateIndex) -> OpenApiParts:
    if not isinstance(data, dict):
        return OpenApiParts(kind=kind or ApiKind.REST, version="")
    version = data["openapi"] if isinstance(data.get("openapi"), str) else str(data.get("swagger", ""))
    parts = OpenApiParts(kind=kind or guess_kind(data), version=version)
    info = data.get("info")
    if isinstance(info, dict) and isinstance(info.get("title"), str):
        parts.title = info["title"]
    schemes = _security_schemes(data, root)
    parts.authorizers = [
        authorizer for name, (scheme, pointer) in schemes.items()
        if (authorizer := _authorizer(name, scheme, pointer, api_key, index)) is not None
    ]
    parts.operations = list(_operations(data, root, api_key, parts.kind, schemes, index))
    policy = data.get("x-amazon-apigateway-policy")
    if policy is not None:
        parts.policy = resource_policy(root / "x-amazon-apigateway-policy", api_key, policy, index.parameters)
    _endpoint(data, root, parts)
    security_policy = data.get("x-amazon-apigateway-security-policy")
    if isinstance(security_policy, str):
        parts.security_policy = security_policy
        parts.security_policy_pointer = root / "x-amazon-apigateway-security-policy"
    return parts


def _security_schemes(data: dict, root: Pointer) -> dict[str, tuple[dict, Pointer]]:
    found: dict[str, tuple[dict, Pointer]] = {}
    definitions = data.get("securityDefinitions")
    if isinstance(definitions, dict):
        for name, scheme in definitions.items():
            if isinstance(scheme, dict):
                found[name] = (scheme, root / "securityDefinitions" / name)
    components = data.get("components")
    if isinstance(components, dict) and isinstance(components.get("securitySchemes"), dict):
        for name, scheme in components["securitySchemes"].items():
            if isinstance(scheme, dict):
                found[name] = (scheme, root / "components" / "securitySchemes" / name)
    return found


def _authorizer(name: str, scheme: dict, pointer: Pointer, api_key: str, index: TemplateIndex) -> Authorizer | None:
    config = scheme.get(AUTHORIZER)
    if not isinstance(config, dict):
        return None
    kind = config.get("type")
    kind = kind.upper() if isinstance(kind, str) else None
    function = None
    uri = config.get("authorizerUri")
    if uri is not None:
        alternatives = symbolic(uri)
        function = function_from_integration_uri(alternatives[0], index) if alternatives else None
    identity_source = config.get("identitySource")
    if identity_source is None and kind in ("TOKEN", None) and scheme.get("in") == "header":
        identity_source = f"method.request.header.{scheme.get('name')}"
    return make(Authorizer, 
        pointer=pointer / AUTHORIZER,
        api=api_key,
        name=name,
        type=kind,
        identity_source=identity_source,
        validation_expression=config.get("identityValidationExpression")
        if isinstance(config.get("identityValidationExpression"), str) else None,
        validation_key="identityValidationExpression",
        ttl=config.get("authorizerResultTtlInSeconds"),
        function=function,
        payload_format_version=config.get("authorizerPayloadFormatVersion")
        if isinstance(config.get("authorizerPayloadFormatVersion"), str) else None,
        credentials=config.get("authorizerCredentials"),
        function_key="authorizerUri",
        **_examples(scheme, pointer),
    )


#: gwlint's own extension beside x-amazon-apigateway-authorizer: tokens the validation expression must accept.
EXAMPLES = "x-gwlint-examples"


def _examples(scheme: dict, pointer: Pointer) -> dict:
    """``examples`` / ``examples_pointer`` of an authorizer from its scheme's ``x-gwlint-examples`` list."""
    examples = scheme.get(EXAMPLES)
    if not isinstance(examples, list):
        return {}
    return {"examples": tuple(item for item in examples if isinstance(item, str)),
            "examples_pointer": pointer / EXAMPLES}


def _operations(data: dict, root: Pointer, api_key: str, kind: ApiKind,
                schemes: dict[str, tuple[dict, Pointer]], index: TemplateIndex):
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return
    # REST APIs ignore root-level `security`; HTTP APIs apply it to every route.
    root_security = data.get("security") if kind is ApiKind.HTTP else None
    components = data.get("components")
    shared = components.get("x-amazon-apigateway-integrations") if isinstance(components, dict) else None
    for path, path_item in paths.items():
        for item, item_pointer in if_branches(path_item, root / "paths" / path):
            for key, value in item.items():
                lower = key.lower() if isinstance(key, str) else ""
                if lower == ANY_METHOD:
                    method = "ANY"
                elif lower in HTTP_METHODS:
                    method = lower.upper()
                else:
                    continue
                for operation, pointer in if_branches(value, item_pointer / key):
                    security = operation.get("security", root_security)
                    yield make(Operation,
                        pointer=pointer,
                        api=api_key,
                        method=method,
                        path=path,
                        authorization=_authorization(operation, security, schemes),
                        integration=_integration(operation, pointer, shared, root, index),
                    )


def if_branches(value: Any, pointer: Pointer, depth: int = 0) -> Iterator[tuple[dict, Pointer]]:
    """The objects a value may be: itself, or each branch of an ``Fn::If`` (SAM writes one around the
    routes of a function with a ``Condition``); nothing for ``AWS::NoValue`` or a non-object."""
    if not isinstance(value, dict) or depth > 8:
        return
    arguments = value.get("Fn::If") if len(value) == 1 else None
    if isinstance(arguments, list) and len(arguments) == 3:
        for position in (1, 2):
            yield from if_branches(arguments[position], pointer / "Fn::If" / position, depth + 1)
    elif value != {"Ref": "AWS::NoValue"}:
        yield value, pointer


def _authorization(operation: dict, security: Any, schemes: dict[str, tuple[dict, Pointer]]) -> Authorization:
    legacy = operation.get("x-amazon-apigateway-auth")
    if isinstance(legacy, dict) and isinstance(legacy.get("type"), str) and legacy["type"].upper() == "AWS_IAM":
        return make(Authorization, type="AWS_IAM")
    if not isinstance(security, list):
        return make(Authorization, )
    # API Gateway applies an `x-api-key` scheme from any requirement object, wherever the authorizer is
    # (SAM writes `[{Authorizer: []}, {api_key: []}]`).
    api_key_required = any(
        isinstance(requirement, dict) and any(
            schemes.get(name, ({}, None))[0].get("type") == "apiKey"
            and str(schemes.get(name, ({}, None))[0].get("name", "")).lower() == "x-api-key" for name in requirement)
        for requirement in security)
    for requirement in security:
        if not isinstance(requirement, dict):
            continue
        for name in requirement:
            scheme = schemes.get(name, ({}, None))[0]
            authorizer = scheme.get(AUTHORIZER)
            if isinstance(authorizer, dict):
                kind = str(authorizer.get("type", "")).upper()
                mapped = {"TOKEN": "CUSTOM", "REQUEST": "CUSTOM", "COGNITO_USER_POOLS": "COGNITO_USER_POOLS",
                          "JWT": "JWT"}.get(kind, "CUSTOM")
                return make(Authorization, type=mapped, authorizer=name, api_key_required=api_key_required)
            authtype = str(scheme.get("x-amazon-apigateway-authtype", "")).lower()
            if authtype.startswith("aws") or authtype == "awssigv4":
                return make(Authorization, type="AWS_IAM", api_key_required=api_key_required)
            if scheme.get("type") == "apiKey" and str(scheme.get("name", "")).lower() == "x-api-key":
                api_key_required = True
            elif scheme.get("type") in ("oauth2", "openIdConnect"):
                return make(Authorization, type="JWT", authorizer=name, api_key_required=api_key_required)
    return make(Authorization, api_key_required=api_key_required)


def _integration(operation: dict, pointer: Pointer, shared: Any, root: Pointer, index: TemplateIndex) -> Integration | None:
    config = operation.get(INTEGRATION)
    where = pointer / INTEGRATION
    if isinstance(config, dict) and isinstance(config.get("$ref"), str) and isinstance(shared, dict):
        name = config["$ref"].rsplit("/", 1)[-1]
        if isinstance(shared.get(name), dict):
            config = shared[name]
            where = root / "components" / "x-amazon-apigateway-integrations" / name
    if not isinstance(config, dict):
        return None
    return integration_from(
        where, index,
        type_=config.get("type"), http_method=config.get("httpMethod"), uri=config.get("uri"),
        connection_type=config.get("connectionType"), connection_id=config.get("connectionId"),
        subtype=config.get("integrationSubtype"), integration_target=config.get("integrationTarget"),
        credentials=config.get("credentials"),
    )


def integration_from(pointer: Pointer, index: TemplateIndex, *, type_: Any, http_method: Any, uri: Any,
                     connection_type: Any = None, connection_id: Any = None, subtype: Any = None,
                     http_method_key: str = "httpMethod", uri_key: str = "uri",
                     integration_target: Any = None, credentials: Any = None) -> Integration:
    """An integration from its fields, with its target worked out. Shared by OpenAPI and CloudFormation."""
    kind = type_.upper() if isinstance(type_, str) else None
    alternatives = tuple(symbolic(uri)) if uri is not None else None
    function = None
    target = "unknown"
    if kind == "MOCK":
        target = "mock"
    elif isinstance(connection_type, str) and connection_type.upper() == "VPC_LINK":
        target = "vpc-link"
    elif kind in ("HTTP", "HTTP_PROXY"):
        target = "http"
    elif kind in ("AWS", "AWS_PROXY") and alternatives:
        function = function_from_integration_uri(alternatives[0], index)
        target = "lambda" if function is not None else "aws-service"
    if subtype is not None:
        target = "aws-service"
        function = None
    backend = {}
    if kind not in ("AWS", "AWS_PROXY", "MOCK") and subtype is None:
        backend = backend_fields(index, alternatives, connection_id, integration_target)
    return make(Integration, 
        pointer=pointer,
        type=kind,
        http_method=http_method.upper() if isinstance(http_method, str) else None,
        uri=alternatives,
        connection_type=connection_type if isinstance(connection_type, str) else None,
        connection_id=connection_id,
        subtype=subtype if isinstance(subtype, str) else None,
        function=function,
        target_kind=target,
        http_method_key=http_method_key,
        uri_key=uri_key,
        credentials=credentials,
        **backend,
    )


def _endpoint(data: dict, root: Pointer, parts: OpenApiParts) -> None:
    configs = []
    config = data.get("x-amazon-apigateway-endpoint-configuration")
    if isinstance(config, dict):
        configs.append(config)
    servers = data.get("servers")
    if isinstance(servers, list):
        configs.extend(s["x-amazon-apigateway-endpoint-configuration"] for s in servers
                       if isinstance(s, dict) and isinstance(s.get("x-amazon-apigateway-endpoint-configuration"), dict))
    for config in configs:
        if isinstance(config.get("disableExecuteApiEndpoint"), bool):
            parts.disable_execute_api_endpoint = config["disableExecuteApiEndpoint"]
        if isinstance(config.get("ipAddressType"), str):
            parts.ip_address_type = config["ipAddressType"]
        if config.get("vpcEndpointIds"):
            parts.endpoint_types = ("PRIVATE",)


__all__ = ["build_openapi", "guess_kind", "if_branches", "integration_from", "OpenApiParts", "function_from_value"]
