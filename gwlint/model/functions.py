"""Which Lambda function a value names: a `Ref`, a `GetAtt`, a name, an ARN, an alias or version,
a `Fn::Sub` integration URI."""

from __future__ import annotations

import re
from typing import Any, Mapping

from gwlint.intrinsics import Ref, SymStr, from_pattern_text, render, symbolic, to_pattern_text
from gwlint.model.elements import FunctionRef, make

FUNCTION_TYPES = {"AWS::Lambda::Function", "AWS::Serverless::Function"}
ALIAS_TYPES = {"AWS::Lambda::Alias", "AWS::Lambda::Version"}

_LAMBDA_PATH = re.compile(
    r"^arn:[^:]*:apigateway:[^:]*:lambda:path/\d{4}-\d{2}-\d{2}/functions/(?P<function>.+?)/"
    r"(?:response-streaming-)?invocations/?$"
)
_FUNCTION_ARN = re.compile(
    r"^arn:[^:]*:lambda:[^:]*:[^:]*:function:(?P<name>[^:]+)(?::(?P<qualifier>[^:]+))?$"
)
_PARTIAL_ARN = re.compile(r"^(?:[0-9]{12}|\x00\d+\x00):function:(?P<name>[^:]+)(?::(?P<qualifier>[^:]+))?$")
_NAME = re.compile(r"^(?P<name>[^:]+)(?::(?P<qualifier>[^:]+))?$")


class TemplateIndex:
    """What the function resolution needs to know about a template: resources and parameters."""

    def __init__(self, resources: Mapping[str, Any] | None = None, parameters: Mapping[str, Any] | None = None,
                 function_globals: Mapping[str, Any] | None = None):
        self.resources = resources or {}
        self.parameters = parameters or {}
        self.function_globals = function_globals or {}  # SAM Globals.Function

    def auto_publish_alias(self, logical_id: str) -> str | None:
        """The alias SAM publishes for a function (``AutoPublishAlias``, or from ``Globals``), as text."""
        resource = self.resources.get(logical_id)
        properties = resource.get("Properties") if isinstance(resource, dict) else None
        value = properties.get("AutoPublishAlias") if isinstance(properties, dict) else None
        if value is None:
            value = self.function_globals.get("AutoPublishAlias")
        if value is None:
            return None
        return value if isinstance(value, str) else render(symbolic(value)[0])

    def resource_type(self, logical_id: str) -> str | None:
        resource = self.resources.get(logical_id)
        if isinstance(resource, dict) and isinstance(resource.get("Type"), str):
            return resource["Type"]
        return None

    def base_function(self, logical_id: str) -> tuple[str | None, str | None]:
        """(function logical id, qualifier) for a function, alias or version resource."""
        kind = self.resource_type(logical_id)
        if kind in FUNCTION_TYPES:
            return logical_id, None
        if kind in ALIAS_TYPES:
            properties = self.resources[logical_id].get("Properties")
            properties = properties if isinstance(properties, dict) else {}
            target = symbolic(properties.get("FunctionName"))[0]
            # A version's qualifier is a number known only once published; an alias's Name may be an intrinsic.
            # Either way it is qualified: unknown text in the form ${...}, never None (the unqualified function).
            name = properties.get("Name")
            if kind != "AWS::Lambda::Alias":
                qualifier = f"${{{logical_id}.Version}}"
            else:
                qualifier = name if isinstance(name, str) else render(symbolic(name)[0]) if name is not None else None
            if len(target) == 1 and isinstance(target[0], Ref) and self.resource_type(target[0].name) in FUNCTION_TYPES:
                return target[0].name, qualifier
        return None, None


def function_from_value(value: Any, index: TemplateIndex) -> FunctionRef | None:
    """A permission's FunctionName or an authorizer's function ARN, in any form."""
    alternatives = symbolic(value)
    return function_from_symbolic(alternatives[0], index) if alternatives else None


def function_from_symbolic(value: SymStr, index: TemplateIndex) -> FunctionRef | None:
    text = render(value)
    if not value:
        return None
    if len(value) == 1 and isinstance(value[0], Ref):
        return _from_ref(value[0], index, None, text)
    pattern, symbols = to_pattern_text(value)
    for regex in (_FUNCTION_ARN, _PARTIAL_ARN, _NAME):
        match = regex.match(pattern)
        if match:
            name = from_pattern_text(match.group("name"), symbols)
            qualifier_text = match.group("qualifier")
            qualifier = render(from_pattern_text(qualifier_text, symbols)) if qualifier_text else None
            if len(name) == 1 and isinstance(name[0], Ref):
                return _from_ref(name[0], index, qualifier, text)
            if len(name) == 1 and isinstance(name[0], str):
                arn = text if regex is _FUNCTION_ARN and all(isinstance(p, str) for p in value) else None
                return make(FunctionRef, name=name[0], arn=arn, qualifier=qualifier, text=text)
            return make(FunctionRef, text=text, qualifier=qualifier)
    return make(FunctionRef, text=text)


def _from_ref(ref: Ref, index: TemplateIndex, qualifier: str | None, text: str) -> FunctionRef:
    if ref.name in index.parameters:
        return make(FunctionRef, parameter=ref.name, qualifier=qualifier, text=text)
    if ref.attribute is None and ref.name.endswith((".Alias", ".Version")):  # SAM: `!Ref Fn.Alias` / `!Ref Fn.Version`
        ref = Ref(*ref.name.rsplit(".", 1))
    if ref.attribute == "Version" and index.resource_type(ref.name) == "AWS::Serverless::Function":
        return make(FunctionRef, logical_id=ref.name, qualifier=qualifier or f"${{{ref.name}.Version}}", text=text)
    if ref.attribute == "Alias":  # SAM AutoPublishAlias: !Ref Fn.Alias
        return make(FunctionRef, logical_id=ref.name,
                    qualifier=qualifier or index.auto_publish_alias(ref.name) or "alias", text=text)
    logical_id, alias = index.base_function(ref.name)
    if logical_id is not None:
        return make(FunctionRef, logical_id=logical_id, qualifier=qualifier or alias, text=text)
    if index.resource_type(ref.name) is None and ref.name not in index.resources:
        # Not a resource of this template: a pseudo parameter, or unknown.
        return make(FunctionRef, text=text, qualifier=qualifier)
    return make(FunctionRef, text=text, qualifier=qualifier)


def function_from_integration_uri(value: SymStr, index: TemplateIndex) -> FunctionRef | None:
    """The function of ``arn:aws:apigateway:region:lambda:path/2015-03-31/functions/<fn>/invocations``,
    or of a plain Lambda ARN (HTTP APIs accept one). None when the URI is not a Lambda one."""
    pattern, symbols = to_pattern_text(value)
    match = _LAMBDA_PATH.match(pattern)
    if match:
        return function_from_symbolic(from_pattern_text(match.group("function"), symbols), index)
    if _FUNCTION_ARN.match(pattern):
        return function_from_symbolic(value, index)
    if len(value) == 1 and isinstance(value[0], Ref):
        # `IntegrationUri: !GetAtt Fn.Arn` on an HTTP API.
        ref = value[0]
        if index.base_function(ref.name)[0] is not None:
            return _from_ref(ref, index, None, render(value))
    return None


def is_lambda_uri(value: SymStr) -> bool:
    pattern, _ = to_pattern_text(value)
    return bool(_LAMBDA_PATH.match(pattern))
