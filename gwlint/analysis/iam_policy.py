"""A small evaluator for API Gateway resource policies (``execute-api:Invoke``).

Pure library: takes plain data (dicts/lists/str as loaded from YAML/JSON), no dependency on the
rest of gwlint. Facts come from the research doc (/work/shared/research/policy-regex.md, §A5 API
Gateway evaluation, §A7 IAM semantics); section numbers are cited in comments.

Public API
----------
``parse_policy(document, base_path=()) -> Policy``
    Tolerant parser: a wrong shape becomes an ``Issue`` in ``Policy.problems``, never an
    exception. Every statement, condition clause and value keeps its ``path`` inside the
    document (e.g. ``("Statement", 1, "Condition", "NotIpAddress", "aws:SourceIp", 0)``),
    prefixed by ``base_path``.
``MethodTarget(stage, method, path, api_id, region, account, partition)``
    The method being invoked. ``None`` parts are unknown (see "Resources" below); ``path`` may
    be an OpenAPI template such as ``/pets/{petId}``.
``RequestContext(endpoint_type, authorization, cross_account, authorizer_result, target, ...)``
    Who calls and how: endpoint type (REGIONAL/EDGE/PRIVATE), the method's authorization
    (NONE/AWS_IAM/CUSTOM/COGNITO_USER_POOLS), whether an IAM caller is cross-account, and what
    the authorizer (or the caller's identity policy) returns.
``evaluate(policy, context) -> PolicyAccess``
    Source addresses (``IpSet`` of IPv4 and IPv6) that may invoke: per statement
    (``StatementAccess.addresses``), allowed/denied by the resource policy, and ``may_invoke``
    after API Gateway's combination with the authorizer. ``policy`` may be ``None`` (no policy).
``statement_applies(statement, context) -> Tri``
    Whether a statement's Principal, Action and Resource cover the request.
``resource_matches(pattern, target) -> Tri``, ``expand_resource(pattern, target) -> str``
    execute-api ARN matching (IAM glob, ``*`` crosses ``/``) and shorthand expansion.
``find_issues(policy, context=None) -> list[Issue]``
    Parse problems plus structured results for rules; codes are the module constants below.

Semantics implemented
---------------------
* Statements: access = (union of matching Allow) - (union of matching Deny) (§A7).
* Conditions: operators AND-ed, keys AND-ed, values OR-ed; negated operators (``Not...``) mean
  "none of the values". A missing key makes a condition false, except negated operators,
  ``...IfExists`` and ``ForAllValues`` (true) and ``Null``. ``ForAnyValue``/``ForAllValues`` on a
  present single-valued key act like the plain operator. Operator and key names are
  case-insensitive; values are case-sensitive unless ``...IgnoreCase``; wildcards only work with
  ``...Like`` and ``Arn...`` operators.
* Which keys exist (§A5, §A7): on REGIONAL/EDGE endpoints ``aws:SourceIp`` is the client
  address and ``aws:VpcSourceIp``, ``aws:SourceVpc`` and ``aws:SourceVpce`` are absent; on PRIVATE
  endpoints ``aws:SourceIp`` is absent and ``aws:VpcSourceIp`` is the client address. Principal
  keys (``aws:PrincipalOrgID``...) exist only for IAM (SigV4) callers.
* CIDR values are read by ``cidr.parse_cidr`` (no prefix = /32 or /128, host bits ignored);
  a malformed value matches no address.
* API Gateway (§A5): NONE needs an explicit Allow; CUSTOM, COGNITO_USER_POOLS and same-account
  AWS_IAM follow Table A (explicit Deny wins, otherwise either side allowing suffices);
  cross-account AWS_IAM follows Table B (both must allow). The Cognito text contradicts Table A;
  ``cognito_requires_explicit_allow=True`` selects the other reading. A PRIVATE API without a
  policy admits nobody.

"May invoke": what cannot be decided statically
-----------------------------------------------
The answer is an over-approximation: a set of source addresses from which *some* request may
succeed. Parts that cannot be decided evaluate to ``Tri.MAYBE`` and are resolved in the caller's
favour, independently per statement: an Allow that may apply applies, a Deny that may apply
does not. Undecidable are attacker-chosen keys (``aws:Referer``, ``aws:UserAgent``), unknown
keys, numeric/date operators, and invalid parts of the policy. A caller not named in the policy
("outsider": anonymous, a foreign account or a foreign VPC endpoint) matches no literal value but
may match any pattern with a wildcard. Unknown API id, region and account of the target are
assumed to be whatever the policy names; an unknown stage, verb or path parameter is any value
(so an Allow needs to match some value, a Deny must match all of them).
``StatementAccess.undecided`` lists the paths that were resolved this way.

Left out: identity-policy and SCP/RCP evaluation, WAF, the authorizer's own logic (pass its
result), numeric/date/binary comparisons, policy variables (``${...}`` is read as ``*``),
``NotPrincipal`` combined with Deny beyond set complement, and the deployed-vs-saved policy.
``{"AWS": "*"}`` is treated like ``"*"`` (any caller, including anonymous).
"""

from __future__ import annotations

import enum
import json
import re
from gwlint.record import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from gwlint.analysis.cidr import (
    IpSet,
    ParsedCidr,
    format_cidrs,
    non_public_part,
    parse_cidr,
    special_blocks_in,
)

Path = tuple[Union[str, int], ...]

# -- issue codes: parsing ---------------------------------------------------------------------
INVALID_JSON = "invalid-json"
INVALID_SHAPE = "invalid-shape"
UNKNOWN_ELEMENT = "unknown-element"
MISSING_ELEMENT = "missing-element"
CONFLICTING_ELEMENTS = "conflicting-elements"
INVALID_EFFECT = "invalid-effect"
UNKNOWN_OPERATOR = "unknown-operator"
INVALID_VALUE = "invalid-value"
# -- issue codes: analysis --------------------------------------------------------------------
CIDR_PREFIX = "cidr-"  # followed by a cidr.CidrProblem code: cidr-malformed, cidr-host-bits...
PRINCIPAL_STAR_UNCONDITIONED = "principal-star-unconditioned"
ALLOW_NOT_PRINCIPAL = "allow-not-principal"
DENY_NEVER_APPLIES = "deny-never-applies"
IPV4_ONLY_IP_LIST = "ipv4-only-ip-list"
ALLOW_IP_LIST_INEFFECTIVE = "allow-ip-list-ineffective"
PRIVATE_RANGE_IN_SOURCE_IP = "private-range-in-source-ip"
SOURCE_VPC_CONDITION = "source-vpc-condition"
INVALID_VPC_ID = "invalid-vpc-id"
KEY_ABSENT_FOR_ENDPOINT = "key-absent-for-endpoint"
FORALLVALUES_SINGLE_VALUED_KEY = "forallvalues-single-valued-key"
WILDCARD_WITHOUT_LIKE = "wildcard-without-like"
OPERATOR_KEY_MISMATCH = "operator-key-mismatch"

INVOKE_ACTION = "execute-api:Invoke"
SOURCE_IP = "aws:sourceip"
VPC_SOURCE_IP = "aws:vpcsourceip"
SOURCE_VPC = "aws:sourcevpc"
SOURCE_VPCE = "aws:sourcevpce"
_IP_KEYS = frozenset({SOURCE_IP, VPC_SOURCE_IP})
_VPC_KEYS = frozenset({SOURCE_VPC, SOURCE_VPCE})
# Keys that only exist for signed (IAM) callers (§A5 condition-key table).
_PRINCIPAL_KEYS = frozenset(
    {
        "aws:principalaccount",
        "aws:principalarn",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principaltype",
        "aws:userid",
        "aws:username",
        "aws:tokenissuetime",
        "aws:multifactorauthpresent",
        "aws:multifactorauthage",
    }
)
# Single-valued keys named by Access Analyzer's "ForAllValues with single valued key" (§A4.1),
# plus aws:VpcSourceIp, which holds one address like aws:SourceIp.
_SINGLE_VALUED_KEYS = frozenset({SOURCE_IP, VPC_SOURCE_IP, SOURCE_VPC, SOURCE_VPCE})
_VPC_ID = {SOURCE_VPC: re.compile(r"vpc-[0-9a-zA-Z]{8}(?:[0-9a-zA-Z]{9})?"),
           SOURCE_VPCE: re.compile(r"vpce-[0-9a-zA-Z]{8}(?:[0-9a-zA-Z]{9})?")}


# =============================================================================================
# Three-valued truth and request-key values
# =============================================================================================


class Tri(enum.Enum):
    """Kleene truth value: MAYBE means "cannot be decided from the policy alone"."""

    FALSE = 0
    MAYBE = 1
    TRUE = 2

    @staticmethod
    def of(value: bool) -> Tri:
        return Tri.TRUE if value else Tri.FALSE

    def __and__(self, other: Tri) -> Tri:
        return Tri(min(self.value, other.value))

    def __or__(self, other: Tri) -> Tri:
        return Tri(max(self.value, other.value))

    def __invert__(self) -> Tri:
        return Tri(2 - self.value)

    def holds_for(self, effect: Optional[str]) -> bool:
        """Resolve MAYBE in the caller's favour: Allow may apply, Deny must surely apply."""
        if effect == "Allow":
            return self is not Tri.FALSE
        if effect == "Deny":
            return self is Tri.TRUE
        return False  # invalid effect: the statement does nothing (and is reported)


def _any(values: Iterable[Tri]) -> Tri:
    result = Tri.FALSE
    for value in values:
        result |= value
    return result


class KeyValue(enum.Enum):
    """Symbolic values of a request key (beyond a concrete string)."""

    ABSENT = "absent"  # the key is not in the request context
    FREE = "free"  # unknown, or chosen by the caller: could be anything, or missing
    OUTSIDER = "outsider"  # present, equal to no literal in the policy (a foreign id)


# =============================================================================================
# Parsed policy
# =============================================================================================


@dataclass(frozen=True)
class Issue:
    """A problem or a structured result, located at ``path`` inside the policy document."""

    code: str
    path: Path
    message: str
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Value:
    """One scalar of the document with its path; ``cidr`` is set for IP-operator values."""

    value: Any
    path: Path
    cidr: Optional[ParsedCidr] = None


@dataclass(frozen=True)
class _OperatorSpec:
    name: str
    family: str  # ip, string, string-ci, arn, null, bool, numeric, date, binary
    negated: bool = False
    glob: bool = False


_OPERATOR_SPECS = {
    spec.name.lower(): spec
    for spec in (
        _OperatorSpec("StringEquals", "string"),
        _OperatorSpec("StringNotEquals", "string", negated=True),
        _OperatorSpec("StringEqualsIgnoreCase", "string-ci"),
        _OperatorSpec("StringNotEqualsIgnoreCase", "string-ci", negated=True),
        _OperatorSpec("StringLike", "string", glob=True),
        _OperatorSpec("StringNotLike", "string", negated=True, glob=True),
        # IAM documents ArnEquals and ArnLike together: both take wildcards.
        _OperatorSpec("ArnEquals", "arn", glob=True),
        _OperatorSpec("ArnLike", "arn", glob=True),
        _OperatorSpec("ArnNotEquals", "arn", negated=True, glob=True),
        _OperatorSpec("ArnNotLike", "arn", negated=True, glob=True),
        _OperatorSpec("IpAddress", "ip"),
        _OperatorSpec("NotIpAddress", "ip", negated=True),
        _OperatorSpec("Null", "null"),
        _OperatorSpec("Bool", "bool"),
        _OperatorSpec("BinaryEquals", "binary"),
        _OperatorSpec("NumericEquals", "numeric"),
        _OperatorSpec("NumericNotEquals", "numeric", negated=True),
        _OperatorSpec("NumericLessThan", "numeric"),
        _OperatorSpec("NumericLessThanEquals", "numeric"),
        _OperatorSpec("NumericGreaterThan", "numeric"),
        _OperatorSpec("NumericGreaterThanEquals", "numeric"),
        _OperatorSpec("DateEquals", "date"),
        _OperatorSpec("DateNotEquals", "date", negated=True),
        _OperatorSpec("DateLessThan", "date"),
        _OperatorSpec("DateLessThanEquals", "date"),
        _OperatorSpec("DateGreaterThan", "date"),
        _OperatorSpec("DateGreaterThanEquals", "date"),
    )
}


@dataclass(frozen=True)
class Operator:
    """A condition operator such as ``ForAllValues:StringNotLikeIfExists``, decomposed."""

    text: str  # as written
    name: str  # canonical base name ("NotIpAddress"), or "" when unknown
    family: str  # see _OperatorSpec, or "unknown"
    negated: bool = False
    glob: bool = False
    if_exists: bool = False
    qualifier: Optional[str] = None  # "ForAllValues" / "ForAnyValue"

    @property
    def known(self) -> bool:
        return bool(self.name)


def parse_operator(text: str) -> Operator:
    """Decompose an operator name; case-insensitive like IAM."""
    rest = text.lower()
    qualifier = None
    for prefix in ("ForAllValues", "ForAnyValue"):
        if rest.startswith(prefix.lower() + ":"):
            qualifier, rest = prefix, rest[len(prefix) + 1 :]
    if_exists = rest.endswith("ifexists")
    if if_exists:
        rest = rest[: -len("ifexists")]
    spec = _OPERATOR_SPECS.get(rest)
    if spec is None or (spec.family == "null" and if_exists):  # NullIfExists is invalid (§A4.1)
        return Operator(text, "", "unknown", if_exists=if_exists, qualifier=qualifier)
    return Operator(text, spec.name, spec.family, spec.negated, spec.glob, if_exists, qualifier)


@dataclass(frozen=True)
class ConditionClause:
    """One operator/key pair of a Condition block; its values are OR-ed."""

    operator: Operator
    key: str  # as written
    values: tuple[Value, ...]
    path: Path  # ("Statement", i, "Condition", operator, key)
    valid: bool = True  # False when the block under the operator is not a mapping

    @property
    def key_lower(self) -> str:
        return self.key.lower()

    @property
    def is_ip_test(self) -> bool:
        return self.valid and self.operator.family == "ip"


@dataclass(frozen=True)
class Statement:
    index: Optional[int]  # None when Statement is a single object
    path: Path
    sid: Optional[str]
    effect: Optional[str]  # "Allow" / "Deny"; None when missing or invalid
    principal: Optional[Value]  # the Principal or NotPrincipal element, raw
    principal_negated: bool
    actions: Optional[tuple[Value, ...]]  # None when missing
    actions_negated: bool
    resources: Optional[tuple[Value, ...]]
    resources_negated: bool
    conditions: tuple[ConditionClause, ...]
    condition_valid: bool = True  # False when Condition is not a mapping

    @property
    def has_condition(self) -> bool:
        return bool(self.conditions) or not self.condition_valid

    def clauses_on(self, key: str) -> list[ConditionClause]:
        return [c for c in self.conditions if c.key_lower == key.lower()]


@dataclass(frozen=True)
class Policy:
    statements: tuple[Statement, ...]
    problems: tuple[Issue, ...] = ()
    version: Optional[str] = None


_POLICY_ELEMENTS = ("Version", "Id", "Statement")
_STATEMENT_ELEMENTS = (
    "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
    "Resource", "NotResource", "Condition",
)


def parse_policy(document: Any, base_path: Path = ()) -> Policy:
    """Parse a policy document (mapping, or JSON text); problems are reported, never raised."""
    if isinstance(document, (str, bytes)):
        try:
            document = json.loads(document)
        except ValueError as exc:
            return Policy((), (Issue(INVALID_JSON, base_path, f"policy is not valid JSON: {exc}"),))
    if not isinstance(document, Mapping):
        return Policy((), (Issue(INVALID_SHAPE, base_path, "a policy must be an object"),))
    problems: list[Issue] = []
    _report_unknown_elements(document, _POLICY_ELEMENTS, base_path, problems)
    statements = [
        _parse_statement(raw, path, index, problems)
        for raw, path, index in _statement_entries(document, base_path, problems)
    ]
    version = document.get("Version")
    return Policy(tuple(statements), tuple(problems), version if isinstance(version, str) else None)


def _statement_entries(document: Mapping, base_path: Path, problems: list[Issue]):
    raw = document.get("Statement")
    path = base_path + ("Statement",)
    if raw is None:
        problems.append(Issue(MISSING_ELEMENT, base_path, "policy has no Statement"))
        return
    if isinstance(raw, Mapping):
        yield raw, path, None
        return
    if not isinstance(raw, list):
        problems.append(Issue(INVALID_SHAPE, path, "Statement must be an object or a list"))
        return
    for index, item in enumerate(raw):
        if isinstance(item, Mapping):
            yield item, path + (index,), index
        else:
            problems.append(Issue(INVALID_SHAPE, path + (index,), "a statement must be an object"))


def _report_unknown_elements(raw: Mapping, known: Sequence[str], path: Path, problems: list[Issue]):
    for key in raw:
        if key not in known:
            problems.append(
                Issue(UNKNOWN_ELEMENT, path + (key,), f"unknown element {key!r} (names are case-sensitive)")
            )


def _parse_statement(raw: Mapping, path: Path, index: Optional[int], problems: list[Issue]) -> Statement:
    _report_unknown_elements(raw, _STATEMENT_ELEMENTS, path, problems)
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        problems.append(Issue(INVALID_EFFECT, path + ("Effect",), f"Effect must be Allow or Deny, not {effect!r}"))
        effect = None
    principal, principal_negated = _pick_element(raw, "Principal", "NotPrincipal", path, problems)
    if principal is not None and not _valid_principal(principal.value):
        problems.append(Issue(INVALID_VALUE, principal.path, f"a principal is \"*\" or an object such as "
                                                             f"{{\"AWS\": [...]}}, not {principal.value!r}"))
    actions, actions_negated = _pick_element(raw, "Action", "NotAction", path, problems)
    resources, resources_negated = _pick_element(raw, "Resource", "NotResource", path, problems)
    conditions, condition_valid = _parse_condition(raw, path + ("Condition",), problems)
    sid = raw.get("Sid")
    return Statement(
        index=index,
        path=path,
        sid=sid if isinstance(sid, str) else None,
        effect=effect,
        principal=principal,
        principal_negated=principal_negated,
        actions=_string_list(actions, problems) if actions else None,
        actions_negated=actions_negated,
        resources=_string_list(resources, problems) if resources else None,
        resources_negated=resources_negated,
        conditions=conditions,
        condition_valid=condition_valid,
    )


def _pick_element(raw: Mapping, name: str, negated_name: str, path: Path, problems: list[Issue]):
    """Return (Value of X or NotX, whether it was NotX); report both or neither being present."""
    if name in raw and negated_name in raw:
        problems.append(Issue(CONFLICTING_ELEMENTS, path + (negated_name,), f"{name} and {negated_name} together"))
    if name in raw:
        return Value(raw[name], path + (name,)), False
    if negated_name in raw:
        return Value(raw[negated_name], path + (negated_name,)), True
    problems.append(Issue(MISSING_ELEMENT, path, f"statement has no {name} or {negated_name}"))
    return None, False


def _valid_principal(value: Any) -> bool:
    if value == "*":
        return True
    return isinstance(value, Mapping) and bool(value) and all(
        isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v)) for v in value.values()
    )


def _string_list(element: Value, problems: list[Issue]) -> tuple[Value, ...]:
    """Action/Resource: a string or a list of strings; anything else is reported."""
    if isinstance(element.value, str):
        return (element,)
    if isinstance(element.value, list):
        items = tuple(Value(item, element.path + (i,)) for i, item in enumerate(element.value))
        for item in items:
            if not isinstance(item.value, str):
                problems.append(Issue(INVALID_VALUE, item.path, f"expected a string, got {item.value!r}"))
        return items
    problems.append(Issue(INVALID_VALUE, element.path, f"expected a string or a list, got {element.value!r}"))
    return (element,)


def _parse_condition(raw: Mapping, path: Path, problems: list[Issue]) -> tuple[tuple[ConditionClause, ...], bool]:
    if "Condition" not in raw:
        return (), True
    block = raw["Condition"]
    if not isinstance(block, Mapping):
        problems.append(Issue(INVALID_SHAPE, path, "Condition must be an object"))
        return (), False
    clauses = []
    for operator_text, keys in block.items():
        operator = parse_operator(str(operator_text))
        operator_path = path + (operator_text,)
        if not operator.known:
            problems.append(Issue(UNKNOWN_OPERATOR, operator_path, f"unknown condition operator {operator_text!r}"))
        if not isinstance(keys, Mapping):
            problems.append(Issue(INVALID_SHAPE, operator_path, "a condition operator needs an object of keys"))
            clauses.append(ConditionClause(operator, "", (), operator_path, valid=False))
            continue
        for key, raw_values in keys.items():
            clauses.append(_parse_clause(operator, str(key), raw_values, operator_path + (key,), problems))
    return tuple(clauses), True


def _parse_clause(operator: Operator, key: str, raw_values: Any, path: Path, problems: list[Issue]) -> ConditionClause:
    if isinstance(raw_values, list):
        values = [Value(v, path + (i,)) for i, v in enumerate(raw_values)]
        if not values:
            problems.append(Issue(INVALID_VALUE, path, "empty list of condition values"))
    else:
        values = [Value(raw_values, path)]
    for value in values:
        if isinstance(value.value, (Mapping, list)) or value.value is None:
            problems.append(Issue(INVALID_VALUE, value.path, f"condition values must be scalars, got {value.value!r}"))
    if operator.family == "ip":
        values = [Value(v.value, v.path, parse_cidr(v.value)) for v in values]
    return ConditionClause(operator, key, tuple(values), path)


# =============================================================================================
# Glob matching with unknown parts (IAM wildcards: * = any run incl. "/", ? = one character)
# =============================================================================================


@dataclass(frozen=True)
class _Glob:
    """One pattern token: a literal character, or a class (any / segment) possibly starred."""

    kind: str  # "lit", "any" (any character) or "seg" (any but "/" and ":")
    char: str = ""
    star: bool = False

    def accepts(self, ch: str) -> bool:
        if self.kind == "lit":
            return ch == self.char
        return self.kind == "any" or ch not in "/:"

    def can_take_from(self, hole: _Hole) -> bool:
        # Every hole admits ordinary letters, which any class token accepts.
        return hole.allows(self.char) if self.kind == "lit" else True

    def swallows(self, hole: _Hole) -> bool:
        """Whether this token matches every possible filling of an opaque hole."""
        if not self.star:
            return False
        return self.kind == "any" or (self.kind == "seg" and not hole.slash and not hole.colon)


_STAR = _Glob("any", star=True)
_QMARK = _Glob("any")
_SEGMENT_STAR = _Glob("seg", star=True)


@dataclass(frozen=True)
class _Hole:
    """An unknown part of the subject (target ARN).

    ``assumed`` holes (API id, region, account) are existential in every mode: they are assumed
    to be what the policy names. Other holes (stage, verb, path parameters) are existential for
    "may match" and opaque for "always matches", where only a star covering every filling can
    consume them.
    """

    slash: bool  # may contain "/"
    colon: bool  # may contain ":"
    may_be_empty: bool
    assumed: bool = False

    def allows(self, ch: str) -> bool:
        return (ch != "/" or self.slash) and (ch != ":" or self.colon)


_ASSUMED_FIELD = _Hole(slash=False, colon=False, may_be_empty=False, assumed=True)
_SEGMENT = _Hole(slash=False, colon=True, may_be_empty=False)
_GREEDY = _Hole(slash=True, colon=True, may_be_empty=False)  # {proxy+}
_ANY_PATH = _Hole(slash=True, colon=True, may_be_empty=True)

_Subject = Sequence[Union[str, _Hole]]


def _glob_tokens(pattern: str) -> list[_Glob]:
    """Tokenize an IAM pattern. ``${*}``, ``${?}``, ``${$}`` are literal; other ``${...}``
    (policy variables, unresolved CloudFormation Fn::Sub references) match anything."""
    tokens: list[_Glob] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("${", i) and "}" in pattern[i:]:
            end = pattern.index("}", i)
            inner = pattern[i + 2 : end]
            tokens.append(_Glob("lit", inner) if inner in ("*", "?", "$") else _STAR)
            i = end + 1
            continue
        ch = pattern[i]
        tokens.append(_STAR if ch == "*" else _QMARK if ch == "?" else _Glob("lit", ch))
        i += 1
    # Runs of stars are one star; keeps the search small.
    return [t for k, t in enumerate(tokens) if not (t == _STAR and k and tokens[k - 1] == _STAR)]


def _glob_match(pattern: Sequence[_Glob], subject: _Subject, opaque: bool = False) -> bool:
    """Does some filling of the subject's holes match the pattern?

    With ``opaque=True`` non-assumed holes must be matched for every filling instead. A search
    over states (pattern index, subject index, inside-a-hole), so it cannot backtrack
    exponentially the way a regex would.
    """
    goal = (len(pattern), len(subject), False)
    todo = [(0, 0, False)]
    seen = set()
    while todo:
        state = todo.pop()
        if state == goal:
            return True
        if state in seen:
            continue
        seen.add(state)
        todo.extend(_next_states(pattern, subject, opaque, *state))
    return False


def _next_states(pattern, subject, opaque, i, j, inside):
    token = pattern[i] if i < len(pattern) else None
    item = subject[j] if j < len(subject) else None
    after = i if token is not None and token.star else i + 1
    if token is not None and token.star:
        yield i + 1, j, inside  # the star matches nothing more
    if isinstance(item, _Hole):
        if opaque and not item.assumed:
            if token is not None and token.swallows(item):
                yield i, j + 1, False
            return
        if inside or item.may_be_empty:
            yield i, j + 1, False  # the hole's filling ends here
        if token is not None and token.can_take_from(item):
            yield after, j, True  # one more character of the filling
    elif item is not None and token is not None and token.accepts(item):
        yield after, j + 1, False


def _text_glob(pattern: str, text: str, ignore_case: bool = False) -> bool:
    if ignore_case:
        pattern, text = pattern.lower(), text.lower()
    return _glob_match(_glob_tokens(pattern), list(text))


def _has_wildcard(text: str) -> bool:
    return any(t.kind != "lit" for t in _glob_tokens(text))


# =============================================================================================
# Targets and resources
# =============================================================================================


@dataclass(frozen=True)
class MethodTarget:
    """The method being invoked; ``None`` parts are unknown.

    ``method`` None or ``"ANY"`` means any HTTP verb. ``path`` is the request path or an OpenAPI
    template (``/pets/{petId}``, ``/{proxy+}``); None means any path.
    """

    stage: Optional[str] = None
    method: Optional[str] = None
    path: Optional[str] = None
    api_id: Optional[str] = None
    region: Optional[str] = None
    account: Optional[str] = None
    partition: str = "aws"

    def arn(self) -> str:
        """Readable ARN with ``{placeholders}`` for unknown parts (for messages)."""
        verb = self.method.upper() if self.method and self.method.upper() != "ANY" else "{method}"
        path = "{path}" if self.path is None else self.path.lstrip("/")
        return (
            f"arn:{self.partition}:execute-api:{self.region or '{region}'}:{self.account or '{account}'}:"
            f"{self.api_id or '{api-id}'}/{self.stage or '{stage}'}/{verb}/{path}"
        )

    def subject(self) -> list[Union[str, _Hole]]:
        """The ARN as characters and holes, for ``_glob_match``."""
        parts: list[Union[str, _Hole]] = list(f"arn:{self.partition}:execute-api:")
        parts += _known_or(self.region, _ASSUMED_FIELD) + [":"]
        parts += _known_or(self.account, _ASSUMED_FIELD) + [":"]
        parts += _known_or(self.api_id, _ASSUMED_FIELD) + ["/"]
        parts += _known_or(self.stage, _SEGMENT) + ["/"]
        verb = None if self.method is None or self.method.upper() == "ANY" else self.method.upper()
        parts += _known_or(verb, _SEGMENT) + ["/"]
        parts += _path_subject(self.path)
        return parts


def _known_or(value: Optional[str], hole: _Hole) -> list[Union[str, _Hole]]:
    return [hole] if value is None else list(value)


def _path_subject(path: Optional[str]) -> list[Union[str, _Hole]]:
    if path is None:
        return [_ANY_PATH]
    parts: list[Union[str, _Hole]] = []
    for piece in re.split(r"(\{[^{}]*\})", path.lstrip("/")):
        if piece.startswith("{") and piece.endswith("}"):
            parts.append(_GREEDY if piece.endswith("+}") else _SEGMENT)
        else:
            parts.extend(piece)
    return parts


def expand_resource(pattern: str, target: MethodTarget) -> str:
    """Expand the ``execute-api:/stage/VERB/path`` shorthand relative to the target API (§A5).

    Unknown region/account/api id become ``*`` (they are assumed to be this API's anyway).
    """
    if not pattern.startswith("execute-api:/"):
        return pattern
    return (
        f"arn:{target.partition}:execute-api:{target.region or '*'}:{target.account or '*'}:"
        f"{target.api_id or '*'}{pattern[len('execute-api:'):]}"
    )


def _resource_tokens(pattern: str, target: MethodTarget) -> list[_Glob]:
    if not pattern.startswith("execute-api:/"):
        return _glob_tokens(pattern)
    # The shorthand names *this* API: the unknown fields are single ARN fields, so use a
    # segment star rather than "*", which could also swallow "/stage/...".
    tokens = _glob_tokens(f"arn:{target.partition}:execute-api:")
    for value in (target.region, target.account):
        tokens += _glob_tokens(value) if value else [_SEGMENT_STAR]
        tokens.append(_Glob("lit", ":"))
    tokens += _glob_tokens(target.api_id) if target.api_id else [_SEGMENT_STAR]
    return tokens + _glob_tokens(pattern[len("execute-api:") :])


def resource_matches(pattern: str, target: MethodTarget) -> Tri:
    """TRUE if the pattern covers every request to the target, MAYBE if only some, else FALSE.

    Matching is case-sensitive; ``*`` crosses ``/`` (§A5 "Matching").
    """
    tokens = _resource_tokens(pattern, target)
    subject = target.subject()
    if not _glob_match(tokens, subject):
        return Tri.FALSE
    return Tri.TRUE if _glob_match(tokens, subject, opaque=True) else Tri.MAYBE


# =============================================================================================
# Request context and evaluation
# =============================================================================================

ENDPOINT_TYPES = ("REGIONAL", "EDGE", "PRIVATE")
AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS")


@dataclass(frozen=True)
class RequestContext:
    """Who invokes, through which endpoint, and what the method's authorization says.

    ``authorizer_result`` is what the Lambda/Cognito authorizer or, for AWS_IAM, the caller's
    identity policy returns: "allow" (the default: what an attacker hopes for), "neither" or
    "deny". ``key_values`` overrides request keys (lower- or mixed-case names) with a string or a
    ``KeyValue``; the address keys aws:SourceIp/aws:VpcSourceIp are always symbolic.
    """

    endpoint_type: str = "REGIONAL"
    authorization: str = "NONE"
    cross_account: bool = False
    authorizer_result: str = "allow"
    cognito_requires_explicit_allow: bool = False
    target: MethodTarget = MethodTarget()
    key_values: Mapping[str, Union[str, KeyValue]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "endpoint_type", self.endpoint_type.upper())
        object.__setattr__(self, "authorization", self.authorization.upper())
        object.__setattr__(self, "key_values", {k.lower(): v for k, v in self.key_values.items()})

    @property
    def address_key(self) -> str:
        """The key holding the client address: aws:VpcSourceIp on PRIVATE, else aws:SourceIp."""
        return VPC_SOURCE_IP if self.endpoint_type == "PRIVATE" else SOURCE_IP

    @property
    def caller(self) -> str:
        """anonymous (unsigned request), iam-same-account or iam-cross-account."""
        if self.authorization != "AWS_IAM":
            return "anonymous"
        return "iam-cross-account" if self.cross_account else "iam-same-account"

    def key_value(self, key: str) -> Union[str, KeyValue]:
        """Value of a non-address request key, from overrides or the endpoint/caller defaults."""
        key = key.lower()
        if key in self.key_values:
            return self.key_values[key]
        if key in _VPC_KEYS:
            # Present only through a VPC endpoint; by default someone else's endpoint.
            return KeyValue.OUTSIDER if self.endpoint_type == "PRIVATE" else KeyValue.ABSENT
        if key in _PRINCIPAL_KEYS or key.startswith("aws:principaltag/"):
            return {
                "anonymous": KeyValue.ABSENT,
                "iam-cross-account": KeyValue.OUTSIDER,
            }.get(self.caller, KeyValue.FREE)
        return KeyValue.FREE  # attacker-chosen (Referer, UserAgent) or unknown


@dataclass(frozen=True)
class StatementAccess:
    """How one statement treats the request: ``addresses`` it matches (empty if it does not apply)."""

    statement: Statement
    applies: bool
    addresses: IpSet
    undecided: tuple[Path, ...] = ()  # parts evaluated MAYBE and resolved in the caller's favour

    @property
    def effect(self) -> Optional[str]:
        return self.statement.effect


@dataclass(frozen=True)
class PolicyAccess:
    context: RequestContext
    statements: tuple[StatementAccess, ...]
    allowed: IpSet  # addresses matched by an applicable Allow
    denied: IpSet  # addresses matched by an applicable Deny (explicit deny)
    may_invoke: IpSet  # after API Gateway combines the policy with the authorization

    @property
    def allow_statements(self) -> list[StatementAccess]:
        return [s for s in self.statements if s.applies and s.effect == "Allow"]

    @property
    def deny_statements(self) -> list[StatementAccess]:
        return [s for s in self.statements if s.applies and s.effect == "Deny"]


def evaluate(policy: Union[Policy, Mapping, str, None], context: RequestContext) -> PolicyAccess:
    """Source addresses that may invoke ``context.target`` (see module docstring)."""
    if policy is not None and not isinstance(policy, Policy):
        policy = parse_policy(policy)
    statements = tuple(evaluate_statement(s, context) for s in policy.statements) if policy else ()
    allowed, denied = IpSet.empty(), IpSet.empty()
    for access in statements:
        if access.applies and access.effect == "Allow":
            allowed |= access.addresses
        elif access.applies and access.effect == "Deny":
            denied |= access.addresses
    may_invoke = _api_gateway_decision(context, allowed, denied, has_policy=policy is not None)
    return PolicyAccess(context, statements, allowed, denied, may_invoke)


def _api_gateway_decision(ctx: RequestContext, allowed: IpSet, denied: IpSet, has_policy: bool) -> IpSet:
    """Combine the resource policy with the method's authorization (§A5 flows, Tables A/B)."""
    everyone = IpSet.everything()
    if not has_policy:
        if ctx.endpoint_type == "PRIVATE":
            return IpSet.empty()  # "Until a resource policy is attached, all calls will fail"
        if ctx.authorization == "NONE":
            return everyone  # no resource policy to seek an allow in
        # Otherwise the policy side is "Neither" in Tables A/B (allowed and denied are empty).
    if ctx.authorization == "NONE":
        return allowed - denied  # "seeking an explicit allow"
    if ctx.authorizer_result == "deny":
        return IpSet.empty()
    authorizer_allows = ctx.authorizer_result == "allow"
    both_must_allow = (ctx.authorization == "AWS_IAM" and ctx.cross_account) or (
        ctx.authorization == "COGNITO_USER_POOLS" and ctx.cognito_requires_explicit_allow
    )
    if both_must_allow:  # Table B, or the "explicit allow required" reading for Cognito
        return allowed - denied if authorizer_allows else IpSet.empty()
    # Table A: explicit deny wins; otherwise an Allow on either side suffices.
    return (everyone if authorizer_allows else allowed) - denied


def evaluate_statement(statement: Statement, ctx: RequestContext) -> StatementAccess:
    undecided: list[Path] = []
    gate = statement_applies(statement, ctx, undecided)
    addresses = IpSet.everything()
    if not statement.condition_valid:
        gate &= Tri.MAYBE
        undecided.append(statement.path + ("Condition",))
    for clause in statement.conditions:
        outcome = evaluate_clause(clause, ctx)
        if isinstance(outcome, IpSet):
            addresses &= outcome
        else:
            gate &= outcome
            if outcome is Tri.MAYBE:
                undecided.append(clause.path)
    applies = gate.holds_for(statement.effect) and not addresses.is_empty
    return StatementAccess(statement, applies, addresses if applies else IpSet.empty(), tuple(undecided))


def statement_applies(statement: Statement, ctx: RequestContext, undecided: Optional[list[Path]] = None) -> Tri:
    """Do Principal, Action and Resource cover this caller invoking ``ctx.target``?"""
    parts = (
        (_principal_matches(statement, ctx), statement.principal.path if statement.principal else statement.path),
        (_action_matches(statement), statement.path + ("Action",)),
        (_resources_match(statement, ctx.target), statement.path + ("Resource",)),
    )
    result = Tri.TRUE
    for outcome, path in parts:
        result &= outcome
        if outcome is Tri.MAYBE and undecided is not None:
            undecided.append(path)
    return result


def _negate_if(negated: bool, outcome: Tri) -> Tri:
    return ~outcome if negated else outcome


def may_invoke_action(statement: Statement) -> bool:
    """Whether the statement's Action/NotAction may cover ``execute-api:Invoke`` (statements about other
    actions, such as an ``sts:AssumeRole`` left in a policy, say nothing about who may call the API)."""
    return _action_matches(statement) is not Tri.FALSE


def _action_matches(statement: Statement) -> Tri:
    if statement.actions is None:
        return Tri.MAYBE
    hit = _any(
        Tri.of(_text_glob(v.value, INVOKE_ACTION, ignore_case=True)) if isinstance(v.value, str) else Tri.MAYBE
        for v in statement.actions
    )
    return _negate_if(statement.actions_negated, hit)


def _resources_match(statement: Statement, target: MethodTarget) -> Tri:
    if statement.resources is None:
        return Tri.MAYBE
    hit = _any(
        resource_matches(v.value, target) if isinstance(v.value, str) else Tri.MAYBE
        for v in statement.resources
    )
    return _negate_if(statement.resources_negated, hit)


def _principal_matches(statement: Statement, ctx: RequestContext) -> Tri:
    if statement.principal is None:
        return Tri.MAYBE
    raw = statement.principal.value
    if raw == "*":
        hit = Tri.TRUE
    elif isinstance(raw, Mapping):
        hit = _any(
            _one_principal(kind, item, ctx)
            for kind, items in raw.items()
            for item in (items if isinstance(items, list) else [items])
        )
    else:
        hit = Tri.MAYBE  # invalid shape, reported by the parser
    return _negate_if(statement.principal_negated, hit)


def _one_principal(kind: str, value: Any, ctx: RequestContext) -> Tri:
    if kind != "AWS":
        return Tri.FALSE  # Service/Federated/CanonicalUser principals never invoke as these callers
    if value == "*":
        return Tri.TRUE
    if not isinstance(value, str) or "*" in value:
        return Tri.MAYBE
    if ctx.caller != "iam-same-account":
        # Anonymous callers are no named principal; the cross-account caller is an outsider.
        return Tri.FALSE
    account = value if re.fullmatch(r"\d{12}", value) else (value.split(":") + [""] * 5)[4]
    if ctx.target.account is None:
        return Tri.MAYBE
    if account != ctx.target.account:
        return Tri.FALSE
    # The account root delegates to the account's identity policies; a named role or user may
    # or may not be the caller.
    return Tri.TRUE if value == account or value.endswith(":root") else Tri.MAYBE


# -- conditions -------------------------------------------------------------------------------


def evaluate_clause(clause: ConditionClause, ctx: RequestContext) -> Union[Tri, IpSet]:
    """Truth of one operator/key clause: an ``IpSet`` where it depends on the client address,
    otherwise a ``Tri``."""
    operator = clause.operator
    if not clause.valid or not operator.known:
        return Tri.MAYBE
    key = clause.key_lower
    if key in _IP_KEYS:
        present = key == ctx.address_key
        if operator.family == "null":
            return _null_test(clause, is_absent=Tri.of(not present))
        if not present:
            return _missing_key_result(operator)
        if operator.family != "ip":
            return Tri.MAYBE  # e.g. StringEquals on an address: not modelled
        return ip_clause_addresses(clause)
    value = ctx.key_value(key)
    if operator.family == "null":
        absent = Tri.MAYBE if value is KeyValue.FREE else Tri.of(value is KeyValue.ABSENT)
        return _null_test(clause, absent)
    if value is KeyValue.ABSENT:
        return _missing_key_result(operator)
    if value is KeyValue.FREE or operator.family == "ip":
        return Tri.MAYBE
    return _negate_if(operator.negated, _any_value_matches(clause, value))


def ip_clause_addresses(clause: ConditionClause) -> IpSet:
    """Addresses for which an IpAddress/NotIpAddress clause holds, the key being present.

    Values are OR-ed; for NotIpAddress the address must be in none of them (§A7). Malformed
    values match nothing.
    """
    listed = IpSet.from_networks(v.cidr.network for v in clause.values if v.cidr is not None and v.cidr.ok)
    return ~listed if clause.operator.negated else listed


def _missing_key_result(operator: Operator) -> Tri:
    """§A7: an absent key makes a condition false, except IfExists, negated operators and
    ForAllValues (all of no values), which are true; ForAnyValue of no values is false."""
    if operator.if_exists or operator.qualifier == "ForAllValues":
        return Tri.TRUE
    if operator.qualifier == "ForAnyValue":
        return Tri.FALSE
    return Tri.of(operator.negated)


def _null_test(clause: ConditionClause, is_absent: Tri) -> Tri:
    """Null: "true" asks for an absent key, "false" for a present one; values are OR-ed."""
    outcomes = []
    for value in clause.values:
        text = _as_text(value.value).lower()
        outcomes.append(is_absent if text == "true" else ~is_absent if text == "false" else Tri.MAYBE)
    return _any(outcomes)


def _any_value_matches(clause: ConditionClause, value: Union[str, KeyValue]) -> Tri:
    """Positive form of the test (before negation) against a present key value."""
    family = clause.operator.family
    patterns = [_as_text(v.value) for v in clause.values]
    if family not in ("string", "string-ci", "arn", "bool"):
        return Tri.MAYBE  # numeric, date, binary: not modelled
    if value is KeyValue.OUTSIDER:
        # An outsider's value equals no literal, but may fit any pattern with a wildcard.
        if family == "bool":
            return Tri.MAYBE
        if clause.operator.glob and any(_has_wildcard(p) for p in patterns):
            return Tri.MAYBE
        return Tri.FALSE
    if family == "bool":
        return Tri.of(value.lower() in (p.lower() for p in patterns))
    if clause.operator.glob:
        return Tri.of(any(_text_glob(p, value) for p in patterns))
    if family == "string-ci":
        return Tri.of(value.casefold() in (p.casefold() for p in patterns))
    return Tri.of(value in patterns)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# =============================================================================================
# Structured results for rules
# =============================================================================================


def find_issues(policy: Union[Policy, Mapping, str], context: Optional[RequestContext] = None) -> list[Issue]:
    """Parse problems plus everything a rule may want to report, each with its path and data.

    Codes and their ``data``:

    * ``cidr-<problem>`` (malformed, host-bits, no-prefix, leading-zeros, whitespace,
      ipv4-mapped, not-a-string): ``{"value", "network"}``.
    * ``principal-star-unconditioned``: Allow to ``*`` without a Condition; ``{"resources"}``.
    * ``allow-not-principal``: Allow with NotPrincipal (grants to anonymous callers too).
    * ``deny-never-applies``: a Deny whose IP condition no address of a family can satisfy,
      e.g. NotIpAddress containing 0.0.0.0/0; ``{"key", "families"}``.
    * ``ipv4-only-ip-list``: Deny+IpAddress or Allow+NotIpAddress listing only IPv4, so IPv6
      (dualstack/edge) callers bypass the deny or are all allowed; ``{"key", "effect", "operator"}``.
    * ``allow-ip-list-ineffective``: an Allow with an IP condition on a method whose
      authorization lets non-matching callers in anyway (Table A); ``{"authorization",
      "admitted_anyway"}`` (an IpSet).
    * ``private-range-in-source-ip``: a value at least half non-public (a broad range such as
      0.0.0.0/1 merely containing 10.0.0.0/8 is not reported); ``{"blocks",
      "value_only_private", "clause_only_private", "effect", "operator"}``.
    * ``source-vpc-condition``: any aws:SourceVpc/aws:SourceVpce clause; ``{"key", "operator",
      "values", "effect", "key_present"}``. ``invalid-vpc-id`` for malformed ids.
    * ``key-absent-for-endpoint``: aws:SourceIp on PRIVATE, aws:VpcSourceIp or aws:SourceVpc(e)
      on REGIONAL/EDGE; ``{"key", "endpoint_type", "always_true"}`` (the clause is constant).
    * ``forallvalues-single-valued-key``, ``wildcard-without-like``, ``operator-key-mismatch``.
    """
    ctx = context or RequestContext()
    if not isinstance(policy, Policy):
        policy = parse_policy(policy)
    issues = list(policy.problems)
    for statement in policy.statements:
        issues += _principal_issues(statement)
        for clause in statement.conditions:
            issues += _clause_issues(statement, clause, ctx)
        issues += _ip_list_issues(statement)
    issues += _ineffective_allow_lists(policy, ctx)
    return issues


def _principal_issues(statement: Statement) -> list[Issue]:
    if statement.effect != "Allow" or statement.principal is None:
        return []
    path = statement.principal.path
    if statement.principal_negated:
        message = "Allow with NotPrincipal grants to everyone else, anonymous callers included"
        return [Issue(ALLOW_NOT_PRINCIPAL, path, message)]
    if _is_everyone(statement.principal.value) and not statement.has_condition:
        resources = [v.value for v in statement.resources or ()]
        message = "Allow to Principal * without any Condition"
        return [Issue(PRINCIPAL_STAR_UNCONDITIONED, path, message, {"resources": resources})]
    return []


def _is_everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, Mapping):
        aws = principal.get("AWS")
        return aws == "*" or (isinstance(aws, list) and "*" in aws)
    return False


def _clause_issues(statement: Statement, clause: ConditionClause, ctx: RequestContext) -> list[Issue]:
    if not clause.valid:
        return []
    issues = []
    operator, key = clause.operator, clause.key_lower
    if operator.family == "ip":
        issues += _cidr_issues(clause)
        if key == SOURCE_IP:
            issues += _private_range_issues(statement, clause)
    if key in _VPC_KEYS:
        issues += _vpc_issues(statement, clause, ctx)
    issues += _absent_key_issues(clause, ctx)
    if operator.qualifier == "ForAllValues" and key in _SINGLE_VALUED_KEYS:
        issues.append(Issue(FORALLVALUES_SINGLE_VALUED_KEY, clause.path,
                            f"ForAllValues on single-valued {clause.key} is true when the key is absent"))
    if operator.family in ("string", "string-ci") and not operator.glob:
        for value in clause.values:
            if isinstance(value.value, str) and _has_wildcard(value.value):
                message = f"{operator.name} compares {value.value!r} literally; use a Like operator for wildcards"
                issues.append(Issue(WILDCARD_WITHOUT_LIKE, value.path, message))
    ip_key_without_ip_test = key in _IP_KEYS and operator.family not in ("ip", "null", "unknown")
    if ip_key_without_ip_test or (key in _VPC_KEYS and operator.family == "ip"):
        message = f"{operator.text} does not fit the type of {clause.key}"
        issues.append(Issue(OPERATOR_KEY_MISMATCH, clause.path, message))
    return issues


def _cidr_issues(clause: ConditionClause) -> list[Issue]:
    issues = []
    for value in clause.values:
        for problem in value.cidr.problems if value.cidr else ():
            data = {"value": value.value, "network": value.cidr.network}
            issues.append(Issue(CIDR_PREFIX + problem.code, value.path, problem.message, data))
    return issues


def _private_range_issues(statement: Statement, clause: ConditionClause) -> list[Issue]:
    """§A5/§A6: aws:SourceIp only ever holds public addresses."""
    parsed = [(v, v.cidr.as_ipset()) for v in clause.values if v.cidr is not None and v.cidr.ok]
    hidden = [(v, s, non_public_part(s)) for v, s in parsed]
    clause_only_private = bool(parsed) and all(h == s for _, s, h in hidden)
    consequence = ""
    if clause_only_private:
        always = clause.operator.negated  # NotIpAddress [private only] holds for every caller
        consequence = " The whole list is non-public, so this condition " + (
            "holds for every caller" + (" (this Deny locks everyone out)" if statement.effect == "Deny" else "")
            if always else "never matches"
        ) + "."
    issues = []
    for value, addresses, non_public in hidden:
        # A broad public range (0.0.0.0/0, 0.0.0.0/1) always contains some special blocks;
        # report only values that are mostly non-public, like 10.0.0.0/8 or 10.0.0.0/7.
        if 2 * (non_public.v4.size + non_public.v6.size) < addresses.v4.size + addresses.v6.size:
            continue
        names = sorted({f"{b.cidr} {b.name}" for b in special_blocks_in(non_public)})
        message = (
            f"{value.value} in aws:SourceIp covers non-public addresses ({'; '.join(names)}); "
            f"aws:SourceIp only sees public addresses, use aws:VpcSourceIp for private ranges.{consequence}"
        )
        data = {
            "blocks": names,
            "value_only_private": non_public == addresses,
            "clause_only_private": clause_only_private,
            "effect": statement.effect,
            "operator": clause.operator.name,
        }
        issues.append(Issue(PRIVATE_RANGE_IN_SOURCE_IP, value.path, message, data))
    return issues


def _vpc_issues(statement: Statement, clause: ConditionClause, ctx: RequestContext) -> list[Issue]:
    values = [v.value for v in clause.values]
    data = {
        "key": clause.key,
        "operator": clause.operator.name,
        "values": values,
        "effect": statement.effect,
        "key_present": ctx.endpoint_type == "PRIVATE",
    }
    issues = [Issue(SOURCE_VPC_CONDITION, clause.path, f"{clause.key} {clause.operator.text} {values}", data)]
    pattern = _VPC_ID[clause.key_lower]
    for value in clause.values:
        text = value.value
        if isinstance(text, str) and not (clause.operator.glob and _has_wildcard(text)) and not pattern.fullmatch(text):
            issues.append(Issue(INVALID_VPC_ID, value.path, f"{text!r} is not a valid {clause.key} id"))
    return issues


def _absent_key_issues(clause: ConditionClause, ctx: RequestContext) -> list[Issue]:
    key = clause.key_lower
    private = ctx.endpoint_type == "PRIVATE"
    absent = (key == SOURCE_IP and private) or ((key == VPC_SOURCE_IP or key in _VPC_KEYS) and not private)
    if not absent or not clause.operator.known:
        return []
    result = _null_test(clause, Tri.TRUE) if clause.operator.family == "null" else _missing_key_result(clause.operator)
    hint = " (use aws:VpcSourceIp for client addresses on private APIs)" if key == SOURCE_IP else ""
    message = (
        f"{clause.key} is absent on {ctx.endpoint_type} endpoints, so this condition is always "
        f"{'true' if result is Tri.TRUE else 'false'}{hint}"
    )
    data = {"key": clause.key, "endpoint_type": ctx.endpoint_type, "always_true": result is Tri.TRUE}
    return [Issue(KEY_ABSENT_FOR_ENDPOINT, clause.path, message, data)]


def _ip_list_issues(statement: Statement) -> list[Issue]:
    """Per IP key: a Deny no address can trigger, and IPv4-only lists that leave IPv6 open."""
    issues = []
    for key in sorted(_IP_KEYS):
        clauses = [c for c in statement.clauses_on(key) if c.is_ip_test]
        if not clauses:
            continue
        matched = IpSet.everything()
        for clause in clauses:
            matched &= ip_clause_addresses(clause)
        families = {v.cidr.version for c in clauses for v in c.values if v.cidr is not None and v.cidr.ok}
        if statement.effect == "Deny":
            never = [f for f in (4, 6) if f in families and matched.family(f).is_empty]
            if never:
                path = _catch_all_value_path(clauses, never) or clauses[0].path
                names = " and ".join(f"IPv{f}" for f in never)
                issues.append(Issue(DENY_NEVER_APPLIES, path, f"this Deny never applies to {names} callers",
                                    {"key": clauses[0].key, "families": never}))
        issues += _ipv4_only_issues(statement, clauses, families, matched)
    return issues


def _ipv4_only_issues(statement: Statement, clauses, families, matched: IpSet) -> list[Issue]:
    if families != {4}:
        return []
    if statement.effect == "Deny" and matched.v6.is_empty:
        what = "IPv6 callers (edge or dualstack endpoints) are never denied by it"
    elif statement.effect == "Allow" and matched.v6.is_full:
        what = "every IPv6 caller (edge or dualstack endpoints) is allowed by it"
    else:
        return []
    clause = clauses[0]
    return [Issue(IPV4_ONLY_IP_LIST, clause.path, f"{clause.operator.text} lists only IPv4 ranges: {what}",
                  {"key": clause.key, "effect": statement.effect, "operator": clause.operator.name})]


def _catch_all_value_path(clauses: Sequence[ConditionClause], families: Sequence[int]) -> Optional[Path]:
    """Path of a NotIpAddress value such as 0.0.0.0/0 that covers a whole family."""
    for clause in clauses:
        if not clause.operator.negated:
            continue
        for value in clause.values:
            if value.cidr is not None and value.cidr.ok and value.cidr.version in families:
                if value.cidr.network.prefixlen == 0:
                    return value.path
    return None


def _ineffective_allow_lists(policy: Policy, ctx: RequestContext) -> list[Issue]:
    """§A5: with a Lambda/Cognito authorizer or same-account IAM, an Allow+IpAddress list does
    not restrict: callers outside it get "Neither" from the policy and Allow from the authorizer."""
    if ctx.authorization == "NONE":
        return []
    access = evaluate(policy, ctx)
    issues = []
    for statement_access in access.allow_statements:
        clauses = [c for c in statement_access.statement.clauses_on(ctx.address_key) if c.is_ip_test]
        admitted_anyway = access.may_invoke - statement_access.addresses
        if not clauses or admitted_anyway.is_empty:
            continue
        message = (
            f"this IP allow-list does not restrict {ctx.authorization} methods: callers outside it "
            f"still get in ({format_cidrs(admitted_anyway, 3)}); use Allow * plus Deny NotIpAddress"
        )
        data = {"authorization": ctx.authorization, "admitted_anyway": admitted_anyway}
        issues.append(Issue(ALLOW_IP_LIST_INEFFECTIVE, clauses[0].path, message, data))
    return issues
