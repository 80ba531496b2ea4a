#!/usr/bin/env python3
"""Generate ``rules/schemas/*.json``: one JSON Schema per ``x-amazon-apigateway-*`` extension.

Development-only: this script reads the API Gateway service models shipped with botocore
(``apigateway/2015-07-09`` for REST APIs, ``apigatewayv2/2018-11-29`` for HTTP APIs) and writes the
schemas that gwlint loads at run time. gwlint itself never imports botocore.

    python scripts/gen_extension_schemas.py           # (re)write rules/schemas/*.json
    python scripts/gen_extension_schemas.py --check   # exit 1 if the committed files are stale

What comes from botocore: every enum (``x-botocore`` names the shape) and the numeric ranges that
botocore models (``IntegerWithLengthBetween...`` shapes), or states in a shape's documentation (REST
``timeoutInMillis``, ``minimumCompressionSize``). What is written here by hand, with its source in a
comment: the structure of each extension (AWS "OpenAPI extensions" pages), the HTTP integration subtypes
and payload format versions (not modelled as enums), and the legacy ``x-amazon-apigateway-auth`` types.

Schema conventions (the validator in ``gwlint/analysis/extension_schemas.py`` relies on them):

* Draft 2020-12, no ``$id``, local ``$ref`` only, so every file stands alone.
* ``$defs.rest`` / ``$defs.http`` are the per-API-type variants; ``x-gwlint-extension.variants`` maps
  ``rest``/``http`` to them. The top level accepts any variant that applies.
* Wherever a scalar, list or object value may appear, a CloudFormation intrinsic function object
  (``{"Fn::Sub": ...}``, ``{"Ref": ...}``, ...) is accepted too: ``{"anyOf": [{"$ref":
  "#/$defs/intrinsic"}, <the real schema>]}``. The intrinsic branch is always first.
* Case-insensitive enums (integration ``type`` and ``passthroughBehavior``, authorizer ``type``, the
  legacy ``x-amazon-apigateway-auth`` type) are a ``pattern`` with ``[Aa]``-style classes, so the
  schemas stay correct for any JSON Schema tool; the canonical list is in ``x-gwlint-enum``.
* ``x-gwlint-*`` keywords are annotations that standard validators ignore. gwlint's validator turns
  them into warnings/notes: ``x-gwlint-default-maximum`` (above the default limit but allowed with a
  quota increase), ``x-gwlint-supported`` (valid value the API type does not support),
  ``x-gwlint-known`` (open set: an unknown value is only a warning), ``x-gwlint-report`` (a field that
  is ignored or belongs to the other API type). ``x-gwlint-message`` / ``x-gwlint-kind`` give the text
  and kind for conditional (``if``/``then``) failures.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "rules" / "schemas"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PREFIX = "x-amazon-apigateway-"

# --------------------------------------------------------------------------------------------------
# botocore
# --------------------------------------------------------------------------------------------------

#: (label used in the schemas, botocore service name, API version)
SERVICES = {
    "apigateway": ("apigateway", "2015-07-09"),
    "apigatewayv2": ("apigatewayv2", "2018-11-29"),
}

#: Every enum shape the schemas use, as "<service>.<Shape>".
ENUM_SHAPES = (
    "apigateway.IntegrationType",
    "apigateway.ConnectionType",
    "apigateway.ContentHandlingStrategy",
    "apigateway.ResponseTransferMode",
    "apigateway.AuthorizerType",
    "apigateway.ApiKeySourceType",
    "apigateway.IpAddressType",
    "apigateway.EndpointAccessMode",
    "apigateway.SecurityPolicy",
    "apigateway.GatewayResponseType",
    "apigateway.DocumentationPartType",
    "apigatewayv2.IntegrationType",
    "apigatewayv2.ConnectionType",
    "apigatewayv2.PassthroughBehavior",
    "apigatewayv2.AuthorizerType",
    "apigatewayv2.AuthorizationType",
    "apigatewayv2.IpAddressType",
)


def load_models() -> dict[str, dict]:
    """The two service models, through botocore's own loader (handles the ``.json.gz`` files)."""
    from botocore.loaders import Loader  # dev-only dependency

    loader = Loader()
    return {
        label: loader.load_service_model(service, "service-2", api_version=version)
        for label, (service, version) in SERVICES.items()
    }


def botocore_version() -> str:
    import botocore

    return botocore.__version__


def _shape(models: dict[str, dict], qualified: str) -> dict:
    service, name = qualified.split(".", 1)
    return models[service]["shapes"][name]


def extract_enums(models: dict[str, dict]) -> dict[str, list[str]]:
    """``{"apigateway.IntegrationType": [...], ...}`` in botocore order."""
    out = {}
    for qualified in ENUM_SHAPES:
        shape = _shape(models, qualified)
        if "enum" not in shape:
            raise SystemExit(f"botocore shape {qualified} has no enum")
        out[qualified] = list(shape["enum"])
    return out


def _member_doc(models: dict[str, dict], qualified: str, member: str) -> str:
    doc = _shape(models, qualified)["members"][member].get("documentation", "")
    return re.sub(r"<[^>]+>", "", doc)


def _int_range(models: dict[str, dict], qualified: str) -> tuple[int, int]:
    shape = _shape(models, qualified)
    return int(shape["min"]), int(shape["max"])


def extract_ranges(models: dict[str, dict]) -> dict[str, tuple[int, int]]:
    """Numeric limits, from modelled ranges or (REST, where the shape is a bare integer) the docs."""
    ranges = {
        "http.timeoutInMillis": _int_range(models, "apigatewayv2.IntegerWithLengthBetween50And30000"),
        "authorizerResultTtlInSeconds": _int_range(
            models, "apigatewayv2.IntegerWithLengthBetween0And3600"
        ),
        "cors.maxAge": _int_range(models, "apigatewayv2.IntegerWithLengthBetweenMinus1And86400"),
    }
    doc = _member_doc(models, "apigateway.PutIntegrationRequest", "timeoutInMillis")
    m = re.search(r"between ([\d,]+) and ([\d,]+) milliseconds", doc)
    if not m:
        raise SystemExit("cannot find the REST timeoutInMillis range in botocore's documentation")
    ranges["rest.timeoutInMillis"] = (int(m[1].replace(",", "")), int(m[2].replace(",", "")))
    doc = _member_doc(models, "apigateway.CreateRestApiRequest", "minimumCompressionSize")
    m = re.search(r"between (\d+) and (\d+)", doc)
    if not m:
        raise SystemExit("cannot find the minimumCompressionSize range in botocore's documentation")
    ranges["minimumCompressionSize"] = (int(m[1]), int(m[2]))
    return ranges


def extract_lengths(models: dict[str, dict]) -> dict[str, tuple[int, int]]:
    """String length limits of HTTP API (v2) fields, from the shape names botocore uses."""

    def length(shape_name: str) -> tuple[int, int]:
        m = re.fullmatch(r"\w+?Between(\d+)And(\d+)\w*", shape_name)
        if not m:
            raise SystemExit(f"unexpected v2 shape name {shape_name}")
        return int(m[1]), int(m[2])

    def member_shape(qualified: str, member: str) -> str:
        return _shape(models, qualified)["members"][member]["shape"]

    v2 = models["apigatewayv2"]["shapes"]
    return {
        "http.uri": length(member_shape("apigatewayv2.CreateIntegrationRequest", "IntegrationUri")),
        "http.connectionId": length(member_shape("apigatewayv2.CreateIntegrationRequest", "ConnectionId")),
        "http.httpMethod": length(member_shape("apigatewayv2.CreateIntegrationRequest", "IntegrationMethod")),
        "http.integrationSubtype": length(
            member_shape("apigatewayv2.CreateIntegrationRequest", "IntegrationSubtype")
        ),
        "http.requestParameterValue": length(v2["IntegrationParameters"]["value"]["shape"]),
        "http.serverNameToVerify": length(member_shape("apigatewayv2.TlsConfigInput", "ServerNameToVerify")),
        "http.authorizerUri": length(member_shape("apigatewayv2.CreateAuthorizerRequest", "AuthorizerUri")),
        "http.jwtIssuer": length(member_shape("apigatewayv2.JWTConfiguration", "Issuer")),
        "http.corsMethod": length(v2["CorsMethodList"]["member"]["shape"]),
        "http.tagValue": length(v2["Tags"]["value"]["shape"]),
    }


def extract_status_code_pattern(models: dict[str, dict]) -> str:
    """botocore's ``StatusCode`` pattern (``[1-5]\\d\\d``), anchored."""
    return "^" + _shape(models, "apigateway.StatusCode")["pattern"] + "$"


# --------------------------------------------------------------------------------------------------
# Hand-written facts (not in botocore), with their sources
# --------------------------------------------------------------------------------------------------

#: HTTP API first-class integration subtypes. Source: AWS "Integration subtype reference"
#: (http-api-develop-integrations-aws-services-reference), research notes 1.2.1. botocore models
#: IntegrationSubtype as a 1..128 string, so an unknown subtype is only a warning (x-gwlint-known).
HTTP_INTEGRATION_SUBTYPES = [
    "EventBridge-PutEvents",
    "SQS-SendMessage",
    "SQS-ReceiveMessage",
    "SQS-DeleteMessage",
    "SQS-PurgeQueue",
    "AppConfig-GetConfiguration",
    "Kinesis-PutRecord",
    "StepFunctions-StartExecution",
    "StepFunctions-StartSyncExecution",
    "StepFunctions-StopExecution",
]

#: HTTP API integration types that HTTP APIs actually import (others: import warning).
HTTP_SUPPORTED_INTEGRATION_TYPES = ["AWS_PROXY", "HTTP_PROXY"]

#: Payload format versions: botocore documents "Supported values ... are 1.0 and 2.0" (v2
#: PayloadFormatVersion / AuthorizerPayloadFormatVersion). YAML often turns them into numbers.
PAYLOAD_FORMAT_VERSIONS = ["1.0", "2.0"]

#: Legacy ``x-amazon-apigateway-auth`` ``type``: NONE or AWS_IAM (a subset of botocore's v2
#: AuthorizationType, checked below). Source: research notes 1.1.
LEGACY_AUTH_TYPES = ["NONE", "AWS_IAM"]

#: The only documented value of x-amazon-apigateway-importexport-version (and of its HTTP-API-beta
#: predecessor x-amazon-apigateway-importer-version).
IMPORTEXPORT_VERSIONS = ["1.0"]

#: REST integrations may exceed 29,000 ms only with a quota increase, on Regional and private APIs;
#: with responseTransferMode STREAM the limit is 15 minutes (research notes 0.4), the hard upper bound.
REST_TIMEOUT_HARD_MAXIMUM = 900_000

#: REST mapping templates: "The maximum mapping-template size is 300 KB" (api-gateway-known-issues).
#: 300 * 1024 characters is at least that many bytes, so this never reports a valid template.
REST_TEMPLATE_MAX_CHARS = 300 * 1024

#: Intrinsic function names: ``Ref`` or any ``Fn::X`` (CloudFormation adds new ones, e.g.
#: ``Fn::ToJsonString`` from the LanguageExtensions transform).
INTRINSIC_KEY_PATTERN = r"^(?:Ref|Fn::[A-Za-z0-9]+)$"

# --------------------------------------------------------------------------------------------------
# Schema building blocks
# --------------------------------------------------------------------------------------------------

INTRINSIC = {"$ref": "#/$defs/intrinsic"}

INTRINSIC_DEF = {
    "title": "CloudFormation intrinsic function",
    "description": (
        "An object with a single key `Ref` or `Fn::*` (Fn::Sub, Fn::GetAtt, Fn::Join, Fn::If, "
        "Fn::ImportValue, Fn::FindInMap, Fn::Select, ...). CloudFormation resolves it before API "
        "Gateway sees an inline RestApi `Body` or SAM `DefinitionBody`."
    ),
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "propertyNames": {"pattern": INTRINSIC_KEY_PATTERN},
    "properties": {
        "Ref": {"type": "string", "minLength": 1},
        "Fn::Sub": {
            "type": ["string", "array"],
            "prefixItems": [{"type": "string"}, {"type": "object"}],
            "minItems": 1,
            "maxItems": 2,
        },
        "Fn::GetAtt": {"type": ["string", "array"], "minItems": 2, "maxItems": 2},
        "Fn::Join": {"type": "array", "minItems": 2, "maxItems": 2},
        "Fn::If": {"type": "array", "minItems": 3, "maxItems": 3},
        "Fn::Select": {"type": "array", "minItems": 2, "maxItems": 2},
        "Fn::FindInMap": {"type": "array", "minItems": 3, "maxItems": 4},
    },
}


def w(core: dict, **annotations: Any) -> dict:
    """Accept ``core`` or an intrinsic function object in its place."""
    node = {k.replace("_", "-"): v for k, v in annotations.items() if v is not None}
    node["anyOf"] = [INTRINSIC, core]
    return node


def _kw(kw: dict) -> dict:
    """Python keyword arguments to schema keys: ``x_gwlint_format`` -> ``x-gwlint-format``."""
    return {(k.replace("_", "-") if k.startswith("x_") else k): v for k, v in kw.items()}


def string(title: str | None = None, **kw: Any) -> dict:
    return w({"type": "string", **_kw(kw)}, title=title)


def boolean(title: str | None = None) -> dict:
    return w({"type": "boolean"}, title=title)


def integer(minimum: int | None, maximum: int | None, *, unit: str | None = None,
            title: str | None = None, **extra: Any) -> dict:
    core: dict[str, Any] = {"type": "integer"}
    if minimum is not None:
        core["minimum"] = minimum
    if maximum is not None:
        core["maximum"] = maximum
    node = w(core, title=title)
    if unit:
        node["x-gwlint-unit"] = unit
    node.update({k.replace("_", "-"): v for k, v in extra.items()})
    return node


def string_list(item: dict | None = None, title: str | None = None, **kw: Any) -> dict:
    return w({"type": "array", "items": item or string(), **_kw(kw)}, title=title)


def string_map(value: dict | None = None, *, key_pattern: str | None = None,
               key_format: str | None = None, title: str | None = None) -> dict:
    core: dict[str, Any] = {"type": "object", "additionalProperties": value or string()}
    if key_pattern:
        core["propertyNames"] = {"pattern": key_pattern}
        if key_format:
            core["propertyNames"]["x-gwlint-format"] = key_format
    return w(core, title=title)


def obj(properties: dict, *, required: list[str] | None = None, closed: bool = True,
        title: str | None = None, all_of: list[dict] | None = None) -> dict:
    """An object; ``closed`` objects report unknown fields (vendor ``x-*`` keys are always allowed)."""
    core: dict[str, Any] = {"type": "object"}
    if required:
        core["required"] = required
    core["properties"] = properties
    if closed:
        core["patternProperties"] = {"^x-": {}}
        core["additionalProperties"] = False
    if all_of:
        core["allOf"] = all_of
    return w(core, title=title)


def ci_pattern(values: list[str]) -> str:
    """An anchored pattern matching any of ``values`` in any letter case, e.g. ``[Aa][Ww][Ss]``."""

    def one(value: str) -> str:
        return "".join(
            f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in value
        )

    return "^(?:" + "|".join(one(v) for v in values) + ")$"


def enum(title: str, values: list[str], source: str | None, *, case_insensitive: bool = False,
         **extra: Any) -> dict:
    """A string enum; ``source`` is the botocore shape it comes from (``x-botocore``)."""
    core: dict[str, Any] = {"type": "string"}
    if case_insensitive:
        core["pattern"] = ci_pattern(values)
    else:
        core["enum"] = list(values)
    node: dict[str, Any] = {"title": title}
    if source:
        node["x-botocore"] = source
    node["x-gwlint-enum"] = list(values)
    if case_insensitive:
        node["x-gwlint-case-insensitive"] = True
    node.update({k.replace("_", "-"): v for k, v in extra.items()})
    node["anyOf"] = [INTRINSIC, core]
    return node


def version_string(title: str, values: list[str]) -> dict:
    """A version written as a string (``"2.0"``) or, after YAML, as a number (``2.0``)."""
    return {
        "title": title,
        "x-gwlint-enum": list(values),
        "anyOf": [INTRINSIC, {"type": ["string", "number"], "enum": list(values) + [float(v) for v in values]}],
    }


def report(kind: str, severity: str, message: str) -> dict:
    """A field that is accepted but reported (ignored, or meant for the other API type)."""
    return {"x-gwlint-report": {"kind": kind, "severity": severity, "message": message}}


def only_for(api: str, field: str) -> dict:
    label = {"rest": "REST APIs", "http": "HTTP APIs"}[api]
    return report("not-for-api-type", "warning", f"{field} is only supported for {label}")


def string_const_if(field: str, values: list[str], *, case_insensitive: bool = False) -> dict:
    """An ``if`` clause: ``field`` is present and is (case-insensitively) one of ``values``."""
    cond: dict[str, Any] = {"type": "string"}
    if case_insensitive:
        cond["pattern"] = ci_pattern(values)
    else:
        cond["enum"] = list(values)
    return {"required": [field], "properties": {field: cond}}


def requires(if_: dict, fields: list[str], message: str) -> dict:
    return {"if": if_, "then": {"required": fields, "x-gwlint-message": message}}


def status_code(pattern: str) -> dict:
    """A status code: botocore's ``StatusCode`` string, or the same number written unquoted."""
    return w(
        {"type": ["string", "integer"], "pattern": pattern, "minimum": 100, "maximum": 599,
         "x-gwlint-format": "an HTTP status code such as \"200\""},
        title="status code",
    )


def variant_file(name: str, *, api_types: list[str], locations: list[str], description: str,
                 variants: dict[str, dict], legacy: str | None = None, replaced_by: str | None = None,
                 extra_defs: dict | None = None) -> dict:
    """A schema file: ``variants`` maps ``rest``/``http``/``any`` to the value schema."""
    defs: dict[str, Any] = {}
    pointers: dict[str, str] = {}
    for key, schema in variants.items():
        defs[key] = schema
    for api in api_types:
        key = api if api in variants else "any"
        pointers[api] = f"#/$defs/{key}"
    defs.update(extra_defs or {})
    defs["intrinsic"] = INTRINSIC_DEF
    meta: dict[str, Any] = {
        "name": name,
        "apiTypes": api_types,
        "locations": locations,
        "legacy": bool(legacy),
    }
    if legacy:
        meta["legacyNote"] = legacy
    if replaced_by:
        meta["replacedBy"] = replaced_by
    meta["variants"] = pointers
    out: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$comment": "Generated by scripts/gen_extension_schemas.py from the botocore API Gateway models. Do not edit.",
        "title": name,
        "description": description,
        "x-gwlint-extension": meta,
    }
    distinct = sorted(set(pointers.values()))
    if len(distinct) == 1:
        out["$ref"] = distinct[0]
    else:
        out["anyOf"] = [{"$ref": p} for p in distinct]
    if legacy:
        out["deprecated"] = True
    out["$defs"] = defs
    return out


# --------------------------------------------------------------------------------------------------
# The extensions
# --------------------------------------------------------------------------------------------------

def integration_schemas(e: dict[str, list[str]], r: dict, ln: dict, status_pattern: str) -> dict[str, dict]:
    """REST and HTTP variants of x-amazon-apigateway-integration (research notes 1.2.1)."""
    t_min, t_max = r["rest.timeoutInMillis"]
    h_min, h_max = r["http.timeoutInMillis"]

    def common_if_vpc() -> dict:
        return requires(
            string_const_if("connectionType", ["VPC_LINK"]), ["connectionId"],
            "connectionId is required when connectionType is VPC_LINK",
        )

    rest_response = obj(
        {
            "statusCode": status_code(status_pattern),
            # Values are mapping expressions or quoted statics; SAM writes CORS MaxAge as a bare
            # integer (Access-Control-Max-Age: 600), so integers are accepted too.
            "responseParameters": string_map(
                w({"type": ["string", "integer"]}),
                key_pattern=r"^method\.response\.header\.\S+$",
                key_format="method.response.header.NAME",
            ),
            "responseTemplates": string_map(string(maxLength=REST_TEMPLATE_MAX_CHARS)),
            "contentHandling": enum("content handling strategy", e["apigateway.ContentHandlingStrategy"],
                                    "apigateway.ContentHandlingStrategy"),
        },
        required=["statusCode"],
        title="integration response",
    )
    rest = obj(
        {
            "type": enum("integration type", e["apigateway.IntegrationType"], "apigateway.IntegrationType",
                         case_insensitive=True),
            "uri": string(),
            "httpMethod": string(),
            "credentials": string(),
            "connectionType": enum("connection type", e["apigateway.ConnectionType"],
                                   "apigateway.ConnectionType"),
            "connectionId": string(),
            "integrationTarget": string(),
            "requestParameters": string_map(
                key_pattern=r"^integration\.request\.\S+$",
                key_format="integration.request.LOCATION.NAME",
            ),
            "requestTemplates": string_map(string(maxLength=REST_TEMPLATE_MAX_CHARS)),
            # apigateway (v1) models passthroughBehavior as a plain string; v2 has the enum.
            "passthroughBehavior": enum("passthrough behavior", e["apigatewayv2.PassthroughBehavior"],
                                        "apigatewayv2.PassthroughBehavior", case_insensitive=True),
            "contentHandling": enum("content handling strategy", e["apigateway.ContentHandlingStrategy"],
                                    "apigateway.ContentHandlingStrategy"),
            "cacheNamespace": string(),
            "cacheKeyParameters": string_list(),
            "timeoutInMillis": integer(
                t_min, REST_TIMEOUT_HARD_MAXIMUM, unit="ms",
                x_gwlint_default_maximum={
                    "value": t_max,
                    "message": "it needs a quota increase and only works on Regional and private REST APIs",
                },
            ),
            "responses": string_map(rest_response),
            "tlsConfig": obj({
                "insecureSkipVerification": boolean(),
                "serverNameToVerify": only_for("http", "tlsConfig.serverNameToVerify"),
            }),
            "responseTransferMode": enum("response transfer mode", e["apigateway.ResponseTransferMode"],
                                         "apigateway.ResponseTransferMode"),
            "payloadFormatVersion": report(
                "ignored-for-api-type", "note", "payloadFormatVersion is ignored by REST APIs"
            ),
            "integrationSubtype": only_for("http", "integrationSubtype"),
            "responseParameters": only_for("http", "responseParameters (status-code map)"),
        },
        required=["type"],
        title="integration",
        all_of=[
            requires(
                {"required": ["type"], "properties": {"type": {"type": "string", "not": {"pattern": ci_pattern(["MOCK"])}}}},
                ["uri", "httpMethod"],
                "{missing} is required unless the integration type is MOCK",
            ),
            common_if_vpc(),
            {
                "if": string_const_if("responseTransferMode", ["STREAM"]),
                "then": {"properties": {"type": {
                    "pattern": ci_pattern(["AWS_PROXY", "HTTP_PROXY"]),
                    "x-gwlint-kind": "conflicting-fields",
                    "x-gwlint-message": "responseTransferMode STREAM needs an AWS_PROXY or HTTP_PROXY integration, not {value!r}",
                }}},
            },
            {
                "if": {"required": ["integrationTarget"]},
                "then": {
                    "required": ["connectionType"],
                    "x-gwlint-message": "{missing} must be VPC_LINK when integrationTarget is set",
                    "properties": {"connectionType": {
                        "not": {"enum": ["INTERNET"]},
                        "x-gwlint-kind": "conflicting-fields",
                        "x-gwlint-message": "integrationTarget needs connectionType VPC_LINK, not {value!r}",
                    }},
                },
            },
        ],
    )

    http_types = e["apigatewayv2.IntegrationType"]
    assert set(HTTP_SUPPORTED_INTEGRATION_TYPES) <= set(http_types)
    rest_only = ["requestTemplates", "passthroughBehavior", "contentHandling", "cacheNamespace",
                 "cacheKeyParameters", "responses", "integrationTarget", "responseTransferMode"]
    pfv_1_only = {"properties": {"payloadFormatVersion": {
        "not": {"enum": ["2.0", 2.0]},
        "x-gwlint-kind": "conflicting-fields",
        "x-gwlint-message": "payloadFormatVersion {value!r} is only supported for Lambda proxy integrations; use \"1.0\"",
    }}}
    http_props: dict[str, Any] = {
        "type": enum(
            "integration type", http_types, "apigatewayv2.IntegrationType", case_insensitive=True,
            x_gwlint_supported={
                "values": HTTP_SUPPORTED_INTEGRATION_TYPES,
                "message": "HTTP APIs import only AWS_PROXY and HTTP_PROXY integrations; the import skips it with a warning",
            },
        ),
        "uri": string(minLength=ln["http.uri"][0], maxLength=ln["http.uri"][1]),
        "httpMethod": string(minLength=ln["http.httpMethod"][0], maxLength=ln["http.httpMethod"][1]),
        "credentials": string(),
        "connectionType": enum("connection type", e["apigatewayv2.ConnectionType"],
                               "apigatewayv2.ConnectionType"),
        "connectionId": string(minLength=ln["http.connectionId"][0], maxLength=ln["http.connectionId"][1]),
        "integrationSubtype": w(
            {"type": "string", "minLength": ln["http.integrationSubtype"][0],
             "maxLength": ln["http.integrationSubtype"][1]},
            title="integration subtype",
            x_gwlint_known={
                "values": HTTP_INTEGRATION_SUBTYPES,
                "message": "not a documented HTTP API integration subtype",
            },
        ),
        "payloadFormatVersion": version_string("payload format version", PAYLOAD_FORMAT_VERSIONS),
        "requestParameters": string_map(
            string(minLength=ln["http.requestParameterValue"][0], maxLength=ln["http.requestParameterValue"][1])
        ),
        "responseParameters": string_map(
            string_map(key_pattern=r"^(?:(?:append|overwrite|remove):header\.\S+|overwrite:statuscode)$",
                       key_format="append|overwrite|remove:header.NAME or overwrite:statuscode"),
            key_pattern=r"^[2-5][0-9][0-9]$",
            key_format="a status code from 200 to 599",
        ),
        "timeoutInMillis": integer(h_min, h_max, unit="ms"),
        "tlsConfig": obj({
            "serverNameToVerify": string(minLength=ln["http.serverNameToVerify"][0],
                                         maxLength=ln["http.serverNameToVerify"][1]),
            "insecureSkipVerification": only_for("rest", "tlsConfig.insecureSkipVerification"),
        }),
        # Only SAM's OpenApiEditor code path writes this (not documented by AWS); tolerated.
        "invokeMode": string(),
    }
    for field in rest_only:
        http_props[field] = only_for("rest", field)
    http = obj(
        http_props,
        required=["type"],
        title="integration",
        all_of=[
            requires({"not": {"required": ["integrationSubtype"]}}, ["uri"],
                     "{missing} is required unless integrationSubtype is set"),
            common_if_vpc(),
            {
                "if": {"required": ["integrationSubtype"]},
                "then": {"allOf": [
                    {"properties": {"type": {
                        "pattern": ci_pattern(["AWS_PROXY"]),
                        "x-gwlint-kind": "conflicting-fields",
                        "x-gwlint-message": "integrationSubtype needs an AWS_PROXY integration, not {value!r}",
                    }}},
                    pfv_1_only,
                ]},
            },
            {"if": string_const_if("type", ["HTTP_PROXY"], case_insensitive=True), "then": pfv_1_only},
        ],
    )
    return {"rest": rest, "http": http}


def authorizer_schemas(e: dict[str, list[str]], r: dict, ln: dict) -> dict[str, dict]:
    """REST and HTTP variants of x-amazon-apigateway-authorizer (research notes 1.2.2)."""
    ttl_min, ttl_max = r["authorizerResultTtlInSeconds"]
    assert (ttl_min, ttl_max) == (0, 3600), "update TTL_DIGITS below"
    # The docs type the TTL as "string" but examples use integers: accept both, same range.
    ttl_digits = r"^(?:[0-9]|[1-9][0-9]{1,2}|[1-2][0-9]{3}|3[0-5][0-9]{2}|3600)$"
    ttl = w(
        {"type": ["integer", "string"], "minimum": ttl_min, "maximum": ttl_max, "pattern": ttl_digits,
         "x-gwlint-format": f"a number of seconds from {ttl_min} to {ttl_max}"},
        title="authorizerResultTtlInSeconds", x_gwlint_unit="s",
    )
    rest = obj(
        {
            "type": enum("authorizer type", e["apigateway.AuthorizerType"], "apigateway.AuthorizerType",
                         case_insensitive=True),
            "authorizerUri": string(),
            "authorizerCredentials": string(),
            "identitySource": string(),
            "identityValidationExpression": string(),
            "authorizerResultTtlInSeconds": ttl,
            "providerARNs": string_list(minItems=1),
            "jwtConfiguration": only_for("http", "jwtConfiguration"),
            "authorizerPayloadFormatVersion": only_for("http", "authorizerPayloadFormatVersion"),
            "enableSimpleResponses": only_for("http", "enableSimpleResponses"),
        },
        required=["type"],
        title="authorizer",
        all_of=[
            # No identitySource requirement for TOKEN / COGNITO_USER_POOLS: on import the header comes
            # from the enclosing security scheme (type apiKey, in header, name), as in the AWS doc
            # example and SAM's output.
            requires(string_const_if("type", ["TOKEN", "REQUEST"], case_insensitive=True),
                     ["authorizerUri"], "{missing} is required for Lambda (TOKEN and REQUEST) authorizers"),
            requires(string_const_if("type", ["COGNITO_USER_POOLS"], case_insensitive=True),
                     ["providerARNs"], "{missing} is required for COGNITO_USER_POOLS authorizers"),
            # REQUEST: identitySource is required when caching is on; the TTL defaults to 300.
            requires(
                {"required": ["type"], "properties": {
                    "type": {"type": "string", "pattern": ci_pattern(["REQUEST"])},
                    "authorizerResultTtlInSeconds": {"not": {"enum": [0, "0"]}},
                }},
                ["identitySource"],
                "{missing} is required for a REQUEST authorizer with caching on "
                "(authorizerResultTtlInSeconds defaults to 300; set it to 0 to disable caching)",
            ),
            {
                "if": string_const_if("type", ["REQUEST"], case_insensitive=True),
                "then": {"properties": {"identityValidationExpression": report(
                    "ignored-field", "note", "identityValidationExpression is ignored for REQUEST authorizers",
                )}},
            },
        ],
    )
    http = obj(
        {
            "type": enum("authorizer type", e["apigatewayv2.AuthorizerType"], "apigatewayv2.AuthorizerType",
                         case_insensitive=True),
            "authorizerUri": string(minLength=ln["http.authorizerUri"][0], maxLength=ln["http.authorizerUri"][1]),
            "authorizerCredentials": string(),
            "identitySource": w({"type": ["string", "array"], "items": string()}, title="identitySource"),
            "authorizerResultTtlInSeconds": ttl,
            "jwtConfiguration": obj({
                "issuer": string(minLength=ln["http.jwtIssuer"][0], maxLength=ln["http.jwtIssuer"][1]),
                "audience": string_list(),
            }),
            "authorizerPayloadFormatVersion": version_string("authorizer payload format version",
                                                             PAYLOAD_FORMAT_VERSIONS),
            "enableSimpleResponses": boolean(),
            "identityValidationExpression": report(
                "ignored-for-api-type", "note", "identityValidationExpression is not used by HTTP APIs"
            ),
            "providerARNs": only_for("rest", "providerARNs"),
        },
        required=["type"],
        title="authorizer",
        all_of=[
            requires(string_const_if("type", ["REQUEST"], case_insensitive=True),
                     ["authorizerUri", "authorizerPayloadFormatVersion"],
                     "{missing} is required for HTTP API Lambda (REQUEST) authorizers"),
            {
                "if": {"required": ["enableSimpleResponses"], "properties": {"enableSimpleResponses": {"const": True}}},
                "then": {
                    "required": ["authorizerPayloadFormatVersion"],
                    "x-gwlint-message": "enableSimpleResponses needs {missing} \"2.0\"",
                    "properties": {"authorizerPayloadFormatVersion": {
                        "not": {"enum": ["1.0", 1.0]},
                        "x-gwlint-kind": "conflicting-fields",
                        "x-gwlint-message": "enableSimpleResponses needs authorizerPayloadFormatVersion \"2.0\", not {value!r}",
                    }},
                },
            },
        ],
    )
    return {"rest": rest, "http": http}


def build_schemas(enums: dict[str, list[str]], ranges: dict, lengths: dict,
                  status_pattern: str) -> dict[str, dict]:
    """File name -> schema, for every extension. Pure: no botocore, no file system."""
    e, r, ln = enums, ranges, lengths
    assert set(LEGACY_AUTH_TYPES) <= set(e["apigatewayv2.AuthorizationType"])
    schemas: dict[str, dict] = {}

    def add(suffix: str, **kw: Any) -> None:
        name = PREFIX + suffix
        schemas[name + ".json"] = variant_file(name, **kw)

    integ = integration_schemas(e, r, ln, status_pattern)
    add("integration", api_types=["rest", "http"], locations=["operation"],
        description="How API Gateway calls the backend of an operation (or of x-amazon-apigateway-any-method).",
        variants=integ)
    add("integrations", api_types=["http"], locations=["components"],
        description="Reusable integrations under components, referenced with "
                    "$ref: '#/components/x-amazon-apigateway-integrations/<name>' (HTTP APIs only).",
        variants={"http": w({"type": "object", "additionalProperties": {"$ref": "#/$defs/integration"}},
                            title="integrations")},
        extra_defs={"integration": copy.deepcopy(integ["http"])})
    add("authorizer", api_types=["rest", "http"], locations=["security-scheme"],
        description="A Lambda, Cognito (REST) or JWT (HTTP) authorizer, inside a security scheme.",
        variants=authorizer_schemas(e, r, ln))
    add("authtype", api_types=["rest", "http"], locations=["security-scheme"],
        description="A free-form authorizer label; awsSigv4 (any aws* value) means IAM authorization.",
        variants={"any": string(title="auth type")})
    add("auth", api_types=["rest"], locations=["operation"],
        legacy="a legacy extension: use a security scheme (x-amazon-apigateway-authtype: awsSigv4 for IAM) "
               "and per-operation security instead",
        description="Legacy per-operation authorization type (NONE or AWS_IAM, case-insensitive).",
        variants={"rest": obj({"type": enum("authorization type", LEGACY_AUTH_TYPES,
                                            None, case_insensitive=True,
                                            x_botocore_subset_of="apigatewayv2.AuthorizationType")},
                              required=["type"], title="auth")})
    add("any-method", api_types=["rest", "http"], locations=["path-item"],
        description="An OpenAPI Operation object for the catch-all ANY method. Nested extensions "
                    "(integration, request-validator, auth) are validated as for any operation.",
        variants={
            "rest": obj({"isDefaultRoute": only_for("http", "isDefaultRoute")}, closed=False, title="ANY method"),
            "http": obj({"isDefaultRoute": boolean()}, closed=False, title="ANY method"),
        })
    add("api-key-source", api_types=["rest"], locations=["root"],
        description="Where API keys for usage plans come from: the X-API-Key header or a Lambda authorizer.",
        variants={"rest": enum("API key source", e["apigateway.ApiKeySourceType"], "apigateway.ApiKeySourceType")})
    add("binary-media-types", api_types=["rest"], locations=["root"],
        description="Media types that the REST API treats as binary, e.g. image/png or */*.",
        variants={"rest": string_list(string(pattern=r"^[^/\s]+/[^/\s]+$",
                                             x_gwlint_format="a media type such as image/png"),
                                      title="binary media types")})
    cors_min, cors_max = r["cors.maxAge"]
    add("cors", api_types=["http"], locations=["root"],
        description="The CORS configuration of an HTTP API.",
        variants={"http": obj({
            "allowOrigins": string_list(),
            "allowCredentials": boolean(),
            "exposeHeaders": string_list(),
            "maxAge": integer(cors_min, cors_max, unit="s"),
            "allowMethods": string_list(string(minLength=ln["http.corsMethod"][0], maxLength=ln["http.corsMethod"][1])),
            "allowHeaders": string_list(),
        }, title="CORS configuration")})
    add("documentation", api_types=["rest"], locations=["root"],
        description="Documentation parts of a REST API.",
        variants={"rest": obj({
            "version": string(),
            "documentationParts": string_list(obj({
                "location": obj({
                    "type": enum("documentation part type", e["apigateway.DocumentationPartType"],
                                 "apigateway.DocumentationPartType"),
                    "path": string(),
                    "method": string(),
                    "statusCode": string(),
                    "name": string(),
                }, required=["type"]),
                "properties": w({"type": ["object", "string"]}),
            }, required=["location"], closed=False)),
        }, closed=False, title="documentation")})
    add("endpoint-configuration", api_types=["rest", "http"], locations=["root", "server"],
        description="Endpoint settings: at the root in Swagger 2.0, in each servers[] entry in OpenAPI 3. "
                    "ipAddressType: the extension page says HTTP only, but the REST API model has it too.",
        variants={
            "rest": obj({
                "disableExecuteApiEndpoint": boolean(),
                "vpcEndpointIds": string_list(string(pattern=r"^vpce-[0-9a-f]+$",
                                                     x_gwlint_format="a VPC endpoint id such as vpce-0123456789abcdef0")),
                "ipAddressType": enum("IP address type", e["apigateway.IpAddressType"], "apigateway.IpAddressType"),
            }, title="endpoint configuration"),
            "http": obj({
                "disableExecuteApiEndpoint": boolean(),
                "ipAddressType": enum("IP address type", e["apigatewayv2.IpAddressType"], "apigatewayv2.IpAddressType"),
                "vpcEndpointIds": only_for("rest", "vpcEndpointIds"),
            }, title="endpoint configuration"),
        })
    add("endpoint-access-mode", api_types=["rest"], locations=["root"],
        description="BASIC or STRICT; required when the security policy starts with SecurityPolicy_.",
        variants={"rest": enum("endpoint access mode", e["apigateway.EndpointAccessMode"], "apigateway.EndpointAccessMode")})
    add("security-policy", api_types=["rest"], locations=["root"],
        description="The TLS version and cipher suite of the REST API.",
        variants={"rest": enum("security policy", e["apigateway.SecurityPolicy"], "apigateway.SecurityPolicy")})
    add("gateway-responses", api_types=["rest"], locations=["root"],
        description="Customised gateway responses, keyed by gateway response type. Templates are not VTL: "
                    "only $context and $stageVariables substitution.",
        variants={"rest": w({
            "type": "object",
            "propertyNames": {"title": "gateway response type", "enum": e["apigateway.GatewayResponseType"],
                              "x-botocore": "apigateway.GatewayResponseType",
                              "x-gwlint-enum": e["apigateway.GatewayResponseType"]},
            "additionalProperties": obj({
                "statusCode": status_code(status_pattern),
                "responseParameters": string_map(
                    key_pattern=r"^gatewayresponse\.(?:header|path|querystring)\.\S+$",
                    key_format="gatewayresponse.header|path|querystring.NAME",
                ),
                "responseTemplates": string_map(),
            }, title="gateway response"),
        }, title="gateway responses")})
    add("importexport-version", api_types=["http"], locations=["root"],
        description="The HTTP API import/export algorithm version; only \"1.0\" exists.",
        variants={"http": enum("import/export version", IMPORTEXPORT_VERSIONS, None)})
    add("importer-version", api_types=["http"], locations=["root"],
        legacy="the HTTP API beta name of x-amazon-apigateway-importexport-version: use that instead",
        replaced_by=PREFIX + "importexport-version",
        description="HTTP API beta name (Dec 2019 - Mar 2020) of x-amazon-apigateway-importexport-version.",
        variants={"http": enum("importer version", IMPORTEXPORT_VERSIONS, None)})
    c_min, c_max = r["minimumCompressionSize"]
    add("minimum-compression-size", api_types=["rest"], locations=["root"],
        description="The smallest response body, in bytes, that the REST API compresses.",
        variants={"rest": integer(c_min, c_max, unit="bytes", title="minimum compression size")})
    add("policy", api_types=["rest"], locations=["root"],
        description="The REST API resource policy (an IAM policy document). Deeper checks belong to the "
                    "policy analyser; this only checks the shape.",
        variants={"rest": obj({
            "Version": string(),
            "Id": string(),
            "Statement": w({"type": ["object", "array"], "items": obj({
                "Effect": enum("policy effect", ["Allow", "Deny"], None),
            }, required=["Effect"], closed=False)}),
        }, required=["Statement"], closed=False, title="resource policy")})
    add("request-validators", api_types=["rest"], locations=["root"],
        description="Named request validators, referenced by x-amazon-apigateway-request-validator.",
        variants={"rest": w({"type": "object", "additionalProperties": obj({
            "validateRequestBody": boolean(),
            "validateRequestParameters": boolean(),
        }, title="request validator")}, title="request validators")})
    add("request-validator", api_types=["rest"], locations=["root", "operation"],
        description="The name of an entry in x-amazon-apigateway-request-validators (API default or per operation).",
        variants={"rest": string(title="request validator name", minLength=1)})
    add("tag-value", api_types=["http"], locations=["tag"],
        description="The value of the tag named by the enclosing tags[] entry (a tag without it gets \"\").",
        variants={"http": string(title="tag value", maxLength=ln["http.tagValue"][1])})
    return dict(sorted(schemas.items()))


def build_index(schemas: dict[str, dict], version: str) -> dict:
    """``_index.json``: extension name -> file and metadata, for ``known_extensions``."""
    extensions = {}
    for file_name, schema in schemas.items():
        meta = schema["x-gwlint-extension"]
        extensions[meta["name"]] = {
            "file": file_name,
            "apiTypes": meta["apiTypes"],
            "locations": meta["locations"],
            "legacy": meta["legacy"],
            **{k: meta[k] for k in ("legacyNote", "replacedBy") if k in meta},
            "description": schema["description"],
        }
    return {
        "$comment": "Generated by scripts/gen_extension_schemas.py. Do not edit.",
        "botocore": version,
        "extensions": extensions,
    }


def generate() -> dict[str, dict]:
    """Every output file name -> content, computed from the installed botocore."""
    models = load_models()
    schemas = build_schemas(extract_enums(models), extract_ranges(models), extract_lengths(models),
                            extract_status_code_pattern(models))
    return {**schemas, "_index.json": build_index(schemas, botocore_version())}


def dump(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale or missing files")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    files = generate()
    stale = []
    for name, data in files.items():
        path = args.out / name
        text = dump(data)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    known = set(files) | {"__init__.py"}
    extra = sorted(p.name for p in args.out.iterdir() if p.name not in known and p.suffix == ".json")
    if args.check:
        for name in stale:
            print(f"stale: {name}")
        for name in extra:
            print(f"not generated: {name}")
        return 1 if stale or extra else 0
    for name in stale:
        print(f"wrote {args.out / name}")
    for name in extra:
        print(f"warning: {args.out / name} is not generated by this script", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
