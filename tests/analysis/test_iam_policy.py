"""Tests for gwlint.analysis.iam_policy.

The central property test compares the evaluator's address sets with a direct, per-address
simulation of IAM condition semantics and API Gateway's evaluation tables.
"""

from __future__ import annotations

import ipaddress
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwlint.analysis import iam_policy as iam
from gwlint.analysis.cidr import IpSet, PUBLIC_V4, describe
from gwlint.analysis.iam_policy import (
    KeyValue,
    MethodTarget,
    RequestContext,
    Tri,
    evaluate,
    expand_resource,
    find_issues,
    parse_operator,
    parse_policy,
    resource_matches,
)

# No example database: other engineers share this checkout, and runs must be deterministic.
FAST = settings(max_examples=150, deadline=None, database=None)

EVERYONE = IpSet.everything()


def allow(condition=None, **extra):
    return _statement("Allow", condition, **extra)


def deny(condition=None, **extra):
    return _statement("Deny", condition, **extra)


def _statement(effect, condition, **extra):
    statement = {"Effect": effect, "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}
    if condition is not None:
        statement["Condition"] = condition
    statement.update(extra)
    return statement


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def codes(issues):
    return [i.code for i in issues]


def only(issues, code):
    found = [i for i in issues if i.code == code]
    assert found, f"no {code} in {codes(issues)}"
    return found


# =============================================================================================
# Property test: evaluator vs brute-force simulation
# =============================================================================================

V4_POOL = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "10.1.0.0/16", "203.0.113.0/24",
           "203.0.113.77/24", "198.51.100.7", "192.0.2.0/25"]
V6_POOL = ["::/0", "2001:db8::/32", "2001:db8:1::/48", "2600::/12", "fe80::/10", "2001:db8::1"]

random_v4 = st.builds(lambda a, p: f"{ipaddress.IPv4Address(a)}/{p}", st.integers(0, 2**32 - 1), st.integers(0, 32))
random_v6 = st.builds(lambda a, p: f"{ipaddress.IPv6Address(a)}/{p}", st.integers(0, 2**128 - 1), st.integers(0, 128))
cidr_values = st.one_of(st.sampled_from(V4_POOL + V6_POOL), random_v4, random_v6)

ip_operators = st.sampled_from(
    ["IpAddress", "NotIpAddress", "IpAddressIfExists", "NotIpAddressIfExists", "ipaddress",
     "ForAnyValue:IpAddress", "ForAllValues:NotIpAddress", "ForAnyValue:NotIpAddress", "ForAllValues:IpAddress"]
)
ip_keys = st.sampled_from(["aws:SourceIp", "AWS:SourceIP", "aws:VpcSourceIp"])
conditions = st.dictionaries(
    ip_operators, st.dictionaries(ip_keys, st.lists(cidr_values, min_size=1, max_size=3), min_size=1, max_size=2),
    max_size=2,
)
statements = st.builds(
    lambda effect, condition: _statement(effect, condition or None),
    st.sampled_from(["Allow", "Deny"]),
    conditions,
)
policies = st.lists(statements, min_size=1, max_size=4).map(lambda s: policy(*s))
contexts = st.builds(
    RequestContext,
    endpoint_type=st.sampled_from(["REGIONAL", "EDGE", "PRIVATE"]),
    authorization=st.sampled_from(["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"]),
    cross_account=st.booleans(),
    authorizer_result=st.sampled_from(["allow", "neither", "deny"]),
    cognito_requires_explicit_allow=st.booleans(),
)


def reference_clause(operator: str, key: str, values: list[str], request: dict) -> bool:
    """IAM semantics straight from the IAM User Guide, one address at a time (research §A7)."""
    name = operator.lower()
    qualifier = None
    if ":" in name:
        qualifier, name = name.split(":", 1)
    if_exists = name.endswith("ifexists")
    name = name[: -len("ifexists")] if if_exists else name
    negated = name == "notipaddress"
    address = request.get(key.lower())
    if address is None:  # key absent from the request context
        if if_exists or qualifier == "forallvalues":
            return True
        if qualifier == "foranyvalue":
            return False
        return negated
    in_any = any(address in ipaddress.ip_network(v, strict=False) for v in values)
    return not in_any if negated else in_any


def reference_statement(statement: dict, request: dict) -> bool:
    return all(
        reference_clause(operator, key, values, request)
        for operator, keys in statement.get("Condition", {}).items()
        for key, values in keys.items()
    )


def reference_may_invoke(document: dict, ctx: RequestContext, address) -> bool:
    """API Gateway's flows and Tables A/B (research §A5), decided for one address."""
    key = "aws:vpcsourceip" if ctx.endpoint_type == "PRIVATE" else "aws:sourceip"
    request = {key: address}
    matched = [s["Effect"] for s in document["Statement"] if reference_statement(s, request)]
    policy_says = "deny" if "Deny" in matched else "allow" if "Allow" in matched else "neither"
    if ctx.authorization == "NONE":
        return policy_says == "allow"
    authorizer = ctx.authorizer_result
    if policy_says == "deny" or authorizer == "deny":
        return False
    cross = ctx.authorization == "AWS_IAM" and ctx.cross_account
    cognito_strict = ctx.authorization == "COGNITO_USER_POOLS" and ctx.cognito_requires_explicit_allow
    if cross or cognito_strict:
        return policy_says == "allow" and authorizer == "allow"
    return policy_says == "allow" or authorizer == "allow"


def probe_addresses(document: dict, extra: int) -> list:
    """One address on each side of every CIDR boundary in the policy, plus the family ends.

    The true answer is constant between consecutive boundaries, so this is exhaustive.
    """
    probes = {ipaddress.IPv4Address(0), ipaddress.IPv4Address(2**32 - 1),
              ipaddress.IPv6Address(0), ipaddress.IPv6Address(2**128 - 1),
              ipaddress.IPv4Address(extra % 2**32), ipaddress.IPv6Address(extra % 2**128)}
    for statement in document["Statement"]:
        for keys in statement.get("Condition", {}).values():
            for values in keys.values():
                for value in values:
                    network = ipaddress.ip_network(value, strict=False)
                    make = type(network.network_address)
                    top = 2**network.max_prefixlen - 1
                    for edge in (int(network.network_address), int(network.broadcast_address)):
                        for point in (edge - 1, edge, edge + 1):
                            if 0 <= point <= top:
                                probes.add(make(point))
    return sorted(probes, key=lambda a: (a.version, int(a)))


@FAST
@given(policies, contexts, st.integers(min_value=0))
def test_evaluator_matches_per_address_simulation(document, ctx, extra):
    access = evaluate(document, ctx)
    key = "aws:vpcsourceip" if ctx.endpoint_type == "PRIVATE" else "aws:sourceip"
    for address in probe_addresses(document, extra):
        assert (address in access.may_invoke) == reference_may_invoke(document, ctx, address), address
        for statement, statement_access in zip(document["Statement"], access.statements):
            assert (address in statement_access.addresses) == reference_statement(statement, {key: address})


@FAST
@given(policies)
def test_allowed_and_denied_are_unions_of_statements(document):
    access = evaluate(document, RequestContext())
    allowed = IpSet.empty()
    denied = IpSet.empty()
    for statement in access.statements:
        if statement.effect == "Allow":
            allowed |= statement.addresses
        else:
            denied |= statement.addresses
    assert access.allowed == allowed and access.denied == denied
    assert access.may_invoke == allowed - denied  # NONE auth: explicit allow needed


# =============================================================================================
# Tolerant parsing: no exception on any JSON-like input
# =============================================================================================

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
              st.sampled_from(["*", "Allow", "Deny", "10.0.0.0/8", "execute-api:/*", "execute-api:Invoke"])),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=12,
)
element_names = st.sampled_from(["Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource",
                                 "NotResource", "Condition", "Sid", "effect"])
statement_shapes = st.dictionaries(element_names, json_values, max_size=6)
condition_shapes = st.dictionaries(
    st.sampled_from(["IpAddress", "NotIpAddress", "StringEquals", "Null", "Bogus", "StringLikeIfExists"]),
    st.one_of(
        json_values,
        st.dictionaries(st.sampled_from(["aws:SourceIp", "aws:SourceVpce", "aws:Referer"]), json_values, max_size=2),
    ),
    max_size=2,
)
documents = st.one_of(
    json_values,
    st.lists(st.one_of(statement_shapes, st.builds(lambda c: allow(c), condition_shapes)), max_size=3).map(
        lambda s: {"Statement": s}
    ),
    st.builds(lambda s: {"Statement": s}, statement_shapes),
)


@settings(max_examples=200, deadline=None, database=None)
@given(documents, contexts)
def test_parse_evaluate_and_find_issues_never_raise(document, ctx):
    parsed = parse_policy(document)
    access = evaluate(parsed, ctx)
    assert access.may_invoke.issubset(EVERYONE)
    for issue in find_issues(parsed, ctx):
        assert isinstance(issue.path, tuple) and issue.code and issue.message


def test_parse_errors_are_reported_with_paths():
    result = parse_policy({"Statement": [{"effect": "Allow", "Principal": "*", "Action": 5,
                                          "Resource": "execute-api:/*", "Condition": []}, "junk"]})
    found = {(i.code, i.path) for i in result.problems}
    assert ("unknown-element", ("Statement", 0, "effect")) in found
    assert ("invalid-effect", ("Statement", 0, "Effect")) in found
    assert ("invalid-value", ("Statement", 0, "Action")) in found
    assert ("invalid-shape", ("Statement", 0, "Condition")) in found
    assert ("invalid-shape", ("Statement", 1)) in found
    assert codes(parse_policy("{not json").problems) == ["invalid-json"]
    assert codes(parse_policy([]).problems) == ["invalid-shape"]
    assert codes(parse_policy({}).problems) == ["missing-element"]
    bad_principal = parse_policy(policy(_statement("Allow", None, Principal="everyone")))
    assert [(i.code, i.path) for i in bad_principal.problems] == [("invalid-value", ("Statement", 0, "Principal"))]


def test_json_text_and_single_statement_object():
    result = parse_policy('{"Statement": {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}}')
    assert result.problems == ()
    assert result.statements[0].index is None
    assert result.statements[0].path == ("Statement",)


def test_paths_of_condition_values_and_base_path():
    document = policy(allow(), deny({"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}}))
    result = parse_policy(document, base_path=("x-amazon-apigateway-policy",))
    clause = result.statements[1].conditions[0]
    assert clause.path == ("x-amazon-apigateway-policy", "Statement", 1, "Condition", "NotIpAddress", "aws:SourceIp")
    assert [v.path[-1] for v in clause.values] == [0, 1]
    assert clause.values[1].cidr.network == ipaddress.ip_network("198.51.100.0/24")


def test_operator_parsing_is_case_insensitive():
    operator = parse_operator("forallvalues:stringnotlikeifexists")
    assert (operator.name, operator.qualifier, operator.negated, operator.if_exists, operator.glob) == (
        "StringNotLike", "ForAllValues", True, True, True)
    assert not parse_operator("IPAdress").known
    assert not parse_operator("NullIfExists").known
    assert only(find_issues(policy(allow({"IPAdress": {"aws:SourceIp": "1.2.3.4/32"}}))), "unknown-operator")


# =============================================================================================
# Evaluation: the research doc's sample policies and API Gateway's tables
# =============================================================================================


def test_p1_deny_not_ip_address_leaves_only_the_listed_range():
    document = policy(allow(), deny({"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}))
    access = evaluate(document, RequestContext())
    assert access.may_invoke == IpSet.of("203.0.113.0/24")
    assert access.may_invoke.v4.size == 256


def test_p2_half_of_ipv4_is_not_private():
    access = evaluate(policy(allow({"IpAddress": {"aws:SourceIp": ["0.0.0.0/1"]}})), RequestContext())
    assert access.may_invoke == IpSet.of("0.0.0.0/1")
    assert describe(access.may_invoke.v4).startswith("2,147,483,648 IPv4 addresses")


def test_p2b_two_halves_are_all_of_ipv4():
    access = evaluate(policy(allow({"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}})), RequestContext())
    assert access.may_invoke.v4.is_full and access.may_invoke.v6.is_empty
    assert PUBLIC_V4.issubset(access.may_invoke.v4)


def test_keys_are_and_ed_across_keys_and_operators():
    # IpAddress 0.0.0.0/0 AND SourceVpce: only through that endpoint (research §A1 PR #188 case).
    document = policy(allow({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"},
                             "StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}))
    assert evaluate(document, RequestContext()).may_invoke.is_empty  # SourceVpce absent on REGIONAL
    document = policy(allow({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8"],
                                           "AWS:SOURCEIP": ["10.1.0.0/16", "192.168.0.0/16"]}}))
    assert evaluate(document, RequestContext()).may_invoke == IpSet.of("10.1.0.0/16")


def test_two_key_deny_is_not_of_an_and():
    # policyglass bug (§A3): Deny (NotIp A AND StringNotEquals vpce) denies when *both* hold.
    document = policy(allow(), deny({"NotIpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"},
                                     "StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}))
    own_endpoint = RequestContext(endpoint_type="PRIVATE", key_values={"aws:SourceVpce": "vpce-1a2b3c4d"})
    assert evaluate(document, own_endpoint).may_invoke.is_full
    other_endpoint = RequestContext(endpoint_type="PRIVATE")
    assert evaluate(document, other_endpoint).may_invoke == IpSet.of("10.0.0.0/8")


def test_aws_private_api_example():
    document = policy(allow(), deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}))
    assert evaluate(document, RequestContext(endpoint_type="REGIONAL")).may_invoke.is_empty
    assert evaluate(document, RequestContext(endpoint_type="PRIVATE")).may_invoke.is_empty
    mine = RequestContext(endpoint_type="PRIVATE", key_values={"aws:sourcevpce": "vpce-1a2b3c4d"})
    assert evaluate(document, mine).may_invoke.is_full


def test_source_vpce_like_pattern_admits_outsiders():
    document = policy(allow({"StringLike": {"aws:SourceVpce": "vpce-*"}}))
    access = evaluate(document, RequestContext(endpoint_type="PRIVATE"))
    assert access.may_invoke.is_full
    assert access.statements[0].undecided  # resolved in the caller's favour
    literal = policy(allow({"StringEquals": {"aws:SourceVpce": "vpce-*"}}))  # '*' is literal here
    assert evaluate(literal, RequestContext(endpoint_type="PRIVATE")).may_invoke.is_empty


def test_missing_key_semantics():
    private = RequestContext(endpoint_type="PRIVATE")  # aws:SourceIp is absent
    assert evaluate(policy(allow({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})), private).may_invoke.is_empty
    assert evaluate(policy(allow({"NotIpAddress": {"aws:SourceIp": "1.2.3.4/32"}})), private).may_invoke.is_full
    assert evaluate(policy(allow({"IpAddressIfExists": {"aws:SourceIp": "1.2.3.4/32"}})), private).may_invoke.is_full
    for_all = policy(allow({"ForAllValues:IpAddress": {"aws:SourceIp": "1.2.3.4/32"}}))
    assert evaluate(for_all, private).may_invoke.is_full
    for_any = policy(allow({"ForAnyValue:NotIpAddress": {"aws:SourceIp": "1.2.3.4/32"}}))
    assert evaluate(for_any, private).may_invoke.is_empty
    assert evaluate(policy(allow({"Null": {"aws:SourceIp": "true"}})), private).may_invoke.is_full
    assert evaluate(policy(allow({"Null": {"aws:SourceIp": "true"}})), RequestContext()).may_invoke.is_empty


def test_principal_keys_are_absent_for_unsigned_callers():
    document = policy(allow(), deny({"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"}}))
    assert evaluate(document, RequestContext(authorization="NONE")).may_invoke.is_empty
    outsider = RequestContext(authorization="AWS_IAM", cross_account=True)
    assert evaluate(document, outsider).may_invoke.is_empty
    member = RequestContext(authorization="AWS_IAM", cross_account=True, key_values={"aws:PrincipalOrgID": "o-abc123"})
    assert evaluate(document, member).may_invoke.is_full


def test_attacker_controlled_keys_do_not_restrict():
    document = policy(allow({"StringEquals": {"aws:Referer": "https://example.com"}}))
    access = evaluate(document, RequestContext())
    assert access.may_invoke.is_full
    assert access.statements[0].undecided == (("Statement", 0, "Condition", "StringEquals", "aws:Referer"),)
    blocking = policy(allow(), deny({"StringNotEquals": {"aws:UserAgent": "good-client"}}))
    assert evaluate(blocking, RequestContext()).may_invoke.is_full  # the caller sends "good-client"


def test_api_gateway_tables():
    allow_list = policy(allow({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))
    listed = IpSet.of("203.0.113.0/24")

    def may(**kwargs):
        return evaluate(allow_list, RequestContext(**kwargs)).may_invoke

    assert may(authorization="NONE") == listed
    assert may(authorization="CUSTOM").is_full  # Table A: authorizer Allow + policy Neither = Allow
    assert may(authorization="CUSTOM", authorizer_result="neither") == listed
    assert may(authorization="CUSTOM", authorizer_result="deny").is_empty
    assert may(authorization="AWS_IAM").is_full
    assert may(authorization="AWS_IAM", cross_account=True) == listed  # Table B: both must allow
    assert may(authorization="AWS_IAM", cross_account=True, authorizer_result="neither").is_empty
    assert may(authorization="COGNITO_USER_POOLS").is_full
    assert may(authorization="COGNITO_USER_POOLS", cognito_requires_explicit_allow=True) == listed


def test_explicit_deny_wins_over_the_authorizer():
    document = policy(allow(), deny({"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}))
    access = evaluate(document, RequestContext(authorization="CUSTOM"))
    assert access.may_invoke == EVERYONE - IpSet.of("198.51.100.0/24")


def test_no_policy():
    assert evaluate(None, RequestContext()).may_invoke.is_full
    assert evaluate(None, RequestContext(endpoint_type="PRIVATE")).may_invoke.is_empty
    assert evaluate(None, RequestContext(authorization="AWS_IAM", cross_account=True)).may_invoke.is_empty
    assert evaluate(None, RequestContext(authorization="CUSTOM")).may_invoke.is_full


def test_principals():
    account = "111122223333"
    target = MethodTarget(account=account)
    named = policy(_statement("Allow", None, Principal={"AWS": f"arn:aws:iam::{account}:root"}))
    assert evaluate(named, RequestContext(target=target)).may_invoke.is_empty  # anonymous
    assert evaluate(named, RequestContext(authorization="NONE", target=target)).allowed.is_empty
    same = RequestContext(authorization="AWS_IAM", authorizer_result="neither", target=target)
    assert evaluate(named, same).may_invoke.is_full
    outsider = RequestContext(authorization="AWS_IAM", cross_account=True, target=target)
    assert evaluate(named, outsider).may_invoke.is_empty
    aws_star = policy(_statement("Allow", None, Principal={"AWS": "*"}))
    assert evaluate(aws_star, RequestContext()).may_invoke.is_full
    service = policy(_statement("Allow", None, Principal={"Service": "lambda.amazonaws.com"}))
    assert evaluate(service, RequestContext()).may_invoke.is_empty
    not_principal = policy(_statement("Allow", None, Principal=None))
    del not_principal["Statement"][0]["Principal"]
    not_principal["Statement"][0]["NotPrincipal"] = {"AWS": f"arn:aws:iam::{account}:root"}
    assert evaluate(not_principal, RequestContext(target=target)).may_invoke.is_full


def test_actions():
    for action, expected in [("execute-api:Invoke", True), ("execute-api:invoke", True), ("execute-api:*", True),
                             ("*", True), ("execute-api:ManageConnections", False), ("s3:GetObject", False)]:
        document = policy(_statement("Allow", None, Action=[action]))
        assert evaluate(document, RequestContext()).may_invoke.is_full == expected, action
    not_action = policy(_statement("Allow", None, Action=None))
    del not_action["Statement"][0]["Action"]
    not_action["Statement"][0]["NotAction"] = "execute-api:ManageConnections"
    assert evaluate(not_action, RequestContext()).may_invoke.is_full


# =============================================================================================
# Resources
# =============================================================================================


@pytest.mark.parametrize(
    "pattern, target, expected",
    [
        # §A5: "/*/GET/admin does not cover /admin/x, POST /admin or ANY"
        ("execute-api:/*/GET/admin", MethodTarget("prod", "GET", "/admin"), Tri.TRUE),
        ("execute-api:/*/GET/admin", MethodTarget("prod", "GET", "/admin/x"), Tri.FALSE),
        ("execute-api:/*/GET/admin", MethodTarget("prod", "POST", "/admin"), Tri.FALSE),
        ("execute-api:/*/GET/admin", MethodTarget("prod", "ANY", "/admin"), Tri.MAYBE),
        ("execute-api:/*/*/admin/*", MethodTarget("prod", "GET", "/admin/x/y"), Tri.TRUE),
        ("execute-api:/*", MethodTarget(), Tri.TRUE),
        ("*", MethodTarget(), Tri.TRUE),
        ("arn:aws:execute-api:*:*:*", MethodTarget(), Tri.TRUE),
        # path templates: an Allow may match some value, a Deny must match all
        ("execute-api:/*/GET/pets/*", MethodTarget("prod", "GET", "/pets/{id}"), Tri.TRUE),
        ("execute-api:/*/GET/pets/admin", MethodTarget("prod", "GET", "/pets/{id}"), Tri.MAYBE),
        ("execute-api:/*/GET/pets", MethodTarget("prod", "GET", "/pets/{id}"), Tri.FALSE),
        ("execute-api:/*/GET/a/b", MethodTarget("prod", "GET", "/{proxy+}"), Tri.MAYBE),
        ("execute-api:/prod/*", MethodTarget(None, "GET", "/pets"), Tri.MAYBE),
        ("execute-api:/prod/*", MethodTarget("dev", "GET", "/pets"), Tri.FALSE),
        ("execute-api:/*/GET/", MethodTarget("prod", "GET", "/"), Tri.TRUE),
        # the shorthand names this API only: the api id cannot swallow "/stage"
        ("execute-api:/prod/GET/x", MethodTarget("dev", "GET", "/prod/GET/x"), Tri.FALSE),
        # unknown api id/region/account are assumed to be the ones the policy names
        ("arn:aws:execute-api:us-east-1:111122223333:abc1234567/*", MethodTarget("prod", "GET", "/x"), Tri.TRUE),
        ("arn:aws:execute-api:us-east-1:111122223333:abc1234567/*",
         MethodTarget("prod", "GET", "/x", api_id="zzz9999999"), Tri.FALSE),
        ("arn:aws:execute-api:us-east-1:111122223333:abc1234567/*",
         MethodTarget("prod", "GET", "/x", account="999999999999"), Tri.FALSE),
        # case-sensitive ARN matching; unresolved ${...} reads as a wildcard
        ("execute-api:/*/get/x", MethodTarget("prod", "GET", "/x"), Tri.FALSE),
        ("arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*", MethodTarget("prod", "GET", "/x"), Tri.TRUE),
    ],
)
def test_resource_matching(pattern, target, expected):
    assert resource_matches(pattern, target) is expected


def test_expand_resource():
    target = MethodTarget(api_id="abc1234567", region="eu-west-1", account="111122223333")
    assert expand_resource("execute-api:/prod/GET/pets", target) == \
        "arn:aws:execute-api:eu-west-1:111122223333:abc1234567/prod/GET/pets"
    assert expand_resource("execute-api:/*", MethodTarget()) == "arn:aws:execute-api:*:*:*/*"
    assert expand_resource("arn:aws:execute-api:*:*:*", target) == "arn:aws:execute-api:*:*:*"
    assert MethodTarget("prod", "GET", "/pets/{id}").arn() == \
        "arn:aws:execute-api:{region}:{account}:{api-id}/prod/GET/pets/{id}"


def test_deny_on_a_subpath_template_does_not_apply_to_the_whole_method():
    document = policy(allow(), _statement("Deny", None, Resource="execute-api:/*/GET/pets/admin"))
    ctx = RequestContext(target=MethodTarget("prod", "GET", "/pets/{id}"))
    assert evaluate(document, ctx).may_invoke.is_full  # other ids still reachable
    exact = RequestContext(target=MethodTarget("prod", "GET", "/pets/admin"))
    assert evaluate(document, exact).may_invoke.is_empty


def translate_glob(pattern: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)


@FAST
@given(st.text(alphabet="ab/*?", max_size=7), st.text(alphabet="ab/", max_size=7))
def test_glob_matcher_agrees_with_regex(pattern, text):
    expected = re.fullmatch(translate_glob(pattern), text, re.S) is not None
    assert iam._text_glob(pattern, text) == expected


def fillings(alphabet: str, max_length: int, may_be_empty: bool):
    current = [""]
    out = [""] if may_be_empty else []
    for _ in range(max_length):
        current = [c + a for c in current for a in alphabet]
        out += current
    return out


@settings(max_examples=100, deadline=None, database=None)
@given(
    st.text(alphabet="ab/*?", max_size=5),
    st.text(alphabet="ab/", max_size=2),
    st.sampled_from(["segment", "rest"]),
    st.text(alphabet="ab/", max_size=2),
)
def test_holes_against_enumerated_fillings(pattern, before, kind, after):
    hole = iam._SEGMENT if kind == "segment" else iam._ANY_PATH
    alphabet = "ab" if kind == "segment" else "ab/"
    subject = list(before) + [hole] + list(after)
    tokens = iam._glob_tokens(pattern)
    regex = re.compile(translate_glob(pattern), re.S)
    # A filling longer than the pattern can only be matched by a star, like a shorter one.
    candidates = fillings(alphabet, len(pattern) + 1, hole.may_be_empty)
    results = [regex.fullmatch(before + f + after) is not None for f in candidates]
    assert iam._glob_match(tokens, subject) == any(results)
    if iam._glob_match(tokens, subject, opaque=True):  # "for every filling": sound
        assert all(results)


# =============================================================================================
# Structured results (find_issues)
# =============================================================================================


def test_allow_statement_addresses_are_exposed():
    document = policy(allow({"IpAddress": {"aws:SourceIp": ["198.51.100.0/24", "2001:db8::/32"]}}), allow())
    access = evaluate(document, RequestContext())
    first, second = access.allow_statements
    assert first.addresses == IpSet.of("198.51.100.0/24", "2001:db8::/32")
    assert second.addresses.is_full


def test_deny_with_zero_slash_zero_in_not_ip_address_never_applies():
    document = policy(allow(), deny({"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "0.0.0.0/0"]}}))
    issue = only(find_issues(document), iam.DENY_NEVER_APPLIES)[0]
    assert issue.path == ("Statement", 1, "Condition", "NotIpAddress", "aws:SourceIp", 1)
    assert issue.data["families"] == [4]
    assert evaluate(document, RequestContext()).may_invoke.v4.is_full


def test_deny_with_both_catch_alls():
    document = policy(allow(), deny({"NotIpAddress": {"aws:SourceIp": ["0.0.0.0/0", "::/0"]}}))
    assert only(find_issues(document), iam.DENY_NEVER_APPLIES)[0].data["families"] == [4, 6]
    assert evaluate(document, RequestContext()).may_invoke.is_full


def test_allow_ip_list_on_authorized_api_restricts_nothing():
    document = policy(allow({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}))
    for authorization in ("CUSTOM", "AWS_IAM", "COGNITO_USER_POOLS"):
        issues = find_issues(document, RequestContext(authorization=authorization))
        issue = only(issues, iam.ALLOW_IP_LIST_INEFFECTIVE)[0]
        assert issue.path == ("Statement", 0, "Condition", "IpAddress", "aws:SourceIp")
        assert issue.data["admitted_anyway"] == EVERYONE - IpSet.of("203.0.113.0/24")
    assert iam.ALLOW_IP_LIST_INEFFECTIVE not in codes(find_issues(document, RequestContext()))
    cross = RequestContext(authorization="AWS_IAM", cross_account=True)
    assert iam.ALLOW_IP_LIST_INEFFECTIVE not in codes(find_issues(document, cross))
    # The recommended fix (Allow * + Deny NotIpAddress) is not reported.
    fixed = policy(allow(), deny({"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}))
    assert iam.ALLOW_IP_LIST_INEFFECTIVE not in codes(find_issues(fixed, RequestContext(authorization="CUSTOM")))


def test_private_ranges_in_source_ip():
    document = policy(allow(), deny({"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.1.0/24"]}}))
    issues = only(find_issues(document), iam.PRIVATE_RANGE_IN_SOURCE_IP)
    assert [i.path[-1] for i in issues] == [0, 1]
    assert issues[0].data["blocks"] == ["10.0.0.0/8 Private-Use"]
    assert issues[0].data["clause_only_private"] and issues[0].data["value_only_private"]
    assert "locks everyone out" in issues[0].message
    assert evaluate(document, RequestContext()).may_invoke.issubset(~IpSet(PUBLIC_V4))  # nobody public
    mixed = policy(allow({"IpAddress": {"aws:SourceIp": ["8.8.8.0/24", "fd00::/8", "0.0.0.0/1"]}}))
    issues = only(find_issues(mixed), iam.PRIVATE_RANGE_IN_SOURCE_IP)
    assert [i.path[-1] for i in issues] == [1]  # 0.0.0.0/1 is mostly public: not reported
    assert not issues[0].data["clause_only_private"]
    vpc_source_ip = policy(allow({"IpAddress": {"aws:VpcSourceIp": ["10.0.0.0/8"]}}))
    assert iam.PRIVATE_RANGE_IN_SOURCE_IP not in codes(find_issues(vpc_source_ip))


def test_ipv4_only_lists():
    blacklist = policy(allow(), deny({"IpAddress": {"aws:SourceIp": ["198.51.100.0/24"]}}))
    issue = only(find_issues(blacklist), iam.IPV4_ONLY_IP_LIST)[0]
    assert issue.data == {"key": "aws:SourceIp", "effect": "Deny", "operator": "IpAddress"}
    assert "2001:db8::1" in evaluate(blacklist, RequestContext()).may_invoke  # the dualstack bypass
    allow_except = policy(allow({"NotIpAddress": {"aws:SourceIp": ["198.51.100.0/24"]}}))
    assert only(find_issues(allow_except), iam.IPV4_ONLY_IP_LIST)[0].data["effect"] == "Allow"
    whitelist = policy(allow(), deny({"NotIpAddress": {"aws:SourceIp": ["198.51.100.0/24"]}}))
    assert iam.IPV4_ONLY_IP_LIST not in codes(find_issues(whitelist))  # IPv6 callers are denied
    both = policy(allow(), deny({"IpAddress": {"aws:SourceIp": ["198.51.100.0/24", "2001:db8::/32"]}}))
    assert iam.IPV4_ONLY_IP_LIST not in codes(find_issues(both))


def test_source_vpc_conditions():
    document = policy(allow(), deny({"StringNotEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d"],
                                                         "aws:sourcevpce": "vpce-bad"}}))
    issues = find_issues(document)
    vpc = only(issues, iam.SOURCE_VPC_CONDITION)
    assert [i.data["key"] for i in vpc] == ["aws:SourceVpc", "aws:sourcevpce"]
    assert vpc[0].data["key_present"] is False and vpc[0].data["effect"] == "Deny"
    assert [i.path for i in only(issues, iam.INVALID_VPC_ID)] == [
        ("Statement", 1, "Condition", "StringNotEquals", "aws:sourcevpce")]
    absent = only(issues, iam.KEY_ABSENT_FOR_ENDPOINT)
    assert all(i.data["always_true"] for i in absent) and len(absent) == 2
    private = find_issues(document, RequestContext(endpoint_type="PRIVATE"))
    assert only(private, iam.SOURCE_VPC_CONDITION)[0].data["key_present"] is True
    assert iam.KEY_ABSENT_FOR_ENDPOINT not in codes(private)


def test_source_ip_on_private_endpoint():
    document = policy(allow({"IpAddress": {"aws:SourceIp": ["198.51.100.0/24"]}}))
    issue = only(find_issues(document, RequestContext(endpoint_type="PRIVATE")), iam.KEY_ABSENT_FOR_ENDPOINT)[0]
    assert issue.data == {"key": "aws:SourceIp", "endpoint_type": "PRIVATE", "always_true": False}
    assert "aws:VpcSourceIp" in issue.message


def test_cidr_problems_with_paths():
    document = policy(allow({"IpAddress": {"aws:SourceIp": ["203.0.113.5/24", "abc", "198.51.100.7", "010.1.0.0/16"]}}))
    issues = [i for i in find_issues(document) if i.code.startswith(iam.CIDR_PREFIX)]
    assert [(i.code, i.path[-1]) for i in issues] == [
        ("cidr-host-bits", 0), ("cidr-malformed", 1), ("cidr-no-prefix", 2), ("cidr-leading-zeros", 3)]
    assert issues[0].data["network"] == ipaddress.ip_network("203.0.113.0/24")
    # the malformed value matches nothing; the others mean what IAM reads
    expected = IpSet.of("203.0.113.0/24", "198.51.100.7/32", "10.1.0.0/16")
    assert evaluate(document, RequestContext()).may_invoke == expected


def test_principal_star_without_condition():
    issues = find_issues(policy(allow(), deny({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})))
    issue = only(issues, iam.PRINCIPAL_STAR_UNCONDITIONED)[0]
    assert issue.path == ("Statement", 0, "Principal")
    assert issue.data["resources"] == ["execute-api:/*"]
    assert len(only(issues, iam.PRINCIPAL_STAR_UNCONDITIONED)) == 1  # not the Deny
    conditioned = policy(allow({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))
    assert iam.PRINCIPAL_STAR_UNCONDITIONED not in codes(find_issues(conditioned))
    aws_star = policy(_statement("Allow", None, Principal={"AWS": ["*"]}))
    assert iam.PRINCIPAL_STAR_UNCONDITIONED in codes(find_issues(aws_star))


def test_other_grammar_results():
    document = policy(
        _statement("Allow", {"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
                   Principal={"AWS": "*"}),
        _statement("Allow", {"StringEquals": {"aws:SourceArn": "arn:aws:*"},
                             "IpAddress": {"aws:SourceVpce": "1.2.3.4/32"}}),
    )
    document["Statement"][0]["NotPrincipal"] = document["Statement"][0].pop("Principal")
    found = codes(find_issues(document))
    for code in (iam.ALLOW_NOT_PRINCIPAL, iam.FORALLVALUES_SINGLE_VALUED_KEY, iam.WILDCARD_WITHOUT_LIKE,
                 iam.OPERATOR_KEY_MISMATCH):
        assert code in found, code
    # NotPrincipal {"AWS": "*"} excludes every caller
    assert evaluate(document, RequestContext()).statements[0].addresses.is_empty
    # ForAllValues on an absent key is true: the statement admits everyone on REGIONAL
    forall = policy(allow({"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}))
    assert evaluate(forall, RequestContext()).may_invoke.is_full


def test_key_value_overrides_accept_symbols():
    document = policy(allow({"StringEquals": {"aws:Referer": "x"}}))
    ctx = RequestContext(key_values={"aws:Referer": KeyValue.ABSENT})
    assert evaluate(document, ctx).may_invoke.is_empty
    ctx = RequestContext(key_values={"AWS:REFERER": "x"})
    assert evaluate(document, ctx).may_invoke.is_full
