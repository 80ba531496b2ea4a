"""The Lambda permission matcher: SourceArn patterns against the ARNs API Gateway presents."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gwlint.analysis import permissions as P
from gwlint.analysis.permissions import (
    Symbol, analyse, classify_action, classify_principal, covers, glob_covers, pattern_from_text, pattern_key,
    qualifiers_match, unused_permissions,
)
from gwlint.loaders import parse_text
from gwlint.model import build_model


# -- the glob matcher -----------------------------------------------------------------------------
@pytest.mark.parametrize("pattern, route, expected", [
    ("a/*/GET/pets/*", "a/prod/GET/pets/{id}", True),
    ("a/*/GET/pets", "a/prod/GET/pets/{id}", False),
    ("a/*", "a/prod/GET/pets/{id}", True),  # `*` crosses `/`
    ("a/*/*/pets/*", "a/prod/GET/pets/{proxy+}", True),
    ("a/*/GET/pets/*/x", "a/prod/GET/pets/{proxy+}", False),  # the greedy value may be a single segment
    ("a/prod/GET/?*", "a/prod/GET/{id}", True),  # a value has at least one character
    ("a/prod/GET/?", "a/prod/GET/{id}", False),
    ("a/prod/GET/", "a/prod/GET/", True),
    ("a/prod/GET", "a/prod/GET/", False),  # the root resource ends with `/`
    ("a/prod/GET/*", "a/prod/GET/", True),  # `*` matches nothing too
    ("a/*b", "a/{x}", False),
    ("a/*/get/pets", "a/prod/GET/pets", False),  # case-sensitive
    ("a/pr?d/GET/pets", "a/prod/GET/pets", True),
])
def test_glob_covers(pattern: str, route: str, expected: bool) -> None:
    assert glob_covers(pattern, route) is expected


def test_tokens_match_only_themselves_or_wildcards() -> None:
    api, other = Symbol("api", "Api"), Symbol("api", "Other")
    route = (("tok", api), *[("lit", c) for c in "/prod/GET/x"])
    assert covers((("tok", api), *pattern_from_text("/*/GET/x")), route)
    assert not covers((("tok", other), *pattern_from_text("/*/GET/x")), route)
    assert covers(pattern_from_text("*/GET/x"), route)
    assert not covers(pattern_from_text("Api/*/GET/x"), route)  # the logical id is not the API's id


def test_optimistic_unknowns() -> None:
    # A region written as a literal may be the stack's region; another pseudo parameter may not.
    route = (("opt", "field", P.REGION), *[("lit", c) for c in ":x"])
    assert covers(pattern_from_text("us-east-1:x"), route)
    assert covers((("tok", P.REGION), ("lit", ":"), ("lit", "x")), route)
    assert not covers((("tok", P.ACCOUNT), ("lit", ":"), ("lit", "x")), route)
    assert not covers(pattern_from_text("us:east:x"), route)  # a region has no ':'


# Literal segments and route shapes for the properties below.
_segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=8)
_parameter = st.builds(lambda name, greedy: "{" + name + ("+" if greedy else "") + "}",
                       st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6), st.booleans())
_method = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"])


@st.composite
def _routes(draw):
    segments = draw(st.lists(st.one_of(_segment, _parameter), min_size=0, max_size=5))
    # A greedy parameter only ends a path.
    segments = [s for i, s in enumerate(segments) if "+}" not in s or i == len(segments) - 1]
    return draw(_method), draw(_segment), segments


def _route_text(method: str, stage: str, segments: list[str]) -> str:
    return f"api/{stage}/{method}/" + "/".join(segments)


def _sam_pattern(method: str, segments: list[str]) -> str:
    """What SAM writes for an event: any stage, `*` for ANY and for each path parameter."""
    path = "/".join("*" if s.startswith("{") else s for s in segments)
    return f"api/*/{'*' if method == 'ANY' else method}/{path}"


@settings(max_examples=300, deadline=None)
@given(_routes())
def test_the_pattern_built_from_a_route_covers_it(route) -> None:
    method, stage, segments = route
    methods = P.ANY_METHODS if method == "ANY" else (method,)
    for verb in methods:
        assert glob_covers(_sam_pattern(method, segments), _route_text(verb, stage, segments))


@settings(max_examples=300, deadline=None)
@given(_routes(), st.data())
def test_a_different_literal_segment_does_not_cover(route, data) -> None:
    method, stage, segments = route
    assume(method != "ANY")
    literal = [i for i, s in enumerate(segments) if not s.startswith("{")]
    position = data.draw(st.sampled_from([-1, *literal]), label="changed")  # -1: the method
    replacement = data.draw(_segment, label="replacement")
    if position == -1:
        assume(replacement != method)
        pattern = _sam_pattern(replacement, segments)
    else:
        assume(replacement != segments[position])
        changed = list(segments)
        changed[position] = replacement
        pattern = _sam_pattern(method, changed)
    assert not glob_covers(pattern, _route_text(method, stage, segments))


# -- facts ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ("apigateway.amazonaws.com", "apigateway"),
    ("APIGateway.amazonaws.com", "apigateway"),
    ({"Fn::Sub": "apigateway.${AWS::URLSuffix}"}, "apigateway"),
    ({"Fn::Join": ["", ["apigateway.", {"Ref": "AWS::URLSuffix"}]]}, "apigateway"),
    ({"Service": "apigateway.amazonaws.com"}, "apigateway"),
    ({"Service": ["s3.amazonaws.com", "apigateway.amazonaws.com"]}, "apigateway"),
    ("*", "any"),
    ({"AWS": "*"}, "any"),
    ("execute-api.amazonaws.com", "other"),
    ({"Ref": "AWS::AccountId"}, "other"),
    ({"Ref": "PrincipalParameter"}, "unknown"),
])
def test_classify_principal(value, expected) -> None:
    assert classify_principal(value)[0] == expected


@pytest.mark.parametrize("value, expected", [
    ("lambda:InvokeFunction", "invoke"), ("lambda:invokefunction", "invoke"), ("lambda:*", "invoke"),
    ("*", "invoke"), ("lambda:GetFunction", "other"), ("lambda:InvokeFunctionUrl", "other"),
    ({"Ref": "Action"}, "unknown"),
])
def test_classify_action(value, expected) -> None:
    assert classify_action(value)[0] == expected


@pytest.mark.parametrize("invoked, granted, expected", [
    (None, None, True), (None, "live", False), ("live", None, False), ("live", "live", True),
    ("live", "prod", False), ("live", "${AliasName}", True), ("${Fn.Version}", "${Fn.Version}", True),
])
def test_qualifiers(invoked, granted, expected) -> None:
    assert qualifiers_match(invoked, granted) is expected


@pytest.mark.parametrize("text, key", [
    ("/*/GET/pets", "pets"), ("/*/GET/", ""), ("/*/GET/pets/*", None), ("/*", None), ("/*/GET/p*", None),
])
def test_pattern_key(text, key) -> None:
    assert pattern_key((("tok", Symbol("api", "Api")), *pattern_from_text(text))) == key


# -- the model ------------------------------------------------------------------------------------
def _model(text: str):
    return build_model([parse_text("template.yaml", textwrap.dedent(text))])


_FUNCTION = "{Handler: i.h, Runtime: python3.12, Role: arn:aws:iam::1:role/r, Code: {ZipFile: x}}"


def _rest(permission_source_arn: str, function_name: str = "!Ref Fn", extra: str = "") -> str:
    return f"""
    Parameters:
      ApiIdParameter: {{Type: String}}
    Resources:
      Api:
        Type: AWS::ApiGateway::RestApi
        Properties: {{Name: a}}
      Fn:
        Type: AWS::Lambda::Function
        Properties: {_FUNCTION}
      Get:
        Type: AWS::ApiGateway::Method
        Properties:
          RestApiId: !Ref Api
          ResourceId: !GetAtt Api.RootResourceId
          HttpMethod: GET
          AuthorizationType: NONE
          Integration:
            Type: AWS_PROXY
            IntegrationHttpMethod: POST
            Uri: !Sub arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{Fn.Arn}}/invocations
      Permission:
        Type: AWS::Lambda::Permission
        Properties:
          Action: lambda:InvokeFunction
          FunctionName: {function_name}
          Principal: apigateway.amazonaws.com
          SourceArn: {permission_source_arn}
    {extra}
    """


@pytest.mark.parametrize("source_arn, status", [
    ("!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/", "covered"),
    ("!Sub arn:aws:execute-api:us-east-1:123456789012:${Api}/*/GET/", "covered"),  # literal region, account
    ("!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api.RestApiId}/*", "covered"),
    ("!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiIdParameter}/*/GET/", "covered"),  # unknown
    ("!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api.RootResourceId}/*/GET/", "missing"),
    ("!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:Api/*/GET/", "missing"),  # logical id as text
    ("!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/POST/", "missing"),
    ("!Sub arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/*", "missing"),
])
def test_source_arn_against_a_route(source_arn: str, status: str) -> None:
    coverages = list(analyse(_model(_rest(source_arn))).integrations())
    assert [c.status for c in coverages] == [status]


def test_the_failing_part_is_named() -> None:
    coverage = next(analyse(_model(_rest(
        "!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/POST/"))).integrations())
    assert coverage.closest.permission.logical_id == "Permission"
    assert coverage.failure.parts == (P.METHOD,)


def test_function_by_name_and_arn() -> None:
    extra = """
      Named:
        Type: AWS::Lambda::Function
        Properties: {FunctionName: named-fn, Handler: i.h, Runtime: python3.12, Role: r, Code: {ZipFile: x}}
    """
    text = _rest("!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/", extra=extra)
    text = text.replace("${Fn.Arn}/invocations", "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:named-fn/invocations")
    covered = analyse(_model(text.replace("FunctionName: !Ref Fn", "FunctionName: named-fn")))
    assert [c.status for c in covered.integrations()] == ["covered"]
    missing = analyse(_model(text))  # the permission is on Fn, the route invokes named-fn
    assert [c.status for c in missing.integrations()] == ["missing"]


def test_unresolved_function_is_not_judged() -> None:
    text = _rest("!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/",
                 function_name="!ImportValue shared-function")
    assert [c.status for c in analyse(_model(text)).integrations()] == ["not-judged"]


def test_sam_alias_permissions() -> None:
    model = _model(f"""
    Transform: AWS::Serverless-2016-10-31
    Globals:
      Function:
        AutoPublishAlias: live
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Handler: i.h
          Runtime: python3.12
          CodeUri: s3://b/k
          Events:
            Get: {{Type: Api, Properties: {{Path: /a, Method: get}}}}
    """)
    (permission,) = model.permissions
    assert permission.function.qualifier == "live"
    (coverage,) = analyse(model).integrations()
    assert coverage.invocation.qualifier == "live" and coverage.status == "covered"


def test_unused_permission_and_console_tests() -> None:
    extra = """
      Unused:
        Type: AWS::Lambda::Permission
        Properties:
          Action: lambda:InvokeFunction
          FunctionName: !Ref Fn
          Principal: apigateway.amazonaws.com
          SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/DELETE/
      Console:
        Type: AWS::Lambda::Permission
        Properties:
          Action: lambda:InvokeFunction
          FunctionName: !Ref Fn
          Principal: apigateway.amazonaws.com
          SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/test-invoke-stage/GET/
    """
    model = _model(_rest("!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/", extra=extra))
    assert [f.permission.logical_id for f in unused_permissions(model)] == ["Unused"]


def test_matching_grows_linearly_with_routes(monkeypatch) -> None:
    """Permissions are indexed by function and by the last segment they pin: one function with n routes
    and n permissions costs O(n) comparisons, not O(n^2) (issue 8)."""
    calls = {"n": 0}
    original = P._Matcher.covers

    def counting(self, route):
        calls["n"] += 1
        return original(self, route)

    monkeypatch.setattr(P._Matcher, "covers", counting)

    def template(n: int) -> str:
        parts = ["Resources:", "  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}",
                 f"  Fn: {{Type: AWS::Lambda::Function, Properties: {_FUNCTION}}}"]
        for i in range(n):
            parts += [
                f"  R{i}: {{Type: AWS::ApiGateway::Resource, Properties: {{RestApiId: !Ref Api, "
                f"ParentId: !GetAtt Api.RootResourceId, PathPart: p{i}}}}}",
                f"  M{i}:", "    Type: AWS::ApiGateway::Method", "    Properties:", "      RestApiId: !Ref Api",
                f"      ResourceId: !Ref R{i}", "      HttpMethod: GET", "      Integration:",
                "        Type: AWS_PROXY",
                "        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations",
                f"  P{i}:", "    Type: AWS::Lambda::Permission", "    Properties:",
                "      Action: lambda:InvokeFunction", "      FunctionName: !Ref Fn",
                "      Principal: apigateway.amazonaws.com",
                f"      SourceArn: !Sub arn:aws:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{Api}}/*/GET/p{i}",
            ]
        return "\n".join(parts) + "\n"

    counts = []
    for n in (40, 160):
        calls["n"] = 0
        model = build_model([parse_text(f"t{n}.yaml", template(n))])
        assert all(c.status == "covered" for c in analyse(model).integrations())
        assert list(unused_permissions(model)) == []
        counts.append(calls["n"])
    assert counts[1] <= 5 * counts[0], counts  # 4x the routes; quadratic would be 16x


def test_route_path_without_leading_slash_does_not_crash() -> None:
    """Found by fuzz/fuzz_check.py: an OpenAPI path key without its leading slash."""
    from gwlint.engine import Options, run
    from gwlint.registry import load_rules
    import tempfile, os

    template = (
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  HttpApi:\n    Type: AWS::Serverless::HttpApi\n"
        "    Properties:\n      DefinitionBody:\n        openapi: '3.0.1'\n        info: {title: h}\n        paths:\n"
        "          h:\n            get:\n              x-amazon-apigateway-integration:\n"
        "                type: aws_proxy\n                payloadFormatVersion: '2.0'\n"
        "                uri: !GetAtt Fn.Arn\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: i.h, Runtime: python3.12}\n")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "t.yaml")
        with open(path, "w") as handle:
            handle.write(template)
        rules = load_rules()
        findings = run([path], Options(rules={"GW110": rules["GW110"], "GW003": rules["GW003"]},
                                       max_file_size=10**6)).findings
    assert [f for f in findings if f.rule_id == "GW003"] == []
    assert [f.rule_id for f in findings] == ["GW110"]
