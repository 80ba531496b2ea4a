"""The resource-policy rules (GW310-GW318) beyond their fixtures: the `wide-prefix-*` settings from the
configuration file to the rule, where SAM findings point, and properties of GW310/GW311 on generated lists."""

from __future__ import annotations

import ipaddress
import random
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from gwlint.analysis.cidr import AddressSet
from gwlint.config import ConfigError, RuleSettings, settings_from
from gwlint.engine import Options, run
from gwlint.model.policies import resolve
from gwlint.registry import load_rules
from gwlint.source import Pointer

RULES = load_rules()

ALLOW_LIST = """\
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: t
      EndpointConfiguration: {{Types: [REGIONAL]}}
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
          - Effect: Deny
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              NotIpAddress:
                aws:SourceIp: {values}
"""


def _check(tmp_path: Path, text: str, rule_ids: tuple[str, ...] = ("GW310",), **rule_settings):
    path = tmp_path / "template.yaml"
    path.write_text(text)
    options = Options(rules={i: RULES[i] for i in rule_ids}, max_file_size=1_000_000,
                      rule_settings=RuleSettings(**rule_settings))
    return run([str(path)], options).findings


# -- configuration ------------------------------------------------------------------------------------------
def test_wide_prefix_keys_are_read_into_rule_settings() -> None:
    settings = settings_from({"wide-prefix-ipv4": 12, "wide-prefix-ipv6": 48}, "pyproject.toml")
    assert settings.rules == RuleSettings(wide_prefix_ipv4=12, wide_prefix_ipv6=48)
    assert settings.rules.wide_addresses(4) == 1 << 20 and settings.rules.wide_addresses(6) == 1 << 80
    assert settings_from({}, "x").rules == RuleSettings()


@pytest.mark.parametrize("key, value", [("wide-prefix-ipv4", 33), ("wide-prefix-ipv4", -1), ("wide-prefix-ipv4", True),
                                        ("wide-prefix-ipv6", 129), ("wide-prefix-ipv6", "32")])
def test_wide_prefix_keys_are_validated(key: str, value) -> None:
    with pytest.raises(ConfigError, match=key):
        settings_from({key: value}, "pyproject.toml")


def test_the_threshold_reaches_the_rule(tmp_path: Path) -> None:
    text = ALLOW_LIST.format(values="[1.2.3.0/24, 20.0.0.0/9]")  # 2^23 public addresses: half a /8
    assert _check(tmp_path, text) == []
    findings = _check(tmp_path, text, wide_prefix_ipv4=9)
    assert [f.rule_id for f in findings] == ["GW310"] and findings[0].severity.value == "warning"
    assert "8,388,864 IPv4 addresses" in findings[0].message and "/9 (wide-prefix-ipv4)" in findings[0].message


def test_the_threshold_comes_from_the_configuration_file(tmp_path: Path, monkeypatch) -> None:
    from gwlint.cli import cli

    (tmp_path / "template.yaml").write_text(ALLOW_LIST.format(values="[20.0.0.0/12]"))
    (tmp_path / ".gwlint.toml").write_text("wide-prefix-ipv4 = 12\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "template.yaml", "--select", "GW310", "-q"])
    assert "GW310" in result.output, result.output
    (tmp_path / ".gwlint.toml").write_text("wide-prefix-ipv4 = 11\n")
    result = CliRunner().invoke(cli, ["check", "template.yaml", "--select", "GW310", "-q"])
    assert "GW310" not in result.output, result.output


# -- properties ---------------------------------------------------------------------------------------------
def _partition(cuts: list[int]) -> list[str]:
    """CIDRs that exactly cover IPv4, cut at the given points."""
    bounds = sorted({0, 1 << 32, *cuts})
    networks = []
    for start, end in zip(bounds, bounds[1:]):
        networks += [str(n) for n in AddressSet(32, ((start, end),)).networks()]
    return networks


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=(1 << 32) - 1), min_size=1, max_size=4), st.randoms())
def test_any_cover_of_ipv4_never_denies(tmp_path_factory, cuts, rng: random.Random) -> None:
    """However IPv4 is split up in a NotIpAddress list, the Deny never applies (GW311) and GW310 stays quiet
    (it would repeat GW311)."""
    networks = _partition(cuts)
    rng.shuffle(networks)
    tmp_path = tmp_path_factory.mktemp("cover")
    text = ALLOW_LIST.format(values="[" + ", ".join(networks[:200]) + "]")
    if len(networks) > 200:
        return
    found = {f.rule_id for f in _check(tmp_path, text, ("GW310", "GW311"))}
    assert found == {"GW311"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=(1 << 32) - 1), st.integers(min_value=0, max_value=32)),
                min_size=1, max_size=6))
def test_gw310_fires_exactly_when_the_list_is_wide(tmp_path_factory, prefixes) -> None:
    """GW310 fires when the merged list holds at least 2^24 public addresses, and GW311 does not apply."""
    from gwlint.analysis.cidr import PUBLIC_V4

    networks = [ipaddress.ip_network((address, length), strict=False) for address, length in prefixes]
    listed = AddressSet.from_networks(networks, 4)
    tmp_path = tmp_path_factory.mktemp("wide")
    text = ALLOW_LIST.format(values="[" + ", ".join(str(n) for n in networks) + "]")
    found = {f.rule_id for f in _check(tmp_path, text, ("GW310", "GW311"))}
    if listed.is_full:
        assert found == {"GW311"}
    else:
        assert ("GW310" in found) == ((listed & PUBLIC_V4).size >= 1 << 24)


# -- where findings point -----------------------------------------------------------------------------------
def test_sam_findings_point_at_the_property_entry(tmp_path: Path) -> None:
    text = textwrap.dedent("""\
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Api:
            Auth:
              ResourcePolicy:
                IpRangeWhitelist: [1.2.3.0/24]
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
              Auth:
                ResourcePolicy:
                  IpRangeWhitelist:
                    - 5.6.7.0/24
                    - 0.0.0.0/0
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: index.handler
              Runtime: python3.12
              InlineCode: x
              Events:
                Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}
        """)
    findings = _check(tmp_path, text, ("GW311",))
    assert [(f.span.line, f.pointer) for f in findings] == [
        (16, "/Resources/Api/Properties/Auth/ResourcePolicy/IpRangeWhitelist/1")]


def test_resolved_policy_keeps_its_sources() -> None:
    where = Pointer("t.yaml", ("Policy",))
    document = {"Statement": [{"Fn::If": ["C", {"Effect": "Allow"}, {"Ref": "AWS::NoValue"}]},
                              {"Effect": "Deny", "Condition": {"IpAddress": {"aws:SourceIp": {"Ref": "Cidrs"}}}}]}
    parameters = {"Cidrs": {"Type": "CommaDelimitedList", "Default": "1.2.3.0/24,5.6.7.0/24"}}
    plain, sources = resolve(document, where, parameters)
    assert plain == {"Statement": [{"Effect": "Allow"},
                                   {"Effect": "Deny", "Condition": {"IpAddress": {"aws:SourceIp": [
                                       "1.2.3.0/24", "5.6.7.0/24"]}}}]}
    from gwlint.model.policies import resource_policy

    element = resource_policy(where, "Api", document, parameters)
    assert element.pointer_at(("Statement", 0, "Effect")).parts == ("Policy", "Statement", 0, "Fn::If", 1, "Effect")
    assert element.pointer_at(("Statement", 1, "Condition")).parts == ("Policy", "Statement", 1, "Condition")
    assert element.pointer_at(("Statement", 1, "Condition", "IpAddress", "aws:SourceIp", 1)).parts == (
        "Policy", "Statement", 1, "Condition", "IpAddress", "aws:SourceIp", 1)


def test_policy_as_json_text_is_parsed() -> None:
    from gwlint.model.policies import resource_policy

    text = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Resource": "arn:aws:execute-api:${AWS::Region}:*"}]}'
    element = resource_policy(Pointer("t.yaml", ("Policy",)), "Api", {"Fn::Sub": text})
    assert element.evaluable["Statement"][0]["Resource"] == "arn:aws:execute-api:${AWS::Region}:*"
    assert element.pointer_at(("Statement", 0, "Effect")).parts == ("Policy", "Statement", 0, "Effect")
