"""Where the ``x-amazon-apigateway-*`` extensions of a model's OpenAPI definitions are, and what the
schema validator says about each one.

Every API of the model that has a definition (``Api.definition``: a standalone file, a ``RestApi`` /
``AWS::ApiGatewayV2::Api`` ``Body``, a SAM ``DefinitionBody``, or a linked file) is walked once; each
extension key becomes an :class:`Occurrence` with its location (root, path item, operation, security
scheme, components, server, tag, or elsewhere), the operation around it, and a pointer to the key.
:func:`schema_problems` validates every occurrence that sits where API Gateway reads it with
:func:`gwlint.analysis.extension_schemas.validate_extension` and sorts each problem into the rule that
reports it (:func:`category`). Results are computed once per model and shared by the rules (GW12x,
GW13x, GW22x, GW63x).

Also here: small helpers those rules share (local ``$ref`` resolution, declared parameters, the
identity of an ARN in a symbolic string).
"""

from __future__ import annotations

import re
from gwlint.record import dataclass, field
from typing import Any, Iterator

from gwlint.source import Pointer

PREFIX = "x-amazon-apigateway-"
INTEGRATION = "x-amazon-apigateway-integration"
INTEGRATIONS = "x-amazon-apigateway-integrations"
AUTHORIZER = "x-amazon-apigateway-authorizer"
ANY_METHOD = "x-amazon-apigateway-any-method"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

#: Rule categories (see :func:`category`).
UNKNOWN, LEGACY, API_TYPE, IGNORED, QUOTA = "unknown", "legacy", "api-type", "ignored", "quota"
INTEGRATION_INVALID, MAPPING, AUTHORIZER_INVALID, OTHER_INVALID = "integration", "mapping", "authorizer", "invalid"

_KEY_KINDS = {"unknown-extension", "legacy-extension", "not-for-api-type", "ignored-for-api-type",
              "ignored-field", "missing-field", "unknown-field"}
_LOCATION_LABELS = {
    "root": "the document root", "path-item": "a path item", "operation": "an operation",
    "security-scheme": "a security scheme", "components": "components", "server": "a servers[] entry",
    "tag": "a tags[] entry",
}


@dataclass(frozen=True)
class Definition:
    """One OpenAPI document an API is built from (one branch when the whole body is an ``Fn::If``)."""

    api: Any  # gwlint.model.Api
    kind: str  # "rest" or "http"
    data: dict
    pointer: Pointer
    intrinsics: bool  # intrinsic functions are accepted: not a DefinitionUri / BodyS3Location file
    declared: bool  # the API type comes from a template resource, not from a guess

    @property
    def swagger(self) -> bool:
        return "swagger" in self.data and "openapi" not in self.data

    @property
    def rest(self) -> bool:
        return self.kind == "rest"


@dataclass(frozen=True)
class OperationContext:
    path: str
    method: str  # upper case; ANY for x-amazon-apigateway-any-method
    data: dict
    pointer: Pointer
    path_item: dict
    path_item_pointer: Pointer

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Occurrence:
    name: str  # the key as written
    value: Any
    pointer: Pointer  # the key
    location: str  # root, path-item, operation, security-scheme, components, server, tag, other
    definition: Definition
    operation: OperationContext | None = None
    container: Any = None  # the object that holds the key (a security scheme, a server, ...)

    @property
    def known(self) -> bool:
        from gwlint.analysis.extension_schemas import extension_info

        return extension_info(self.name) is not None

    @property
    def placed(self) -> bool:
        """Whether the extension is known and sits where API Gateway reads it."""
        from gwlint.analysis.extension_schemas import extension_info

        info = extension_info(self.name)
        return info is not None and self.location in info.locations


@dataclass(frozen=True)
class LocatedProblem:
    occurrence: Occurrence
    pointer: Pointer
    message: str
    kind: str
    category: str
    at: str = "key"
    path: tuple = field(default=())


# -- definitions ---------------------------------------------------------------------------------
def definitions(model: Any) -> list[Definition]:
    return _cached(model, "definitions", lambda: list(_definitions(model)))


def _definitions(model: Any) -> Iterator[Definition]:
    from gwlint.model.elements import ApiKind, Origin
    from gwlint.model.openapi import if_branches

    seen: set = set()
    for api in model.apis:
        if api.definition is None or api.kind not in (ApiKind.REST, ApiKind.HTTP):
            continue
        data = model.data_at(api.definition)
        standalone = api.origin is Origin.OPENAPI and api.pointer.file == api.definition.file
        # Intrinsics are resolved in an inline Body / DefinitionBody and through AWS::Include, and not in a
        # DefinitionUri / BodyS3Location file (uploaded as is). A file no template references may be
        # inlined by a tool gwlint does not see (Serverless Framework, CDK): accepted too.
        intrinsics = standalone or bool(api.definition.parts) or _included(model, api)
        kind = "rest" if api.kind is ApiKind.REST else "http"
        for branch, pointer in if_branches(data, api.definition):
            key = (pointer, kind)
            if key in seen:
                continue
            seen.add(key)
            yield Definition(api=api, kind=kind, data=branch, pointer=pointer, intrinsics=intrinsics,
                             declared=not standalone)


def _included(model: Any, api: Any) -> bool:
    """A linked definition that CloudFormation reads through ``AWS::Include`` (intrinsics resolved),
    rather than ``DefinitionUri`` / ``BodyS3Location`` (uploaded as is)."""
    properties = model.data_at(api.pointer / "Properties")
    if not isinstance(properties, dict):
        return False
    for name in ("Body", "DefinitionBody"):
        value = properties.get(name)
        if isinstance(value, dict) and "Fn::Transform" in value:
            return True
    return False


# -- occurrences ---------------------------------------------------------------------------------
def is_extension(key: Any) -> bool:
    return isinstance(key, str) and key.lower().startswith(PREFIX)


def occurrences(model: Any) -> list[Occurrence]:
    return _cached(model, "occurrences", lambda: [o for d in definitions(model) for o in _walk(d)])


def operations(definition: Definition) -> Iterator[OperationContext]:
    """Every operation of a definition, through ``Fn::If`` branches (as the model builder reads them)."""
    from gwlint.model.openapi import if_branches

    paths = definition.data.get("paths")
    if not isinstance(paths, dict):
        return
    for path, path_item in paths.items():
        for item, item_pointer in if_branches(path_item, definition.pointer / "paths" / path):
            for key, value in item.items():
                lower = key.lower() if isinstance(key, str) else ""
                if lower == ANY_METHOD:
                    method = "ANY"
                elif lower in HTTP_METHODS:
                    method = lower.upper()
                else:
                    continue
                for operation, pointer in if_branches(value, item_pointer / key):
                    yield OperationContext(path=str(path), method=method, data=operation, pointer=pointer,
                                           path_item=item, path_item_pointer=item_pointer)


def _walk(definition: Definition) -> Iterator[Occurrence]:
    from gwlint.model.openapi import if_branches

    data, root = definition.data, definition.pointer
    found: dict[Pointer, Occurrence] = {}

    def add(key: str, value: Any, pointer: Pointer, location: str, operation=None, container=None) -> None:
        found.setdefault(pointer, Occurrence(key, value, pointer, location, definition, operation, container))

    for key, value in data.items():
        if is_extension(key):
            add(key, value, root / key, "root", container=data)
    paths = data.get("paths")
    if isinstance(paths, dict):
        for path, path_item in paths.items():
            for item, item_pointer in if_branches(path_item, root / "paths" / path):
                for key, value in item.items():
                    if is_extension(key):
                        add(key, value, item_pointer / key, "path-item", container=item)
    for operation in operations(definition):
        for key, value in operation.data.items():
            if is_extension(key):
                add(key, value, operation.pointer / key, "operation", operation, operation.data)
    for scheme, pointer in security_schemes(definition):
        for key, value in scheme.items():
            if is_extension(key):
                add(key, value, pointer / key, "security-scheme", container=scheme)
    components = data.get("components")
    if isinstance(components, dict):
        for key, value in components.items():
            if is_extension(key):
                add(key, value, root / "components" / key, "components", container=components)
    for section, location in (("servers", "server"), ("tags", "tag")):
        entries = data.get(section)
        if isinstance(entries, list):
            for index, entry in enumerate(entries):
                if isinstance(entry, dict):
                    for key, value in entry.items():
                        if is_extension(key):
                            add(key, value, root / section / index / key, location, container=entry)
    # Anything else, anywhere: an extension API Gateway does not read where it is written.
    skip = {o.pointer for o in found.values() if o.name.lower() != ANY_METHOD}
    for key, value, pointer, container in _deep(data, root, skip):
        add(key, value, pointer, "other", container=container)
    yield from found.values()


def _deep(node: Any, pointer: Pointer, skip: set, depth: int = 0) -> Iterator[tuple[str, Any, Pointer, Any]]:
    if depth > 64:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            where = pointer / key
            if where in skip:
                continue
            if is_extension(key):
                yield key, value, where, node
                if key.lower() != ANY_METHOD:
                    continue
            yield from _deep(value, where, skip, depth + 1)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _deep(value, pointer / index, skip, depth + 1)


def security_schemes(definition: Definition) -> Iterator[tuple[dict, Pointer]]:
    data, root = definition.data, definition.pointer
    legacy = data.get("securityDefinitions")
    if isinstance(legacy, dict):
        for name, scheme in legacy.items():
            if isinstance(scheme, dict):
                yield scheme, root / "securityDefinitions" / name
    components = data.get("components")
    if isinstance(components, dict) and isinstance(components.get("securitySchemes"), dict):
        for name, scheme in components["securitySchemes"].items():
            if isinstance(scheme, dict):
                yield scheme, root / "components" / "securitySchemes" / name


def location_label(location: str) -> str:
    return _LOCATION_LABELS.get(location, location)


# -- schema problems -----------------------------------------------------------------------------
def schema_problems(model: Any) -> list[LocatedProblem]:
    return _cached(model, "schema_problems", lambda: list(_schema_problems(model)))


def _schema_problems(model: Any) -> Iterator[LocatedProblem]:
    from gwlint.analysis.extension_schemas import validate_extension

    for occurrence in occurrences(model):
        if occurrence.known and not occurrence.placed:
            continue  # reported as misplaced by GW130; its value is not read
        value = occurrence.value
        if occurrence.name == INTEGRATION and is_ref(value):
            continue  # $ref integrations: GW120 reports them, the target is validated under components
        problems = validate_extension(occurrence.name, value, occurrence.definition.kind,
                                      allow_intrinsics=occurrence.definition.intrinsics)
        for problem in problems:
            if problem.kind == "unknown-extension":
                continue  # GW130 reports unknown names itself, with its location
            if any(is_extension(part) for part in problem.path):
                continue  # inside a nested extension (an any-method's integration): validated on its own
            yield LocatedProblem(
                occurrence=occurrence,
                pointer=occurrence.pointer / problem.path if problem.path else occurrence.pointer,
                message=_message(occurrence, problem),
                kind=problem.kind,
                category=category(occurrence.name, problem.kind, problem.path),
                at=_at(problem, value),
                path=problem.path,
            )


def category(name: str, kind: str, path: tuple = ()) -> str:
    """Which rule reports a schema problem: by kind for warnings and notes, by extension for errors."""
    if kind in ("unknown-extension", "unknown-field", "unrecognized-value"):
        return UNKNOWN
    if kind == "legacy-extension":
        return LEGACY
    if kind in ("not-for-api-type", "unsupported-value"):
        return API_TYPE
    if kind in ("ignored-for-api-type", "ignored-field"):
        return IGNORED
    if kind == "above-default-maximum":
        return QUOTA
    if name in (INTEGRATION, INTEGRATIONS):
        if any(part in ("requestParameters", "responseParameters") for part in path):
            return MAPPING
        return INTEGRATION_INVALID
    if name == AUTHORIZER:
        return AUTHORIZER_INVALID
    if name == "x-amazon-apigateway-gateway-responses" and "responseParameters" in path:
        return MAPPING
    return OTHER_INVALID


def _at(problem: Any, value: Any) -> str:
    if problem.kind in _KEY_KINDS or not problem.path:
        return "key"
    last = problem.path[-1]
    if isinstance(last, str) and repr(last) in problem.message:
        return "key"  # a bad map key (gateway response type, mapping key)
    return "value"


def _message(occurrence: Occurrence, problem: Any) -> str:
    text = problem.message
    where = occurrence.operation.route if occurrence.operation else None
    if where and occurrence.name == INTEGRATION:
        return f"integration of {where}: {text}"
    if occurrence.name == AUTHORIZER and occurrence.pointer.parts:
        return f"authorizer {occurrence.pointer.parts[-2]!r}: {text}"
    if occurrence.name in text:
        return text
    return f"{occurrence.name}: {text}"


# -- shared helpers ------------------------------------------------------------------------------
def is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def resolve_ref(definition: Definition, value: Any, depth: int = 0) -> Any:
    """``value`` with a local ``$ref`` (``#/...``) followed; None when it cannot be resolved."""
    if not is_ref(value):
        return value
    if depth > 8:
        return None
    ref = value["$ref"]
    if not ref.startswith("#/"):
        return None
    node: Any = definition.data
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return resolve_ref(definition, node, depth + 1)


def declared_parameters(definition: Definition, operation: OperationContext) -> dict[str, set[str]] | None:
    """``{"path": {...}, "query": {...}, "header": {...}}`` declared on the operation or its path item;
    None when a parameter cannot be read (an external ``$ref``, an intrinsic), so callers stay quiet."""
    declared: dict[str, set[str]] = {"path": set(), "query": set(), "header": set()}
    for container in (operation.path_item, operation.data):
        parameters = container.get("parameters")
        if parameters is None:
            continue
        if not isinstance(parameters, list):
            return None
        for parameter in parameters:
            parameter = resolve_ref(definition, parameter)
            if not isinstance(parameter, dict):
                return None
            where, name = parameter.get("in"), parameter.get("name")
            if not isinstance(where, str) or not isinstance(name, str):
                return None
            if where in declared:
                declared[where].add(name.lower() if where == "header" else name)
    return declared


def status_key(responses: Any, status: Any) -> Any:
    """The key of ``responses`` for a status code written as a string or a number, or None."""
    if not isinstance(responses, dict):
        return None
    for key in responses:
        if str(key) == str(status):
            return key
    return None


_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
MARK = "\x00"


def uri_texts(value: Any, intrinsics: bool) -> list[tuple[str, Any]]:
    """The texts a URI-like value may take, with every part that is not known statically (a ``Ref``,
    a ``GetAtt``, an import-time ``${AWS::Region}``, a ``${stageVariables.x}``, a template placeholder)
    replaced by :data:`MARK`; each with its symbolic form (None for a literal string)."""
    from gwlint.intrinsics import symbolic

    if isinstance(value, str):
        return [(_PLACEHOLDER.sub(MARK, value), None)]
    if not intrinsics or not isinstance(value, dict):
        return []
    out = []
    for alternative in symbolic(value):
        text = "".join(_PLACEHOLDER.sub(MARK, part) if isinstance(part, str) else MARK for part in alternative)
        out.append((text, alternative))
    return out


# -- cache ---------------------------------------------------------------------------------------
_CACHE: dict[str, Any] = {"model": None, "values": {}}


def _cached(model: Any, name: str, compute):
    """Results for the model being checked (the engine runs every rule on one model, then the next)."""
    if _CACHE["model"] is not model:
        _CACHE["model"] = model
        _CACHE["values"] = {}
    values = _CACHE["values"]
    if name not in values:
        values[name] = compute()
    return values[name]


# -- ARNs in integration and authorizer URIs ------------------------------------------------------
#: Region prefixes of the partitions other than ``aws``.
_PARTITION_REGIONS = {"aws-cn": ("cn-",), "aws-us-gov": ("us-gov-",), "aws-iso": ("us-iso-",),
                      "aws-iso-b": ("us-isob-",), "aws-iso-e": ("eu-isoe-",), "aws-iso-f": ("us-isof-",),
                      "aws-eusc": ("eusc-",)}
PARTITIONS = ("aws", *_PARTITION_REGIONS)
_REGION = re.compile(r"^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$")
_LAMBDA_PATH = re.compile(r"^path/(?P<date>[^/]*)/functions/(?P<function>.+)/(?:response-streaming-)?invocations/?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ACCOUNT = re.compile(r"^\d{12}$")


def literal_text(text: str) -> bool:
    return MARK not in text


def _partition_of(region: str) -> str:
    for partition, prefixes in _PARTITION_REGIONS.items():
        if region.startswith(prefixes):
            return partition
    return "aws"


def arn_fields_problem(partition: str, region: str, what: str) -> str | None:
    """A problem with the partition and region of an ARN (only literal fields are judged)."""
    if literal_text(partition) and partition not in PARTITIONS:
        return f"{what} has an unknown partition {partition!r} (expected one of {', '.join(PARTITIONS)})"
    if literal_text(region):
        if not _REGION.match(region):
            return f"{what} has an invalid region {region!r} (API Gateway answers 'Invalid ARN specified in the request')"
        if literal_text(partition) and _partition_of(region) != partition:
            return (f"{what} puts region {region!r} in partition {partition!r}; {region!r} belongs to "
                    f"{_partition_of(region)!r} (API Gateway answers 'Invalid ARN specified in the request')")
    return None


def invoke_uri_problem(text: str, *, plain_lambda: bool, what: str = "the URI") -> str | None:
    """The first problem of an ``arn:...:apigateway:...`` (or plain Lambda) ARN in ``text`` (a
    :func:`uri_texts` text), or None. ``plain_lambda`` says whether a plain Lambda ARN is accepted."""
    if not text.startswith("arn:"):
        return None
    fields = text.split(":", 5)
    if len(fields) < 6:
        if literal_text(text):
            return f"{what} {text!r} is not a complete ARN"
        return None
    _, partition, service, region, fourth, rest = fields
    if not literal_text(service):
        return None
    if service == "apigateway":
        problem = arn_fields_problem(partition, region, what)
        if problem:
            return problem
        if not (rest.startswith(("path/", "action/")) or rest.startswith(MARK)):
            return (f"{what} is an API Gateway service ARN without 'path/' or 'action/' after the service "
                    f"{fourth!r} (API Gateway answers 'AWS ARN for integration must contain path or action')")
        if fourth == "lambda" and rest.startswith("path/"):
            match = _LAMBDA_PATH.match(rest)
            if match is None:
                if literal_text(rest):
                    return (f"{what} is not a Lambda invocation path: expected "
                            "lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations")
                return None
            if literal_text(match.group("date")) and not _DATE.match(match.group("date")):
                return f"{what} has an invalid Lambda API version {match.group('date')!r} (expected 2015-03-31)"
            return _lambda_arn_problem(match.group("function"), partition, region, what)
        return None
    if service == "lambda":
        if not plain_lambda:
            return plain_lambda_message(what)
        return _lambda_arn_problem(text, None, None, what)
    return None


def _lambda_arn_problem(arn: str, partition: str | None, region: str | None, what: str) -> str | None:
    if not arn.startswith("arn:"):
        return None
    fields = arn.split(":", 6)
    if len(fields) < 7:
        if literal_text(arn):
            return f"{what} names {arn!r}, which is not a complete Lambda function ARN"
        return None
    _, fn_partition, service, fn_region, account, resource, _name = fields
    label = f"the Lambda function ARN in {what}"
    if literal_text(service) and service != "lambda":
        return f"{what} invokes {arn!r}, which is not a Lambda function ARN"
    if literal_text(resource) and resource != "function":
        return f"{what} invokes {arn!r}, which is not a Lambda function ARN (expected ':function:')"
    problem = arn_fields_problem(fn_partition, fn_region, label)
    if problem:
        return problem
    if partition is not None and literal_text(partition) and literal_text(fn_partition) and partition != fn_partition:
        return (f"{what} is in partition {partition!r} but the function ARN is in {fn_partition!r} "
                "(API Gateway answers 'Invalid ARN specified in the request')")
    if region is not None and literal_text(region) and literal_text(fn_region) and region != fn_region:
        return (f"{what} calls Lambda in {region!r} but the function is in {fn_region!r}: the region after "
                "'apigateway:' must be the function's region")
    if literal_text(account) and not _ACCOUNT.match(account):
        hint = " (a leading zero lost to a number conversion?)" if account.isdigit() and len(account) < 12 else ""
        return (f"{what} names account {account!r}, which is not a 12-digit account id{hint}; API Gateway "
                "answers 'Lambda function ARN must be in same account'")
    return None


def plain_lambda_message(what: str = "the URI") -> str:
    answer = (" (API Gateway answers 'AWS ARN for integration must contain path or action')"
              if what == "the URI" else "")
    return (f"{what} is a plain Lambda function ARN: REST APIs need "
            f"arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations{answer}")


def names_lambda_arn(model: Any, alternative: Any) -> bool:
    """A symbolic value that is the ARN of a Lambda function of the template (``!GetAtt Fn.Arn``,
    ``!Ref Fn.Alias``, ``!Ref Alias``)."""
    from gwlint.intrinsics import Ref

    if not alternative or len(alternative) != 1 or not isinstance(alternative[0], Ref):
        return False
    ref = alternative[0]
    functions = {function.logical_id for function in model.functions}
    if ref.attribute in ("Arn", "Alias") and ref.name in functions:
        return True
    return False


def cors_pointer(model: Any, api: Any, key: str | None = None) -> Pointer | None:
    """Where ``Api.cors`` (or its field ``key``) is written: the resource's property, or SAM ``Globals``
    when the value comes from there; the resource's property when neither exists as such."""
    pointer = api.cors_pointer
    if pointer is None:
        return None
    local = pointer / key if key else pointer
    if model.data_at(local) is not None:
        return local
    section = "HttpApi" if pointer.parts[-1] == "CorsConfiguration" else "Api"
    inherited = Pointer(pointer.file, ("Globals", section, pointer.parts[-1]) + ((key,) if key else ()))
    return inherited if model.data_at(inherited) is not None else local
