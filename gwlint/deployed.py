"""What a deployed stage serves, read from an export, compared with the source definition
(``gwlint check --deployed EXPORT [--deployed-api NAME]``).

The export is what ``aws apigateway get-export --export-type oas30 --parameters
extensions=apigateway`` (or ``swagger``, or ``aws apigatewayv2 export-api``) returns for a stage. It is
read with the same OpenAPI builder as a source definition, then compared route by route. What the
export changes is normalised before comparing:

- intrinsics in the source (``Fn::Sub`` of ``${AWS::Region}``, ``${Fn.Arn}``, ``Ref``) match the
  resolved text of the export: a pseudo parameter matches its format, a local function's ``Arn``
  matches a Lambda function ARN (with the function's name when the template gives ``FunctionName``),
  anything else matches any text;
- ``x-amazon-apigateway-any-method`` is ``ANY`` on both sides, paths match without a trailing ``/``,
  integration types and methods without case;
- policy ``Resource`` ARNs expanded by API Gateway (``arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*``)
  match the short form (``execute-api:/*``); scalars match one-element lists; statements, actions and
  list items match in any order; ``Sid`` and ``Version`` are ignored;
- stage variables (``${stageVariables.name}``) are kept as written on both sides;
- authorizers are matched by the name API Gateway knows (CloudFormation ``Name``, the SAM
  ``Authorizers`` key, the security scheme name); a TOKEN authorizer's header name matches
  ``method.request.header.<name>``.
"""

from __future__ import annotations

import json
import os
import re
from gwlint.record import dataclass, field
from typing import Any, Iterator

from gwlint.intrinsics import Ref, SymStr, Unknown, render, symbolic
from gwlint.model.elements import Api, Authorization, Integration, Operation
from gwlint.source import Pointer


class ExportError(Exception):
    """The export cannot be read, or is not an OpenAPI document (a usage error)."""


@dataclass
class Export:
    path: str
    api_name: str | None  # --deployed-api
    title: str | None
    stage: str | None  # from servers[].variables.basePath or basePath
    parts: Any  # gwlint.model.openapi.OpenApiParts
    operations: dict[tuple[str, str], Operation] = field(default_factory=dict)

    @property
    def label(self) -> str:
        name = os.path.basename(self.path)
        return f"the deployed stage '{self.stage}' ({name})" if self.stage else f"the deployed stage ({name})"

    def matches(self, api: Api) -> bool:
        if api.definition is not None and _same_file(api.definition.file, self.path):
            return False  # the export itself, found among the checked files
        if self.api_name:
            return self.api_name in (api.name, api.logical_id, api.key)
        return self.title is not None and api.name == self.title

    def no_match_message(self) -> str:
        if self.api_name:
            return (f"--deployed-api {self.api_name}: no API with that name or logical id in the checked files "
                    "(an implicit SAM API is ServerlessRestApi)")
        title = f"titled {self.title!r}" if self.title else "(the export has no info.title)"
        return (f"--deployed {self.path}: no API in the checked files is named like the export {title}; name the "
                "API with --deployed-api NAME (its name or logical id)")


def load_export(path: str, api_name: str | None = None, max_size: int = 20 * 1024 * 1024) -> Export:
    from gwlint.loaders import decode, parse_text, read_bytes
    from gwlint.model.functions import TemplateIndex
    from gwlint.model.openapi import build_openapi
    from gwlint.source import InputError

    try:
        document = parse_text(path, decode(read_bytes(path, max_size)))
    except InputError as exc:
        raise ExportError(f"--deployed {path}: {exc.message}") from None
    data = document.data
    if not (isinstance(data, dict) and isinstance(data.get("paths"), dict)
            and (isinstance(data.get("openapi"), str) or data.get("swagger") is not None)):
        raise ExportError(f"--deployed {path}: not an OpenAPI export (no openapi/swagger version and paths)")
    parts = build_openapi(data, Pointer(path), "(deployed)", None, TemplateIndex())
    info = data.get("info")
    title = info.get("title") if isinstance(info, dict) and isinstance(info.get("title"), str) else None
    export = Export(path=path, api_name=api_name, title=title, stage=_stage(data), parts=parts)
    for operation in parts.operations:
        export.operations.setdefault((operation.method, _path(operation.path)), operation)
    return export


def _stage(data: dict) -> str | None:
    servers = data.get("servers")
    for server in servers if isinstance(servers, list) else ():
        variables = server.get("variables") if isinstance(server, dict) else None
        base = variables.get("basePath") if isinstance(variables, dict) else None
        if isinstance(base, dict) and isinstance(base.get("default"), str):
            return base["default"].strip("/") or None
    if isinstance(data.get("basePath"), str):
        return data["basePath"].strip("/") or None
    return None


def _same_file(a: str, b: str) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def _path(path: str) -> str:
    return path.rstrip("/") if len(path) > 1 else path


# -- comparison -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Difference:
    pointer: Pointer
    message: str


def compare(model, api: Api, export: Export) -> Iterator[Difference]:
    """Every route, integration, authorizer and policy statement that differs, at its place in the source."""
    label = export.label
    source = {}
    for operation in api.operations:
        source.setdefault((operation.method, _path(operation.path)), operation)
    paths_pointer = api.definition / "paths" if api.definition is not None else api.pointer
    for key, operation in source.items():
        deployed = export.operations.get(key)
        if deployed is None:
            yield Difference(operation.pointer, (
                f"{label} does not serve {operation.route} yet: the source defines it, the export does not; "
                "deploy the API"))
            continue
        yield from _compare_operation(model, api, operation, deployed, label)
    for key, deployed in export.operations.items():
        if key not in source:
            yield Difference(paths_pointer, (
                f"{label} still serves {deployed.route}, which the source no longer defines; deploy the API to "
                "remove it"))
    yield from _compare_authorizers(model, api, export, label)
    yield from _compare_policies(model, api, export, label)


def _compare_operation(model, api: Api, source: Operation, deployed: Operation, label: str) -> Iterator[Difference]:
    differences = []
    if source.integration is not None and deployed.integration is not None:
        differences = _integration_differences(model, source.integration, deployed.integration)
        if differences:
            only_uri = all(d.startswith("uri") for d in differences)
            pointer = source.integration.pointer / source.integration.uri_key if only_uri else source.integration.pointer
            yield Difference(pointer, (
                f"{label} serves another integration for {source.route}: {'; '.join(differences)}; deploy the API"))
    elif source.integration is not None and deployed.integration is None:
        yield Difference(source.integration.pointer, (
            f"{label} serves {source.route} without this integration; deploy the API"))
    mine, theirs = _authorization(api, source.authorization), _authorization(None, deployed.authorization)
    if mine != theirs:
        yield Difference(source.pointer, (
            f"{label} authorizes {source.route} with {_describe_authorization(theirs)}, the source with "
            f"{_describe_authorization(mine)}; deploy the API"))


def _integration_differences(model, source: Integration, deployed: Integration) -> list[str]:
    found = []
    if source.type and deployed.type and source.type != deployed.type:
        found.append(f"type {deployed.type} instead of {source.type}")
    if source.http_method and deployed.http_method and source.http_method != deployed.http_method:
        found.append(f"integration method {deployed.http_method} instead of {source.http_method}")
    if source.uri and deployed.uri:
        text = render(deployed.uri[0])
        if not any(matches(model, alternative, text) for alternative in source.uri):
            theirs, mine = _trimmed(text, render(source.uri[0]))
            found.append(f"uri {theirs} instead of {mine}")
    elif bool(source.uri) != bool(deployed.uri) and source.type not in (None, "MOCK"):
        found.append("uri " + (f"{render(deployed.uri[0])} instead of none" if deployed.uri
                               else f"missing instead of {render(source.uri[0])}"))
    mine = (source.connection_type or "INTERNET").upper()
    theirs = (deployed.connection_type or "INTERNET").upper()
    if mine != theirs:
        found.append(f"connection type {theirs} instead of {mine}")
    return found


def _trimmed(a: str, b: str) -> tuple[str, str]:
    """Two texts without their common beginning (up to a `/` or `:`), to show where they differ."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    cut = max(a.rfind("/", 0, common), a.rfind(":", 0, common))
    if cut > 20:
        return "…" + a[cut:], "…" + b[cut:]
    return a, b


def _authorization(api: Api | None, authorization: Authorization) -> tuple:
    name = authorization.authorizer
    if api is not None and name is not None:
        found = next((a for a in api.authorizers if a.name == name), None)
        if found is not None and found.gateway_name:
            name = found.gateway_name
    kind = authorization.type or "NONE"
    return kind, name if kind in ("CUSTOM", "COGNITO_USER_POOLS", "JWT") else None, authorization.api_key_required


def _describe_authorization(value: tuple) -> str:
    kind, name, api_key = value
    text = {"NONE": "no authorization", "AWS_IAM": "IAM"}.get(kind, f"{kind} authorizer {name}" if name else kind)
    return text + (" and an API key" if api_key else "")


def _compare_authorizers(model, api: Api, export: Export, label: str) -> Iterator[Difference]:
    mine = {a.gateway_name or a.name: a for a in api.authorizers}
    theirs = {a.name: a for a in export.parts.authorizers}
    for name, authorizer in mine.items():
        deployed = theirs.get(name)
        if deployed is None:
            yield Difference(_where(authorizer), f"{label} has no authorizer {name} yet; deploy the API")
            continue
        differences = []
        if authorizer.type and deployed.type and _kind(authorizer.type) != _kind(deployed.type):
            differences.append(f"type {deployed.type} instead of {authorizer.type}")
        mine_source, their_source = _identity(authorizer), _identity(deployed)
        if mine_source is not None and their_source is not None and mine_source != their_source:
            differences.append(f"identity source {', '.join(their_source)} instead of {', '.join(mine_source)}")
        if isinstance(authorizer.ttl, int) and isinstance(deployed.ttl, int) and authorizer.ttl != deployed.ttl:
            differences.append(f"result TTL {deployed.ttl} s instead of {authorizer.ttl} s")
        if differences:
            yield Difference(_where(authorizer), f"{label} has another authorizer {name}: {'; '.join(differences)}; "
                                                 "deploy the API")
    for name in theirs:
        if name not in mine:
            yield Difference(api.pointer, f"{label} still has authorizer {name}, which the source no longer "
                                          "defines; deploy the API")


def _where(authorizer) -> Pointer:
    """The authorizer's resource (CloudFormation points at its Properties), scheme or SAM entry."""
    pointer = authorizer.pointer
    return pointer.parent if pointer.parts and pointer.parts[-1] == "Properties" else pointer


def _kind(value: str) -> str:
    return {"COGNITO_USER_POOLS": "COGNITO"}.get(value.upper(), value.upper())


def _identity(authorizer) -> tuple[str, ...] | None:
    value = authorizer.identity_source
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    elif isinstance(value, str):
        items = value.split(",")
    else:
        return None
    normal = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        if "." not in item and "$" not in item:  # SAM writes the header name of a TOKEN authorizer
            item = f"method.request.header.{item}"
        normal.append(item.lower())
    return tuple(sorted(normal))


# -- policies ---------------------------------------------------------------------------------------
def _compare_policies(model, api: Api, export: Export, label: str) -> Iterator[Difference]:
    mine = _statements(api.policy.document) if api.policy is not None else []
    theirs = _statements(export.parts.policy.document) if export.parts.policy is not None else []
    unmatched = list(range(len(theirs)))
    for position, statement in enumerate(mine):
        match = next((i for i in unmatched if _value_matches(model, statement.normal, theirs[i].normal)), None)
        if match is None:
            pointer = _statement_pointer(api, position)
            yield Difference(pointer, f"{label} does not enforce this policy statement yet ({_summary(statement)}); "
                                      "deploy the API")
        else:
            unmatched.remove(match)
    for index in unmatched:
        where = api.policy.pointer if api.policy is not None else api.pointer
        yield Difference(where, f"{label} still enforces a policy statement the source no longer has "
                                f"({_summary(theirs[index])}); deploy the API")


def _statement_pointer(api: Api, position: int) -> Pointer:
    document = api.policy.document
    if isinstance(document, dict) and isinstance(document.get("Statement"), list):
        return api.policy.pointer / "Statement" / position
    if isinstance(document, dict) and "Statement" in document:
        return api.policy.pointer / "Statement"
    return api.policy.pointer


def _statements(document: Any) -> list[dict]:
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return []
    statement = document.get("Statement") if isinstance(document, dict) else None
    items = statement if isinstance(statement, list) else [statement]
    return [_Statement(_normal_statement(item), item) for item in items if isinstance(item, dict)]


@dataclass(frozen=True)
class _Statement:
    normal: dict
    written: dict


def _normal_statement(statement: dict) -> dict:
    normal = {}
    for key, value in statement.items():
        if key == "Sid":
            continue
        if key == "Principal" and isinstance(value, dict) and set(value) == {"AWS"} and value["AWS"] in ("*", ["*"]):
            value = "*"
        if key in ("Action", "NotAction", "Resource", "NotResource") and not isinstance(value, list):
            value = [value]
        if key in ("Action", "NotAction"):
            value = [v.lower() if isinstance(v, str) else v for v in value]
        if key in ("Resource", "NotResource"):
            value = [_short_resource(v) for v in value]
        if key == "Condition" and isinstance(value, dict):
            value = {operator: {k.lower() if isinstance(k, str) else k: (v if isinstance(v, list) else [v])
                                for k, v in block.items()} if isinstance(block, dict) else block
                     for operator, block in value.items()}
        normal[key] = value
    return normal


_PIECE = r"(?:[^:\x00]|\x00\d+\x00)*"  # text, or a whole intrinsic placeholder (gwlint.intrinsics.to_pattern_text)
_EXECUTE_API_ARN = re.compile(rf"^arn:{_PIECE}:execute-api:{_PIECE}:{_PIECE}:(?:[^/\x00]|\x00\d+\x00)*")


def _short_resource(value: Any) -> Any:
    """`arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*/GET/x` -> `execute-api:/*/GET/x`, on
    literal text and on symbolic values alike (intrinsic parts are kept)."""
    from gwlint.intrinsics import from_pattern_text, to_pattern_text

    if isinstance(value, str):
        return _EXECUTE_API_ARN.sub("execute-api:", value)
    alternatives = symbolic(value)
    if len(alternatives) != 1:
        return value
    text, symbols = to_pattern_text(alternatives[0])
    shortened = _EXECUTE_API_ARN.sub("execute-api:", text)
    if shortened == text:
        return value
    return _Symbolic(from_pattern_text(shortened, symbols))


@dataclass(frozen=True)
class _Symbolic:
    """A source value with intrinsic parts, already normalised."""

    value: SymStr


def _value_matches(model, mine: Any, theirs: Any) -> bool:
    if isinstance(mine, _Symbolic):
        return isinstance(theirs, str) and matches(model, mine.value, theirs)
    if isinstance(mine, dict) and not _is_intrinsic(mine):
        return (isinstance(theirs, dict) and set(mine) == set(theirs)
                and all(_value_matches(model, mine[k], theirs[k]) for k in mine))
    if isinstance(mine, list):
        if not isinstance(theirs, list):
            return len(mine) == 1 and _value_matches(model, mine[0], theirs)
        if len(mine) != len(theirs):
            return False
        remaining = list(theirs)
        for item in mine:
            match = next((i for i, other in enumerate(remaining) if _value_matches(model, item, other)), None)
            if match is None:
                return False
            remaining.pop(match)
        return True
    if isinstance(theirs, list) and len(theirs) == 1:
        return _value_matches(model, mine, theirs[0])
    if _is_intrinsic(mine):
        return isinstance(theirs, str) and any(matches(model, alt, theirs) for alt in symbolic(mine))
    if isinstance(mine, (bool, int, float)) or isinstance(theirs, (bool, int, float)):
        return str(mine).lower() == str(theirs).lower()
    return mine == theirs


def _is_intrinsic(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in (
        "Ref", "Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::If", "Fn::ImportValue", "Fn::FindInMap", "Fn::Select")


def _summary(statement: "_Statement", limit: int = 160) -> str:
    text = json.dumps(statement.written, sort_keys=True, default=str)
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- symbolic text against resolved text ------------------------------------------------------------
_PSEUDO = {
    "AWS::Region": r"[a-z]{2}(?:-[a-z]+)+-\d",
    "AWS::Partition": r"aws(?:-[a-z]+)*",
    "AWS::AccountId": r"\d{12}",
    "AWS::URLSuffix": r"amazonaws\.com(?:\.cn)?",
}


def matches(model, value: SymStr, text: str) -> bool:
    """Whether resolved ``text`` can be what the symbolic ``value`` evaluates to."""
    pattern = []
    for part in value:
        if isinstance(part, str):
            pattern.append(re.escape(part))
        elif isinstance(part, Ref):
            pattern.append(_ref_pattern(model, part))
        elif isinstance(part, Unknown):
            pattern.append(".*?")
    try:
        return re.fullmatch("".join(pattern), text, re.S) is not None
    except re.error:  # pragma: no cover - every piece is escaped or fixed
        return False


def _ref_pattern(model, ref: Ref) -> str:
    if ref.name in _PSEUDO and ref.attribute is None:
        return _PSEUDO[ref.name]
    function = next((f for f in model.functions if f.logical_id == ref.name), None) if model is not None else None
    if function is not None and ref.attribute == "Arn":
        name = re.escape(function.function_name) if function.function_name else r"[^:/]+"
        return rf"arn:aws(?:-[a-z]+)*:lambda:[a-z0-9-]+:\d{{12}}:function:{name}"
    return r".+?"
