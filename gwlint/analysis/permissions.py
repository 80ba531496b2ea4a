"""Which Lambda permission lets API Gateway invoke each Lambda integration and Lambda authorizer.

Pure analysis over the model (no rule logic, no messages beyond short descriptions).

What API Gateway presents
-------------------------
When API Gateway invokes a function without integration credentials it calls Lambda as the service
principal ``apigateway.amazonaws.com`` with ``aws:SourceArn`` set to

* ``arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH`` for a route: the *actual* request
  (METHOD is the client's verb, never ``ANY``; PATH has no leading slash and carries the values of path
  parameters, so ``{id}`` is any non-empty segment and ``{proxy+}`` any non-empty path; the root resource
  ends in ``METHOD/``),
* ``.../API_ID/STAGE/$default`` for an HTTP API ``$default`` route, ``.../API_ID/STAGE/ROUTE_KEY`` for
  WebSocket routes,
* ``.../API_ID/authorizers/AUTHORIZER_ID`` for a Lambda authorizer.

Lambda compares that with the permission's ``SourceArn`` using ``ArnLike`` / ``StringLike``: ``*`` is any
run of characters (it crosses ``/`` and ``:``), ``?`` one character, case-sensitive. A permission applies
only to the ARN it was added on: unqualified, or one alias or version (``Qualifier`` semantics,
https://docs.aws.amazon.com/lambda/latest/dg/using-aliases.html). Valid actions are ``lambda:<Name>``,
``lambda:*`` and ``*`` (botocore's ``Action`` pattern), so invoke is granted by ``lambda:InvokeFunction``,
``lambda:*`` or ``*`` (action names compared case-insensitively, as IAM does).

How a route is compared with a pattern
--------------------------------------
The route's ARN is a sequence of *elements*: literal characters, *tokens* (the API's id, the stack's
region, account and partition: symbolic, known only by name), universally quantified *holes* (path
parameters: every value must match) and *optimistic unknowns* (a region or account written as a literal
in the pattern, a stage name that comes from a parameter: some value matches). The pattern is compiled the
same way from its symbolic string: ``${Api}`` / ``!Ref Api`` / ``!GetAtt Api.RestApiId`` become the API's
token, ``${AWS::Region}`` the region token, a parameter or an import becomes ``*`` (only judge what the
input can know). :func:`covers` decides *every concrete ARN of the route matches the pattern* with a
product of the route's automaton and the pattern's subset automaton: exact for literals, holes and
wildcards, optimistic for unknowns.

When nothing covers an invocation, :func:`diagnose` relaxes the parts of the route ARN (prefix, API id,
stage, method, path / authorizer) and reports the smallest set of parts whose relaxation makes the closest
permission match: that is "which part of the pattern failed".

Scope
-----
An invocation is judged only when its API is defined in the analysed files, its function is a function of
the template (by logical id, alias/version resource, literal name or ARN), and it has no credentials (with
credentials, API Gateway calls Lambda with the role's identity policy). Permissions are indexed by function
logical id; a permission whose function cannot be resolved (a parameter, an import, a name built with
intrinsics that matches no function) may cover anything it could match: invocations it could cover are
*not judged* rather than reported.
"""

from __future__ import annotations

import re
from gwlint.record import dataclass, field, replace
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

from gwlint.intrinsics import Ref, SymStr, literal, render, symbolic

if TYPE_CHECKING:
    from gwlint.model import Model
    from gwlint.model.elements import Api, Authorizer, FunctionRef, Integration, LambdaPermission, Operation
    from gwlint.source import Pointer

# -- constants --------------------------------------------------------------------------------------
INVOKE_ACTIONS = frozenset({"lambda:invokefunction", "lambda:*", "*"})
API_GATEWAY_PRINCIPALS = frozenset({"apigateway.amazonaws.com", "apigateway.amazonaws.com.cn",
                                    "apigateway.${aws::urlsuffix}"})
#: The verbs a client may send to an ``ANY`` method; each must be allowed.
ANY_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
#: The stage API Gateway presents for console / TestInvokeMethod calls (a permission for it is not unused).
TEST_INVOKE_STAGE = "test-invoke-stage"

# Part names, in ARN order; what diagnose() reports.
PREFIX, API_ID, STAGE, METHOD, PATH, ROUTE, AUTHORIZER = (
    "ARN prefix", "API id", "stage", "method", "path", "route key", "authorizer id")


# -- elements ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Symbol:
    """A value known by name only: ``api`` (key), ``region``, ``account``, ``partition``, ``authorizer``
    (api key, name) or ``resource`` (another attribute of a template resource, opaque)."""

    kind: str
    name: str = ""


REGION, ACCOUNT, PARTITION = Symbol("region"), Symbol("account"), Symbol("partition")
_PSEUDO = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": PARTITION}
_API_ATTRIBUTES = (None, "RestApiId", "ApiId")

# Pattern elements: ("lit", ch) | ("star",) | ("q",) | ("tok", Symbol)
# Route elements:   ("lit", ch) | ("tok", Symbol) | ("hole", "seg" | "any") | ("opt", charset, Symbol | None)
#   charset of an optimistic unknown: "field" (no ':' or '/'), "seg" (no '/'), "any".
PatternElement = tuple
RouteElement = tuple
STAR: PatternElement = ("star",)
OTHER = "\x00"  # stands for every character the pattern does not name
ANY_TOKEN = "*"  # an optimistic unknown that may also be any token (used when diagnosing)


class _Literals(dict):
    """One shared ``("lit", c)`` tuple per character: routes and patterns are per-character tuples,
    and a 10,000-resource template holds thousands of them (8 bytes per element instead of 64)."""

    def __missing__(self, c: str) -> tuple[str, str]:
        element = self[c] = ("lit", c)
        return element


_LIT = _Literals()


def pattern_from_text(text: str) -> tuple[PatternElement, ...]:
    """A plain glob (``*``, ``?``, literal characters) as pattern elements."""
    return tuple(STAR if c == "*" else ("q",) if c == "?" else _LIT[c] for c in text)


def route_from_text(text: str) -> tuple[RouteElement, ...]:
    """Literal characters, with ``{name}`` as a one-segment hole and ``{name+}`` as a greedy hole."""
    out: list[RouteElement] = []
    for piece in re.split(r"(\{[^{}/]+\})", text):
        if re.fullmatch(r"\{[^{}/]+\}", piece):
            out.append(("hole", "any" if piece.endswith("+}") else "seg"))
        else:
            out.extend(_LIT[c] for c in piece)
    return tuple(out)


def _allowed(charset: str, c: str) -> bool:
    if charset == "any":
        return True
    if charset == "seg":
        return c != "/"
    return c not in ":/"  # field


class _Closures(dict):
    """The closure of each single state over ``*`` (which may match nothing), computed on first use."""

    def __init__(self, pattern: tuple) -> None:
        super().__init__()
        self.pattern = pattern

    def __missing__(self, j: int) -> frozenset[int]:
        pattern, end = self.pattern, j
        while end < len(pattern) and pattern[end][0] == "star":
            end += 1
        closure = self[j] = frozenset(range(j, end + 1))
        return closure


class _Matcher:
    """Inclusion of a route's ARN language in one pattern's language (see the module docstring)."""

    def __init__(self, pattern: tuple[PatternElement, ...], segments: bool = False):
        self.pattern = pattern
        self.segments = segments  # diagnosis only: `*` stays within one `/` segment
        self.size = len(pattern)
        letters = {el[1] for el in pattern if el[0] == "lit"}
        self.alphabet = {"any": tuple(sorted(letters | {OTHER, "/"})),
                         "seg": tuple(sorted((letters | {OTHER}) - {"/"}))}
        self._eps = _Closures(pattern)
        self.start = self._eps[0]
        self._steps: dict[tuple, frozenset[int]] = {}
        self._runs: dict[tuple, frozenset[int]] = {}
        self._results: dict[tuple, bool] = {}

    def step(self, states: frozenset[int], symbol: tuple) -> frozenset[int]:
        key = (states, symbol)
        cached = self._steps.get(key)
        if cached is not None:
            return cached
        pattern, nxt = self.pattern, set()
        for j in states:
            if j >= self.size:
                continue
            el = pattern[j]
            kind = el[0]
            if kind == "star":
                if not (self.segments and symbol == ("c", "/")):
                    nxt.add(j)
            elif kind == "q":
                if symbol[0] == "c":
                    nxt.add(j + 1)
            elif kind == "lit":
                if symbol[0] == "c" and symbol[1] == el[1]:
                    nxt.add(j + 1)
            elif symbol[0] == "t" and symbol[1] == el[1]:  # tok
                nxt.add(j + 1)
        result = self._close(nxt)
        self._steps[key] = result
        return result

    def _close(self, states: set[int]) -> frozenset[int]:
        eps = self._eps
        if len(states) == 1:
            for j in states:
                return eps[j]
        return frozenset().union(*(eps[j] for j in states))

    def absorb(self, states: frozenset[int], charset: str, token: Symbol | None) -> frozenset[int]:
        """Every state some value of an optimistic unknown can lead to (the union over the values)."""
        pattern, out = self.pattern, set(states)
        stack = list(states)
        while stack:
            j = stack.pop()
            if j >= self.size:
                continue
            el = pattern[j]
            kind = el[0]
            if kind in ("star", "q"):
                ok = True
            elif kind == "lit":
                ok = _allowed(charset, el[1])
            else:
                sym = el[1]
                ok = charset == "any" or token == ANY_TOKEN or sym == token or (token is None and sym.kind == "resource")
            if ok and j + 1 not in out:
                out.add(j + 1)
                stack.append(j + 1)
        return self._close(out)

    def step_text(self, states: frozenset[int], text: str) -> frozenset[int]:
        """``step`` over a run of literal characters, cached per run: every route of an API repeats
        the same runs (``:execute-api:``, ``/prod/GET``) against the same pattern."""
        key = (states, text)
        cached = self._runs.get(key)
        if cached is not None:
            return cached
        result = states
        for c in text:
            if not result:
                break
            result = self.step(result, ("c", c))
        self._runs[key] = result
        return result

    def covers(self, route: tuple[RouteElement, ...]) -> bool:
        result = self._results.get(route)
        if result is None:
            result = self._results[route] = self._covers(_runs_of(route))
        return result

    def _covers(self, route: tuple[RouteElement, ...]) -> bool:
        n, final = len(route), self.size
        stack = [(0, False, self.start)]
        seen: set = set()
        while stack:
            item = stack.pop()
            if item in seen:
                continue
            seen.add(item)
            i, inside, states = item
            if not states:
                return False  # no way to finish matching; every route prefix can be completed
            if inside:  # within a hole: it may end here, or take one more character
                stack.append((i + 1, False, states))
                for c in self.alphabet[route[i][1]]:
                    stack.append((i, True, self.step(states, ("c", c))))
                continue
            if i == n:
                if final not in states:
                    return False
                continue
            el = route[i]
            kind = el[0]
            if kind == "run":
                stack.append((i + 1, False, self.step_text(states, el[1])))
            elif kind == "lit":
                stack.append((i + 1, False, self.step(states, ("c", el[1]))))
            elif kind == "tok":
                stack.append((i + 1, False, self.step(states, ("t", el[1]))))
            elif kind == "opt":
                stack.append((i + 1, False, self.absorb(states, el[1], el[2])))
            else:  # hole: at least one character
                for c in self.alphabet[el[1]]:
                    stack.append((i, True, self.step(states, ("c", c))))
        return True


def _runs_of(route: tuple[RouteElement, ...]) -> tuple[RouteElement, ...]:
    """The route with each run of literal characters as one ``("run", text)`` element."""
    out: list[RouteElement] = []
    run: list[str] = []
    for el in route:
        if el[0] == "lit":
            run.append(el[1])
            continue
        if run:
            out.append(("run", "".join(run)) if len(run) > 1 else _LIT[run[0]])
            run = []
        out.append(el)
    if run:
        out.append(("run", "".join(run)) if len(run) > 1 else _LIT[run[0]])
    return tuple(out)


@lru_cache(maxsize=256)
def _matcher(pattern: tuple[PatternElement, ...], segments: bool = False) -> _Matcher:
    """One matcher per pattern: its subset states are shared by every route it is compared with."""
    return _Matcher(pattern, segments)


def covers(pattern: tuple[PatternElement, ...], route: tuple[RouteElement, ...]) -> bool:
    """Whether every ARN the route can present matches the pattern (unknowns: some value matches)."""
    return _matcher(pattern).covers(route)


def glob_covers(pattern: str, route: str) -> bool:
    """Text form for tests: ``glob_covers("a/*/GET/pets/*", "a/{stage}/GET/pets/{id}")``."""
    return covers(pattern_from_text(pattern), route_from_text(route))


# -- routes -----------------------------------------------------------------------------------------
Parts = tuple[tuple[str, tuple[RouteElement, ...]], ...]


@lru_cache(maxsize=1024)
def _lits(text: str) -> tuple[RouteElement, ...]:
    return tuple(_LIT[c] for c in text)


def _prefix() -> tuple[RouteElement, ...]:
    return (*_lits("arn:"), ("opt", "field", PARTITION), *_lits(":execute-api:"), ("opt", "field", REGION),
            *_lits(":"), ("opt", "field", ACCOUNT), *_lits(":"))


def _path(path: str, literal_parameters: bool = False) -> tuple[RouteElement, ...]:
    """``/pets/{id}`` -> ``/pets/`` + hole (or the literal text ``{id}``); a segment the model could not
    read (``?``) is an unknown."""
    out: list[RouteElement] = []
    for index, segment in enumerate(path.lstrip("/").split("/")):
        out.append(("lit", "/"))
        if segment == "?":
            out.append(("opt", "seg", None))
        elif literal_parameters:
            out.extend(_lits(segment))
        else:
            out.extend(route_from_text(segment) if index or segment else ())
    if not out:
        out.append(("lit", "/"))
    return tuple(out)


def path_forms(path: str) -> tuple[tuple[RouteElement, ...], ...]:
    """The forms a resource path may take in the ARN API Gateway presents, the documented one first.

    Reports disagree on path parameters: SAM replaced ``{id}`` by ``*`` after "Invalid permissions"
    reports (aws/serverless-application-model#110), while permissions naming the parameter as written
    have worked when the name matched the API's (#540, aws-cloudformation/cfn-lint#243; CDK wrote
    ``{proxy+}`` literally before aws/aws-cdk#8206). Only judge what is known: a pattern is accepted if it
    matches the parameters' values (``*``) or their template text. Likewise a trailing slash
    (aws/serverless-application-model#665): with or without it.
    """
    variants = [path]
    if len(path) > 1 and path.endswith("/"):
        variants.append(path.rstrip("/") or "/")
    forms: list[tuple[RouteElement, ...]] = []
    for variant in variants:
        for literal_parameters in (True, False):
            form = _path(variant, literal_parameters)
            if form not in forms:
                forms.append(form)
    return tuple(forms)


def route_parts(api_key: str, stage: str | None, method: str | None, path: str, kind: str,
                path_form: Optional[tuple[RouteElement, ...]] = None) -> Parts:
    """The ARN of one request as named parts. ``stage`` None: unknown; ``method`` None: a route without
    a method segment (HTTP ``$default``, WebSocket route keys). ``kind``: REST, HTTP or WEBSOCKET.
    ``path_form``: one of :func:`path_forms` (default: path parameters as values)."""
    stage_el = ("opt", "seg", None) if stage is None else None
    parts: list[tuple[str, tuple[RouteElement, ...]]] = [
        (PREFIX, _prefix()), (API_ID, (("tok", Symbol("api", api_key)),)),
        (STAGE, (("lit", "/"), stage_el) if stage_el else _lits("/" + stage)),
    ]
    if method is None:
        parts.append((ROUTE, _lits("/" + path)))
    else:
        parts.append((METHOD, _lits("/" + method)))
        parts.append((PATH, path_form if path_form is not None else _path(path)))
    return tuple(parts)


def authorizer_parts(api_key: str, authorizer: Symbol) -> Parts:
    return ((PREFIX, _prefix()), (API_ID, (("tok", Symbol("api", api_key)),)),
            (AUTHORIZER, (*_lits("/authorizers/"), ("tok", authorizer))))


#: What a relaxed part may be when diagnosing: anything of its shape (one field, one segment, any path).
_RELAXED: dict[str, tuple[RouteElement, ...]] = {
    PREFIX: (("opt", "seg", "*"),), API_ID: (("opt", "seg", "*"),),
    STAGE: (("lit", "/"), ("opt", "seg", "*")), METHOD: (("lit", "/"), ("opt", "seg", "*")),
    PATH: (("opt", "any", None),), ROUTE: (("opt", "any", None),), AUTHORIZER: (("opt", "any", None),),
}
#: The order parts are blamed in when several single relaxations would do.
_BLAME_ORDER = (API_ID, STAGE, METHOD, PATH, ROUTE, AUTHORIZER, PREFIX)


def _flatten(parts: Parts, relaxed: frozenset[str] = frozenset()) -> tuple[RouteElement, ...]:
    out: list[RouteElement] = []
    for name, elements in parts:
        out.extend(_RELAXED[name] if name in relaxed else elements)
    return tuple(out)


def render_parts(parts: Parts) -> str:
    """Readable ARN of a route: tokens as ``${...}``, holes as ``<value>``."""
    names = {REGION: "${AWS::Region}", ACCOUNT: "${AWS::AccountId}", PARTITION: "${AWS::Partition}"}
    out = []
    for _, elements in parts:
        for el in elements:
            if el[0] == "lit":
                out.append(el[1])
            elif el[0] == "tok" or (el[0] == "opt" and el[2] is not None):
                sym = el[1] if el[0] == "tok" else el[2]
                out.append(names.get(sym) or ("${" + sym.name + "}" if sym.kind == "api" else "<id>"))
            elif el[0] == "hole":
                out.append("<value>")
            else:
                out.append("<stage>")
    return "".join(out)


# -- invocations -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Invocation:
    """One way API Gateway invokes a function of the template: a route's integration, or an authorizer."""

    kind: str  # "integration" | "authorizer"
    api: "Api"
    function_id: str  # logical id of the function in the template
    qualifier: Optional[str]
    function: "FunctionRef"
    pointer: "Pointer"  # where a finding belongs (the URI / the authorizer's function)
    label: str  # "GET /pets" or "authorizer Auth"
    operation: Optional["Operation"] = None
    integration: Optional["Integration"] = None
    authorizer: Optional["Authorizer"] = None
    methods: tuple[str, ...] = ()  # verbs to allow (ANY: all); () for routes without a method segment
    path: str = ""
    stages: tuple[Optional[str], ...] = (None,)
    #: False when API Gateway may not need a permission for it (integration or authorizer credentials,
    #: an authorizer no route uses): it still counts as a use of a permission (GW305).
    judged: bool = True


@dataclass(frozen=True)
class PermissionFacts:
    permission: "LambdaPermission"
    function_id: Optional[str]  # local function logical id; None when outside or unknown
    function_state: str  # "local", "outside" (a literal name of no template function), "unknown"
    qualifier: Optional[str]
    principal: str  # "apigateway", "any", "other", "unknown"
    principal_text: str
    action: str  # "invoke", "other", "unknown"
    action_text: str
    patterns: Optional[tuple[tuple[PatternElement, ...], ...]]  # None: no SourceArn (any source)
    pattern_texts: tuple[str, ...]
    apis: frozenset[str]  # API keys the SourceArn alternatives name
    #: The SourceArn is an execute-api ARN (or none at all).
    execute_api: bool = True
    #: The last ARN segment each SourceArn alternative pins (see pattern_key), None for any: an index key.
    keys: frozenset = frozenset({None})

    @property
    def name(self) -> str:
        p = self.permission
        if p.logical_id:
            return p.logical_id
        return f"the permission SAM generates for {_sam_origin(p)}"


def _sam_origin(permission: "LambdaPermission") -> str:
    parts = permission.pointer.parts
    if "Events" in parts:
        return f"event {parts[parts.index('Events') + 1]}"
    if "Authorizers" in parts:
        return f"authorizer {parts[parts.index('Authorizers') + 1]}"
    return str(parts[-1]) if parts else "SAM"


@dataclass
class Failure:
    """Why one permission does not cover one invocation."""

    parts: tuple[str, ...]  # "qualifier", "principal", "action", or ARN part names
    method: Optional[str] = None
    stage: Optional[str] = None
    pattern_text: str = ""
    expected: str = ""  # the ARN API Gateway presents for the call that failed, readable
    #: The path fails only because of how a path parameter is written (``{id}`` where ``*`` is needed).
    parameter_names: bool = False


@dataclass
class Coverage:
    invocation: Invocation
    status: str  # "covered", "missing", "not-judged"
    covering: tuple[PermissionFacts, ...] = ()
    uncovered_methods: tuple[str, ...] = ()
    closest: Optional[PermissionFacts] = None
    failure: Optional[Failure] = None
    candidates: int = 0  # permissions naming the function (any qualifier)


@dataclass
class Analysis:
    coverages: list[Coverage] = field(default_factory=list)
    permissions: list[PermissionFacts] = field(default_factory=list)
    by_function: dict[str, list[PermissionFacts]] = field(default_factory=dict)
    invocations_by_function: dict[str, list[Invocation]] = field(default_factory=dict)
    local_apis: frozenset[str] = frozenset()
    context: Optional[_Context] = None
    #: Why nothing is judged in this model (a construct that may hide permissions), or None.
    opaque: Optional[str] = None

    def integrations(self) -> Iterator[Coverage]:
        return (c for c in self.coverages if c.invocation.kind == "integration")

    def authorizers(self) -> Iterator[Coverage]:
        return (c for c in self.coverages if c.invocation.kind == "authorizer")


# -- context: what names mean ---------------------------------------------------------------------
class _Context:
    def __init__(self, model: "Model") -> None:
        self.model = model
        self.api_keys = {api.key for api in model.apis}
        self.local_apis = frozenset(api.key for api in model.apis if _is_local(api))
        self.stage_names: dict[str, Any] = {}
        self.authorizers: dict[str, Symbol] = {}
        for api in model.apis:
            for stage in api.stages:
                if stage.logical_id:
                    self.stage_names[stage.logical_id] = stage.name
            for authorizer in api.authorizers:
                if _is_resource(authorizer.pointer, authorizer.name, "Properties"):
                    self.authorizers[authorizer.name] = _authorizer_symbol(authorizer)
        self.functions = {f.logical_id: f for f in model.functions}
        self.by_name = {f.function_name: f.logical_id for f in model.functions if f.function_name}
        self.by_name_text = {f.function_name_text: f.logical_id for f in model.functions if f.function_name_text}

    def resolve(self, ref: Ref) -> Any:
        """A pattern Ref as a Symbol, literal text, or None (unknown: ``*``)."""
        if ref.name in _PSEUDO and ref.attribute is None:
            return _PSEUDO[ref.name]
        if ref.name in self.api_keys:
            if ref.attribute in _API_ATTRIBUTES:
                return Symbol("api", ref.name)
            return Symbol("resource", f"{ref.name}.{ref.attribute}")
        if ref.attribute is None and ref.name in self.stage_names:
            name = self.stage_names[ref.name]
            return name if isinstance(name, str) else None
        if ref.attribute in (None, "AuthorizerId") and ref.name in self.authorizers:
            return self.authorizers[ref.name]
        if ref.name in self.functions:
            return Symbol("resource", f"{ref.name}.{ref.attribute or ''}")
        return None

    def pattern(self, value: SymStr) -> tuple[PatternElement, ...]:
        out: list[PatternElement] = []
        for part in value:
            if isinstance(part, str):
                out.extend(pattern_from_text(part))
            elif isinstance(part, Ref):
                resolved = self.resolve(part)
                if isinstance(resolved, Symbol):
                    out.append(("tok", resolved))
                elif isinstance(resolved, str):
                    out.extend(pattern_from_text(resolved))
                elif not out or out[-1] is not STAR:
                    out.append(STAR)
            elif not out or out[-1] is not STAR:  # Unknown
                out.append(STAR)
        return tuple(out)

    def function_of(self, ref: "FunctionRef | None") -> tuple[str, Optional[str]]:
        """(state, logical id): "local" with the id, "outside" (a literal name of no function here), "unknown"."""
        if ref is None:
            return "unknown", None
        if ref.logical_id is not None:
            return ("local", ref.logical_id) if ref.logical_id in self.functions else ("unknown", None)
        if ref.parameter is not None:
            return "unknown", None
        if ref.name is not None:
            if "${" in ref.name:
                return "unknown", None
            found = self.by_name.get(ref.name)
            return ("local", found) if found else ("outside", None)
        base = ref.text
        if ref.qualifier and base.endswith(":" + ref.qualifier):
            base = base[: -len(ref.qualifier) - 1]
        for text, logical_id in self.by_name_text.items():
            if base == text or base.endswith("function:" + text):
                return "local", logical_id
        return "unknown", None


def _is_resource(pointer: "Pointer", logical_id: str | None, *tail: str) -> bool:
    parts = pointer.parts
    return logical_id is not None and len(parts) == 2 + len(tail) and parts[0] == "Resources" \
        and parts[1] == logical_id and tuple(parts[2:]) == tail


def _is_local(api: "Api") -> bool:
    """Defined in the analysed template (or SAM's implicit API), not a placeholder named by a child."""
    return api.implicit or _is_resource(api.pointer, api.logical_id)


def _authorizer_symbol(authorizer: "Authorizer") -> Symbol:
    return Symbol("authorizer", f"{authorizer.api}/{authorizer.name}")


# -- facts about permissions ------------------------------------------------------------------------
def classify_principal(value: Any) -> tuple[str, str]:
    """("apigateway" | "any" | "other" | "unknown", text) for a permission's Principal."""
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("Service", "AWS"):
        (key, inner), = value.items()
        items = inner if isinstance(inner, list) else [inner]
        kinds = [classify_principal(item) for item in items]
        if key == "AWS":
            kinds = [("any", t) if k == "any" else ("other", t) if k != "unknown" else (k, t) for k, t in kinds]
        for wanted in ("apigateway", "any", "unknown"):
            for kind, text in kinds:
                if kind == wanted:
                    return kind, text
        return kinds[0] if kinds else ("unknown", "")
    if value is None:
        return "unknown", ""
    results = []
    for alternative in symbolic(value):
        text = render(alternative)
        lowered = text.lower()
        if lowered == "*":
            results.append(("any", text))
        elif lowered in API_GATEWAY_PRINCIPALS:
            results.append(("apigateway", text))
        elif literal(alternative) is None and not all(
                isinstance(p, str) or (isinstance(p, Ref) and p.name in ("AWS::URLSuffix", "AWS::AccountId"))
                for p in alternative):
            results.append(("unknown", text))
        else:
            results.append(("other", text))
    for wanted in ("apigateway", "any", "unknown"):
        for kind, text in results:
            if kind == wanted:
                return kind, text
    return results[0] if results else ("unknown", "")


def classify_action(value: Any) -> tuple[str, str]:
    results = []
    for alternative in symbolic(value) if value is not None else []:
        text = literal(alternative)
        if text is None:
            results.append(("unknown", render(alternative)))
        elif text.lower() in INVOKE_ACTIONS:
            results.append(("invoke", text))
        else:
            results.append(("other", text))
    for wanted in ("invoke", "unknown"):
        for kind, text in results:
            if kind == wanted:
                return kind, text
    return results[0] if results else ("unknown", "")


def _facts(permission: "LambdaPermission", context: _Context) -> PermissionFacts:
    state, function_id = context.function_of(permission.function)
    principal, principal_text = classify_principal(permission.principal)
    action, action_text = classify_action(permission.action)
    patterns = texts = None
    apis: set[str] = set()
    execute_api = True
    if permission.source_arn is not None:
        patterns = tuple(context.pattern(alternative) for alternative in permission.source_arn)
        texts = tuple(render(alternative) for alternative in permission.source_arn)
        for pattern in patterns:
            apis.update(el[1].name for el in pattern if el[0] == "tok" and el[1].kind == "api")
        execute_api = any(":execute-api:" in text or not text.startswith("arn:") for text in texts)
    keys = frozenset(pattern_key(pattern) for pattern in patterns) if patterns is not None else frozenset({None})
    return PermissionFacts(
        permission=permission, function_id=function_id, function_state=state,
        qualifier=permission.function.qualifier if permission.function else None,
        principal=principal, principal_text=principal_text, action=action, action_text=action_text,
        patterns=patterns, pattern_texts=texts or (), apis=frozenset(apis), execute_api=execute_api, keys=keys,
    )


def pattern_key(pattern: tuple[PatternElement, ...]) -> Optional[str]:
    """The last path segment a pattern pins: the text after the last ``/`` of its literal ending (the
    ARN must end with it), or None when it ends with a wildcard, a token or an incomplete segment."""
    tail: list[str] = []
    for el in reversed(pattern):
        if el[0] != "lit":
            break
        tail.append(el[1])
    text = "".join(reversed(tail))
    if "/" not in text:
        return None
    return text.rsplit("/", 1)[1]


def _route_keys(invocation: Invocation) -> frozenset[str]:
    """The last segments the invocation's ARN may end with, written literally (a route ending with a
    path parameter also presents values only a wildcard-ending pattern covers)."""
    if invocation.kind != "integration":
        return frozenset()
    path = invocation.path if invocation.methods else "/" + invocation.path
    variants = {path, path.rstrip("/") or "/"} if len(path) > 1 else {path}
    # [-1]: a path written without its leading slash (invalid, but input) has no "/" at all.
    return frozenset(variant.rsplit("/", 1)[-1] for variant in variants)


class _PermissionIndex:
    """The permissions of one function by the last segment their patterns pin (None: any ending)."""

    def __init__(self, permissions: list[PermissionFacts]):
        self.all = permissions
        self.wild: list[PermissionFacts] = []
        self.by_key: dict[str, list[PermissionFacts]] = {}
        for facts in permissions:
            if None in facts.keys:
                self.wild.append(facts)
            else:
                for key in facts.keys:
                    self.by_key.setdefault(key, []).append(facts)

    def candidates(self, invocation: Invocation) -> list[PermissionFacts]:
        seen: dict[int, PermissionFacts] = {id(f): f for f in self.wild}
        for key in _route_keys(invocation):
            for facts in self.by_key.get(key, ()):
                seen.setdefault(id(facts), facts)
        return list(seen.values())


def qualifiers_match(invoked: Optional[str], granted: Optional[str]) -> bool:
    """Unqualified only matches unqualified; two literal qualifiers must be equal; an intrinsic one may be anything."""
    if invoked is None or granted is None:
        return invoked is None and granted is None
    if invoked == granted:
        return True
    return _unknown_qualifier(invoked) or _unknown_qualifier(granted)


def _unknown_qualifier(qualifier: str) -> bool:
    return "${" in qualifier or qualifier == "alias"


# -- invocations of the model ---------------------------------------------------------------------
_DEFAULT_ROUTES = ("$default", "/$default")


def _stages(api: "Api") -> tuple[Optional[str], ...]:
    """The API's stage names; (None,) when one is unknown or none is in the files (any stage may serve)."""
    names: list[Optional[str]] = []
    for stage in api.stages:
        names.append(stage.name if isinstance(stage.name, str) else None)
    for deployment in api.deployments:
        if deployment.stage_name is not None:
            names.append(deployment.stage_name)
    if not names or None in names:
        return (None,)
    return tuple(dict.fromkeys(names))


def _invocations(model: "Model", context: _Context) -> Iterator[Invocation]:
    from gwlint.model.elements import ApiKind

    for api in model.apis:
        if api.key not in context.local_apis:
            continue
        stages = _stages(api)
        used_authorizers: dict[str, str] = {}
        for operation in api.operations:
            if operation.authorization.authorizer:
                used_authorizers.setdefault(operation.authorization.authorizer, operation.route)
            integration = operation.integration
            if integration is None or not integration.targets_lambda:
                continue
            state, function_id = context.function_of(integration.function)
            if state != "local" or operation.method == "?":
                continue
            if api.kind is ApiKind.WEBSOCKET or (operation.method == "ANY" and operation.path in _DEFAULT_ROUTES):
                methods: tuple[str, ...] = ()
                path = operation.path.lstrip("/") if api.kind is not ApiKind.WEBSOCKET else operation.path
            else:
                methods = ANY_METHODS if operation.method == "ANY" else (operation.method,)
                path = operation.path
            yield Invocation(
                kind="integration", api=api, function_id=function_id, qualifier=integration.function.qualifier,
                function=integration.function, pointer=integration.pointer / integration.uri_key,
                label=f"route {operation.path}" if api.kind is ApiKind.WEBSOCKET else operation.route,
                operation=operation, integration=integration, methods=methods, path=path,
                stages=stages, judged=integration.credentials is None,
            )
        for authorizer in api.authorizers:
            if authorizer.function is None:
                continue
            state, function_id = context.function_of(authorizer.function)
            if state != "local":
                continue
            pointer = authorizer.pointer / authorizer.function_key if authorizer.function_key else authorizer.pointer
            yield Invocation(
                kind="authorizer", api=api, function_id=function_id, qualifier=authorizer.function.qualifier,
                function=authorizer.function, pointer=pointer, label=f"authorizer {authorizer.name}",
                authorizer=authorizer, path=used_authorizers.get(authorizer.name, ""),
                # Never invoked when no route uses it; with credentials, the role invokes it.
                judged=authorizer.name in used_authorizers and authorizer.credentials is None,
            )


Forms = tuple[Parts, ...]  # the ways one call's ARN may be written (see path_forms); any may match


def _variants(invocation: Invocation, extra_stages: tuple[str, ...] = ()) -> Iterator[tuple[Optional[str], Optional[str], Forms]]:
    """(method, stage, forms) of every ARN the invocation presents, one method at a time."""
    api = invocation.api
    if invocation.kind == "authorizer":
        yield None, None, (authorizer_parts(api.key, _authorizer_symbol(invocation.authorizer)),)
        return
    kind = api.kind.value
    stages = invocation.stages + tuple(s for s in extra_stages if s not in invocation.stages)
    methods: tuple[Optional[str], ...] = invocation.methods or (None,)
    forms = path_forms(invocation.path) if invocation.methods else (None,)
    for method in methods:
        for stage in stages:
            yield method, stage, tuple(route_parts(api.key, stage, method, invocation.path, kind, form)
                                       for form in forms)


def _matches(facts: PermissionFacts, forms: Forms, relaxed: frozenset[str] = frozenset(),
             segments: bool = False) -> Optional[int]:
    """Index of the first SourceArn alternative that covers one of the ARN's forms, or None."""
    if facts.patterns is None:
        return 0
    routes = [_flatten(parts, relaxed) for parts in forms]
    for index, pattern in enumerate(facts.patterns):
        matcher = _matcher(pattern, segments)
        if any(matcher.covers(route) for route in routes):
            return index
    return None


def _grants(facts: PermissionFacts, invocation: Invocation) -> bool:
    """Principal, action and qualifier allow API Gateway to invoke this function ARN (a permission whose
    function is not known may name any qualifier)."""
    return facts.principal in ("apigateway", "any", "unknown") and facts.action in ("invoke", "unknown") \
        and (facts.function_state == "unknown" or qualifiers_match(invocation.qualifier, facts.qualifier))


def permission_covers(facts: PermissionFacts, invocation: Invocation, extra_stages: tuple[str, ...] = ()) -> bool:
    """Whether the permission lets API Gateway make at least one of the invocation's calls."""
    if not _grants(facts, invocation):
        return False
    return any(_matches(facts, parts) is not None for _, _, parts in _variants(invocation, extra_stages))


def _method_coverage(invocation: Invocation, index: _PermissionIndex) -> tuple[list[PermissionFacts], list[Optional[str]]]:
    """The permissions that cover some call, and the methods no permission covers on any stage."""
    covering: dict[int, PermissionFacts] = {}
    covered_methods: set[Optional[str]] = set()
    all_methods: list[Optional[str]] = []
    for method, _, parts in _variants(invocation):
        if method not in all_methods:
            all_methods.append(method)
        if method in covered_methods:
            continue
        for facts in index.candidates(invocation):
            if _grants(facts, invocation) and _matches(facts, parts) is not None:
                covered_methods.add(method)
                covering[id(facts)] = facts
                break
    return list(covering.values()), [m for m in all_methods if m not in covered_methods]


def diagnose(facts: PermissionFacts, invocation: Invocation, methods: Iterable[Optional[str]] | None = None) -> Failure:
    """The smallest set of parts that keeps this permission from covering the invocation."""
    reasons: list[str] = []
    if not qualifiers_match(invocation.qualifier, facts.qualifier):
        reasons.append("qualifier")
    if facts.principal == "other":
        reasons.append("principal")
    if facts.action == "other":
        reasons.append("action")
    wanted = set(methods) if methods is not None else None
    best: Optional[Failure] = None
    if facts.patterns is not None:
        for method, stage, parts in _variants(invocation):
            if wanted is not None and method not in wanted:
                continue
            failed = _failed_parts(facts, parts)
            if failed is None:
                continue
            names, index = failed
            if best is None or len(names) < len(best.parts):
                best = Failure(names, method, stage, facts.pattern_texts[index], render_parts(parts[0]))
                if PATH in names:
                    starred = replace(facts, patterns=tuple(_braces_to_star(p) for p in facts.patterns))
                    best.parameter_names = _matches(starred, parts, frozenset(names) - {PATH}) is not None
            if len(names) <= 1:
                break
    if best is None:
        method, stage, parts = next(iter(_variants(invocation)))
        return Failure(tuple(reasons), method, stage, facts.pattern_texts[0] if facts.pattern_texts else "",
                       render_parts(parts[0]))
    best.parts = tuple(reasons) + best.parts
    return best


def _braces_to_star(pattern: tuple[PatternElement, ...]) -> tuple[PatternElement, ...]:
    """The pattern with each literal ``{...}`` written as ``*``."""
    out: list[PatternElement] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == ("lit", "{"):
            j = i + 1
            while j < len(pattern) and pattern[j][0] == "lit" and pattern[j][1] not in "}/":
                j += 1
            if j < len(pattern) and pattern[j] == ("lit", "}"):
                out.append(STAR)
                i = j + 1
                continue
        out.append(pattern[i])
        i += 1
    return tuple(out)


def _failed_parts(facts: PermissionFacts, parts: Forms) -> Optional[tuple[tuple[str, ...], int]]:
    if _matches(facts, parts) is not None:
        return None
    present = {name for name, _ in parts[0]}
    names = [name for name in _BLAME_ORDER if name in present]
    # Blame parts as the author wrote them (each `*` standing for its own segment) first: `.../*/ANY/items`
    # then fails on the method and the path of `GET /`, not on a path that `*` could swallow.
    for segments in (True, False):
        for size in range(1, len(names) + 1):
            for subset in combinations(names, size):
                index = _matches(facts, parts, frozenset(subset), segments)
                if index is not None:
                    return tuple(subset), index
    return tuple(names), 0


#: How far a permission is from covering when this part fails: one that only misses the stage, the
#: method, the qualifier, principal or action was meant for the route; one for another path was not.
_WEIGHTS = {STAGE: 1, "qualifier": 1, "principal": 1, "action": 1, METHOD: 2}


def _score(failure: Failure) -> tuple:
    """Closest first: the lightest failing parts, then the SourceArn that reads most like the ARN."""
    weight = sum(1 if part == PATH and failure.parameter_names else _WEIGHTS.get(part, 3) for part in failure.parts)
    return weight, _distance(failure.pattern_text.rsplit(":", 1)[-1], failure.expected.rsplit(":", 1)[-1])


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short strings)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# -- the analysis -------------------------------------------------------------------------------------
_CACHE: list = []  # [(model, analysis)]: the last model analysed (rules share one analysis per model)


def analyse(model: "Model") -> Analysis:
    if _CACHE and _CACHE[0][0] is model:
        return _CACHE[0][1]
    result = _analyse(model)
    _CACHE[:] = [(model, result)]
    return result


def _analyse(model: "Model") -> Analysis:
    context = _Context(model)
    analysis = Analysis(local_apis=context.local_apis, context=context, opaque=_opaque(model))
    unknown: list[PermissionFacts] = []
    for permission in model.permissions:
        facts = _facts(permission, context)
        analysis.permissions.append(facts)
        if facts.function_state == "local":
            analysis.by_function.setdefault(facts.function_id, []).append(facts)
        elif facts.function_state == "unknown":
            unknown.append(facts)
    if analysis.opaque:
        return analysis
    indexes: dict[str, _PermissionIndex] = {}
    for invocation in _invocations(model, context):
        analysis.invocations_by_function.setdefault(invocation.function_id, []).append(invocation)
        if not invocation.judged:
            continue
        candidates = analysis.by_function.get(invocation.function_id, [])
        index = indexes.get(invocation.function_id)
        if index is None:
            index = indexes[invocation.function_id] = _PermissionIndex(candidates)
        covering, uncovered = _method_coverage(invocation, index)
        if not uncovered:
            analysis.coverages.append(Coverage(invocation, "covered", tuple(covering), candidates=len(candidates)))
            continue
        if any(permission_covers(facts, invocation) for facts in unknown):
            analysis.coverages.append(Coverage(invocation, "not-judged", candidates=len(candidates)))
            continue
        closest, failure = None, None
        # One call stands for the route (GET when an ANY method misses it): the closest is judged on it.
        shown = ["GET"] if "GET" in uncovered else uncovered[:1]
        for facts in _likely(candidates, invocation, uncovered):
            found = diagnose(facts, invocation, shown)
            if failure is None or _score(found) < _score(failure):
                closest, failure = facts, found
        analysis.coverages.append(Coverage(
            invocation, "missing", tuple(covering), tuple(m for m in uncovered if m), closest, failure,
            candidates=len(candidates)))
    return analysis


#: How many permissions of a function are diagnosed for a route none covers (the most similar first).
DIAGNOSED = 24


def _likely(candidates: list[PermissionFacts], invocation: Invocation, methods: list) -> list[PermissionFacts]:
    """The permissions worth diagnosing: those whose pinned method and first segment agree most."""
    if len(candidates) <= DIAGNOSED:
        return candidates
    keys = _route_keys(invocation)
    return sorted(candidates, key=lambda facts: not (facts.keys & keys or None in facts.keys))[:DIAGNOSED]


def _opaque(model: "Model") -> Optional[str]:
    """A construct whose resources gwlint cannot see, which may define permissions (None if there is none)."""
    for document in model.documents:
        data = getattr(document, "data", None)
        if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
            continue
        transform = data.get("Transform")
        names = transform if isinstance(transform, list) else [transform] if transform is not None else []
        for name in names:
            if not isinstance(name, str) or name not in ("AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"):
                return f"the template uses the transform {name if isinstance(name, str) else '(intrinsic)'}"
        for key in data["Resources"]:
            if isinstance(key, str) and (key.startswith("Fn::ForEach") or key == "Fn::Transform"):
                return f"the template's Resources use {key.split('::')[0]}::{key.split('::')[1]}"
    return None


def nested_stacks(model: "Model") -> bool:
    """Whether a template of the model has nested stacks (which may define methods or permissions)."""
    for document in model.documents:
        data = getattr(document, "data", None)
        resources = data.get("Resources") if isinstance(data, dict) else None
        for resource in resources.values() if isinstance(resources, dict) else ():
            if isinstance(resource, dict) and resource.get("Type") in (
                    "AWS::CloudFormation::Stack", "AWS::Serverless::Application"):
                return True
    return False


def unused_permissions(model: "Model") -> Iterator[PermissionFacts]:
    """API Gateway permissions that no invocation in the model uses, where the model can tell."""
    analysis = analyse(model)
    if analysis.opaque or nested_stacks(model):
        return
    apis = {api.key: api for api in model.apis}
    # An API with a Lambda integration whose function is not resolved (stage variables, a parameter) may
    # invoke the permission's function through it.
    unresolved_apis = {operation.api for operation, integration in model.integrations()
                       if (integration.target_kind in ("lambda", "unknown") or "lambda" in integration.uri_text.lower())
                       and analysis.context.function_of(integration.function)[0] != "local"}
    # A permission that is the closest match of a route it fails to cover is mismatched, not unused
    # (GW110 / GW111 report it at the route).
    mismatched = {id(c.closest) for c in analysis.coverages if c.status == "missing" and c.closest is not None}
    routes: dict[str, _InvocationIndex] = {}
    for facts in analysis.permissions:
        if facts.principal != "apigateway" or facts.action != "invoke" or facts.function_state != "local":
            continue
        if id(facts) in mismatched:
            continue
        if facts.patterns is None or not facts.apis or not facts.execute_api:
            continue
        if any(len({el[1].name for el in pattern if el[0] == "tok" and el[1].kind == "api"}) != 1
               for pattern in facts.patterns):
            continue
        if not all(key in analysis.local_apis and _complete(apis[key], model) and key not in unresolved_apis
                   for key in facts.apis):
            continue
        index = routes.get(facts.function_id)
        if index is None:
            index = routes[facts.function_id] = _InvocationIndex(analysis.invocations_by_function.get(facts.function_id, []))
        if any(permission_covers(facts, invocation, (TEST_INVOKE_STAGE,)) for invocation in index.candidates(facts)):
            continue
        yield facts


class _InvocationIndex:
    """The invocations of one function by METHOD and first path segment, to find those a permission may cover."""

    def __init__(self, invocations: list[Invocation]):
        self.all = invocations
        self.by: dict[str, list[Invocation]] = {}
        for invocation in invocations:
            for key in _route_keys(invocation):
                self.by.setdefault(key, []).append(invocation)

    def candidates(self, facts: PermissionFacts) -> list[Invocation]:
        if None in facts.keys:
            return self.all
        seen: dict[int, Invocation] = {}
        for key in facts.keys:
            for invocation in self.by.get(key, ()):
                seen.setdefault(id(invocation), invocation)
        return list(seen.values())


def _complete(api: "Api", model: "Model") -> bool:
    """Every route of the API is in the model: no definition that could not be read."""
    if getattr(api, "definition_unread", False):
        return False
    if api.definition is None and api.logical_id and not api.implicit:
        value_at = getattr(model, "value_at", None)
        if value_at is not None:
            for key in ("DefinitionUri", "BodyS3Location", "Body", "DefinitionBody"):
                if value_at(api.pointer / "Properties" / key) is not None:
                    return False
    return True


def function_label(function_id: str, qualifier: Optional[str]) -> str:
    """``Fn`` or ``Fn:live``."""
    return f"{function_id}:{qualifier}" if qualifier else function_id


__all__ = [
    "function_label",
    "Analysis", "Coverage", "Failure", "Invocation", "PermissionFacts", "Symbol", "analyse", "classify_action",
    "classify_principal", "covers", "diagnose", "glob_covers", "pattern_from_text", "permission_covers",
    "qualifiers_match", "route_from_text", "route_parts", "authorizer_parts", "render_parts", "unused_permissions",
    "nested_stacks", "INVOKE_ACTIONS", "API_GATEWAY_PRINCIPALS", "ANY_METHODS",
]
