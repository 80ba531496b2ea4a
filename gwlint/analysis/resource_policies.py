"""The resource policies of a model, each with the API it is attached to, ready for the evaluator.

Glue between the model (``gwlint.model``) and ``gwlint.analysis.iam_policy``, shared by the GW31x rules:

``policy_views(model) -> list[PolicyView]``
    One view per resource policy of a REST API (CloudFormation ``Policy``, ``x-amazon-apigateway-policy``,
    SAM ``Auth.ResourcePolicy``) and per standalone policy file. A view knows:

    - ``policy``: the parsed policy (``iam_policy.Policy`` of ``ResourcePolicy.evaluable``);
    - ``endpoint_type``: ``REGIONAL``, ``EDGE`` or ``PRIVATE``; ``None`` when it cannot be known (a
      standalone policy or OpenAPI file, an ``EndpointConfiguration`` written with intrinsics). A
      CloudFormation or SAM REST API without ``EndpointConfiguration`` is ``EDGE``, the AWS default;
    - ``dualstack``: ``True``/``False``, ``None`` when unknown (``IpAddressType`` defaults to ``ipv4``);
    - ``targets``: the methods the policy guards, with their authorization; one unknown target
      (any method, authorization ``UNKNOWN``) when the methods are not known;
    - ``pointer(path)``: where a path inside the evaluated document was written.

``ipv6_reachable(view)``
    Whether IPv6 clients can reach the API (dualstack, or unknown): IPv6-only findings need it.

Statements whose Action cannot cover ``execute-api:Invoke`` are left out of the views' statement lists.
"""

from __future__ import annotations

from gwlint.record import dataclass, field
from typing import Any, Iterator, Optional

from gwlint.analysis.cidr import PUBLIC, AddressSet, IpSet
from gwlint.analysis.iam_policy import (
    ConditionClause, Issue, MethodTarget, Policy, PolicyAccess, RequestContext, Statement, Tri, Value, evaluate,
    find_issues, may_invoke_action, parse_policy, statement_applies,
)

UNKNOWN_AUTH = "UNKNOWN"
#: Authorization types the resource policy is combined with (REST); JWT is HTTP-only.
_REST_AUTHORIZATION = ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS")


@dataclass(frozen=True)
class Target:
    """A method the policy guards: its route text (None for "any method") and its authorization."""

    route: Optional[str]
    authorization: str
    method: MethodTarget = MethodTarget()

    @property
    def policy_decides(self) -> bool:
        """The resource policy alone decides (no authorization, or unknown methods: assume none)."""
        return self.authorization in ("NONE", UNKNOWN_AUTH)


@dataclass
class PolicyView:
    element: Any  # gwlint.model.elements.ResourcePolicy
    policy: Policy
    api: Any  # gwlint.model.elements.Api, or None for a standalone policy file
    endpoint_type: Optional[str]
    dualstack: Optional[bool]
    targets: list[Target]
    model: Any = None
    _cache: dict = field(default_factory=dict, repr=False)

    # -- places -----------------------------------------------------------------------------------------
    def pointer(self, path: tuple) -> Any:
        return self.element.pointer_at(path)

    def value_at(self, path: tuple) -> Optional[Value]:
        statement = self.statement_of(path)
        for clause in statement.conditions if statement is not None else ():
            for value in clause.values:
                if value.path == tuple(path):
                    return value
        return None

    def label(self, value: Value) -> str:
        """A condition value for messages, naming the parameter whose Default it is."""
        text = str(value.value)
        if self.model is None:
            return text
        pointer = self.pointer(value.path)
        for where in (pointer, pointer.parent):  # the value itself, or a list parameter's item
            written = self.model.data_at(where)
            if isinstance(written, dict) and len(written) == 1 and isinstance(written.get("Ref"), str):
                return f"{text} (Default of parameter {written['Ref']})"
        return text

    @property
    def name(self) -> str:
        """How messages name the API ("API Orders"), or "this policy" for a standalone file."""
        return f"API {self.api.display}" if self.api is not None else "this policy"

    # -- statements -------------------------------------------------------------------------------------
    @property
    def statements(self) -> list[Statement]:
        """Statements that may be about ``execute-api:Invoke``."""
        return [s for s in self.policy.statements if may_invoke_action(s)]

    def statement_of(self, path: tuple) -> Optional[Statement]:
        for statement in self.statements:
            if tuple(path[:len(statement.path)]) == statement.path:
                return statement
        return None

    @property
    def address_keys(self) -> tuple[str, ...]:
        """The condition keys that hold the client address here (both when the endpoint is unknown)."""
        if self.endpoint_type == "PRIVATE":
            return ("aws:vpcsourceip",)
        if self.endpoint_type is None:
            return ("aws:sourceip", "aws:vpcsourceip")
        return ("aws:sourceip",)

    # -- evaluation -------------------------------------------------------------------------------------
    def context(self, target: Target, authorization: Optional[str] = None, **options: Any) -> RequestContext:
        auth = authorization or target.authorization
        return RequestContext(endpoint_type=self.endpoint_type or "REGIONAL",
                              authorization="NONE" if auth == UNKNOWN_AUTH else auth,
                              target=target.method, **options)

    def evaluate(self, target: Target, authorization: Optional[str] = None, **options: Any) -> PolicyAccess:
        key = (target, authorization, tuple(sorted(options.items())))
        if key not in self._cache:
            self._cache[key] = evaluate(self.policy, self.context(target, authorization, **options))
        return self._cache[key]

    def denied_by_some_statement(self, target: Target, **options: Any) -> bool:
        """Whether a Deny of the policy may concern this caller of this method (whatever its conditions)."""
        key = ("deny-may-apply", target, tuple(sorted(options.items())))
        if key not in self._cache:
            context = self.context(target, **options)
            self._cache[key] = any(s.effect == "Deny" and statement_applies(s, context) is not Tri.FALSE
                                   for s in self.statements)
        return self._cache[key]

    def issues(self, code: str, target: Optional[Target] = None, **options: Any) -> list[Issue]:
        """``find_issues`` results with this code, inside statements about Invoke."""
        context = self.context(target, **options) if target is not None else \
            RequestContext(endpoint_type=self.endpoint_type or "REGIONAL")
        key = ("issues", target, tuple(sorted(options.items())))
        if key not in self._cache:
            self._cache[key] = find_issues(self.policy, context)
        return [issue for issue in self._cache[key]
                if (issue.code == code or code.endswith("-") and issue.code.startswith(code))
                and self.statement_of(issue.path) is not None]


def ipv6_reachable(view: PolicyView) -> bool:
    return view.dualstack is not False


def is_unresolved(value: Value) -> bool:
    """A value the model could not resolve (a parameter without Default, an attribute, an import...)."""
    return isinstance(value.value, dict) or isinstance(value.value, str) and "${" in value.value


def clause_unresolved(clause: ConditionClause) -> bool:
    return any(is_unresolved(value) for value in clause.values)


def public_part(addresses: IpSet, version: int) -> AddressSet:
    return addresses.family(version) & PUBLIC.family(version)


# -- building the views ---------------------------------------------------------------------------------
_LAST: list = [None, None]  # (model, views): the rules of one file group share the views


def policy_views(model: Any) -> list[PolicyView]:
    if _LAST[0] is model:
        return _LAST[1]
    views = list(_views(model))
    _LAST[0], _LAST[1] = model, views
    return views


def _views(model: Any) -> Iterator[PolicyView]:
    for api in model.apis:
        if api.policy is None or api.kind.value != "REST":
            continue
        yield PolicyView(api.policy, parse_policy(api.policy.evaluable), api, _endpoint_type(model, api),
                         _dualstack(model, api), _targets(api), model)
    for element in model.policies:
        yield PolicyView(element, parse_policy(element.evaluable), None, None, None,
                         [Target(None, UNKNOWN_AUTH)], model)


def _stages(api: Any) -> list[Optional[str]]:
    """The stage names a request may name: the API's stages when all are literal, else any stage (None)."""
    names = [stage.name for stage in api.stages] + [d.stage_name for d in api.deployments if d.stage_name]
    if not names or any(not isinstance(name, str) or "${" in name for name in names):
        return [None]
    return sorted(set(names))


def _targets(api: Any) -> list[Target]:
    targets = []
    stages = _stages(api)
    for operation in api.operations:
        auth = operation.authorization.type
        for stage in stages:
            targets.append(Target(operation.route, auth if auth in _REST_AUTHORIZATION else UNKNOWN_AUTH,
                                  MethodTarget(stage=stage, method=operation.method, path=operation.path)))
    if not targets or api.definition_unread:
        targets += [Target(None, UNKNOWN_AUTH, MethodTarget(stage=stage)) for stage in stages]
    return targets


def _endpoint_configuration(model: Any, api: Any) -> tuple[bool, Any]:
    """(whether an EndpointConfiguration is written for the API, the value) for CloudFormation and SAM."""
    if api.origin.value == "openapi" or api.logical_id is None:
        return False, None
    if not api.implicit:
        value = model.data_at(api.pointer / "Properties" / "EndpointConfiguration")
        if value is not None:
            return True, value
    if api.origin.value == "sam":
        value = model.data_at(_globals_pointer(api.pointer) / "EndpointConfiguration")
        if value is not None:
            return True, value
    return False, None


def _globals_pointer(pointer: Any) -> Any:
    from gwlint.source import Pointer

    return Pointer(pointer.file, ("Globals", "Api"))


def _endpoint_type(model: Any, api: Any) -> Optional[str]:
    if api.endpoint_types:
        return "PRIVATE" if "PRIVATE" in api.endpoint_types else api.endpoint_types[0]
    if api.origin.value == "openapi":
        return None  # the type is chosen when the file is imported
    written, _ = _endpoint_configuration(model, api)
    return None if written else "EDGE"


def _dualstack(model: Any, api: Any) -> Optional[bool]:
    if isinstance(api.ip_address_type, str):
        return api.ip_address_type.lower() == "dualstack"
    if api.origin.value == "openapi":
        return None
    written, value = _endpoint_configuration(model, api)
    if written and isinstance(value, dict) and "IpAddressType" in value:
        return None  # written with an intrinsic
    return False




# -- text for messages ----------------------------------------------------------------------------------
def routes_text(targets: list[Target], limit: int = 3) -> str:
    """``"GET /pets, POST /pets and 4 more"``; ``"every method"`` when the methods are unknown."""
    names = sorted({t.route for t in targets if t.route is not None})
    if not names:
        return "every method"
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def values_text(values: list[Any], limit: int = 3) -> str:
    texts = [str(v) for v in values]
    if len(texts) <= limit:
        return ", ".join(texts)
    return ", ".join(texts[:limit]) + f" and {len(texts) - limit} more"


__all__ = ["PolicyView", "Target", "policy_views", "ipv6_reachable", "is_unresolved", "clause_unresolved",
           "public_part", "UNKNOWN_AUTH", "routes_text", "values_text"]
