"""gwlint.analysis.exposure: which balancers serve an API and what reaches them (and the model it reads)."""

from __future__ import annotations

import json
import textwrap

import pytest

from gwlint.analysis.cidr import PUBLIC, IpSet
from gwlint.analysis.exposure import (
    LIMITED, NONE, PARTIAL, WORLD, Index, PortUse, backends, exposures, level_of, literal_host_is_public, parse_uri,
    reachable_families, rule_admits_port, uri_port,
)
from gwlint.engine import Options, run
from gwlint.findings import Severity
from gwlint.intrinsics import Ref
from gwlint.loaders import parse_text
from gwlint.model import build_model
from gwlint.model.elements import SecurityGroupRule, make
from gwlint.registry import load_rules
from gwlint.source import Pointer


def model_of(text: str, path: str = "t.yaml"):
    return build_model([parse_text(path, textwrap.dedent(text))])


def ipset(*cidrs: str) -> IpSet:
    return IpSet.of(*cidrs) & PUBLIC


# -- levels --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cidrs, level", [
    (("0.0.0.0/0",), WORLD),
    (("0.0.0.0/1", "128.0.0.0/1"), WORLD),
    (("0.0.0.0/1",), WORLD),  # 56.5% of public IPv4: the special-purpose blocks sit mostly in the upper half
    (("128.0.0.0/1",), PARTIAL),  # 43.5%
    (("16.0.0.0/8",), PARTIAL),  # exactly 2^24 public addresses
    (("16.0.0.0/9",), LIMITED),
    (("52.94.0.0/16",), LIMITED),
    (("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"), NONE),  # no public address
    (("224.0.0.0/3",), NONE),  # multicast and reserved
    (("::/0",), WORLD),
    (("2000::/3",), WORLD),
    (("::/1", "8000::/1"), WORLD),
    (("2600::/32",), PARTIAL),
    (("2600::/33",), LIMITED),
    (("fc00::/7", "fe80::/10"), NONE),
])
def test_levels(cidrs, level):
    assert level_of(ipset(*cidrs)) == level


def test_many_slash_eights_add_up_to_the_world():
    eights = [f"{n}.0.0.0/8" for n in range(1, 224) if n not in (10, 127)]
    assert level_of(ipset(*eights[:60])) == PARTIAL
    assert level_of(ipset(*eights)) == WORLD


# -- rules and ports -----------------------------------------------------------------------------------
def rule(**fields) -> SecurityGroupRule:
    return make(SecurityGroupRule, pointer=Pointer("t.yaml", ("Resources", "R")), **fields)


TCP80 = PortUse(80, frozenset({"tcp"}))
UDP53 = PortUse(53, frozenset({"udp"}))
UNKNOWN_PORT = PortUse(None, frozenset({"tcp"}))


@pytest.mark.parametrize("fields, use, admitted", [
    ({"protocol": -1}, TCP80, True),
    ({"protocol": "-1"}, TCP80, True),
    ({"protocol": "-1"}, UNKNOWN_PORT, True),
    ({"protocol": "tcp", "from_port": 0, "to_port": 65535}, UNKNOWN_PORT, True),
    ({"protocol": "tcp", "from_port": 80, "to_port": 80}, UNKNOWN_PORT, False),
    ({"protocol": "tcp", "from_port": 1, "to_port": 1024}, TCP80, True),
    ({"protocol": "TCP", "from_port": "80", "to_port": "80"}, TCP80, True),
    ({"protocol": "6", "from_port": 80, "to_port": 80}, TCP80, True),
    ({"protocol": "tcp", "from_port": -1, "to_port": -1}, TCP80, True),
    ({"protocol": "tcp", "from_port": 81, "to_port": 90}, TCP80, False),
    ({"protocol": "udp", "from_port": 80, "to_port": 80}, TCP80, False),
    ({"protocol": "17", "from_port": 53, "to_port": 53}, UDP53, True),
    ({"protocol": "icmp", "from_port": -1, "to_port": -1}, TCP80, False),
    ({"protocol": "tcp"}, TCP80, False),  # no ports: not judged
    ({"protocol": {"Ref": "Protocol"}, "from_port": 80, "to_port": 80}, TCP80, False),
    ({"protocol": "tcp", "from_port": {"Ref": "Port"}, "to_port": 80}, TCP80, False),
])
def test_rule_admits_port(fields, use, admitted):
    assert rule_admits_port(rule(**fields), use) is admitted


@pytest.mark.parametrize("uri, scheme, host, port", [
    ((("http://", Ref("Alb", "DNSName"), ":8080/x")), "http", (Ref("Alb", "DNSName"),), 8080),
    (("HTTPS://api.example.com/x",), "https", ("api.example.com",), None),
    (("http://[2600:1f18::1]:81/",), "http", ("[2600:1f18::1]",), 81),
    ((Ref("Listener"),), None, None, None),
])
def test_parse_uri(uri, scheme, host, port):
    got_scheme, got_host, got_port, _ = parse_uri(uri)
    assert (got_scheme, got_host, got_port) == (scheme, host, port)


@pytest.mark.parametrize("host, public", [
    ("api.partner.io", True), ("petstore-demo-endpoint.execute-api.com", True), ("52.95.110.1", True),
    ("[2600:1f18::1]", True), ("10.1.2.3", False), ("192.0.2.10", False), ("[fd00::1]", False),
    ("localhost", False), ("backend", False), ("orders.internal", False), ("svc.cluster.local", False),
    ("example.com", False), ("api.example.org", False), ("x.test", False),
    ("internal-orders-1.us-east-1.elb.amazonaws.com", False), ("orders-1.us-east-1.elb.amazonaws.com", True),
    ("${stageVariables.host}", False), ("", False),
])
def test_literal_host_is_public(host, public):
    assert literal_host_is_public(host) is public


# -- the model and backends ----------------------------------------------------------------------------
TEMPLATE = """
Parameters:
  Open: {Type: String, Default: 0.0.0.0/0}
  Unknown: {Type: String}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: a}
  ByDns:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      Integration: {Type: HTTP_PROXY, Uri: !Sub "http://${Alb.DNSName}:8080/x"}
  ByStageVariable:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      Integration: {Type: HTTP_PROXY, ConnectionType: VPC_LINK, ConnectionId: "${stageVariables.link}",
                    Uri: "http://nlb.internal/"}
  ByTarget:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: PUT
      Integration: {Type: HTTP_PROXY, ConnectionType: VPC_LINK, ConnectionId: !Ref LinkV2,
                    IntegrationTarget: !Ref Alb, Uri: !Sub "https://${Alb.DNSName}/"}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, StageName: prod, Variables: {link: !Ref LinkV1}}
  LinkV1:
    Type: AWS::ApiGateway::VpcLink
    Properties:
      Name: v1
      TargetArns: [!Join ["", ["arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/", !GetAtt Nlb.LoadBalancerFullName]]]
  LinkV2:
    Type: AWS::ApiGatewayV2::VpcLink
    Properties: {Name: v2, SubnetIds: [s], SecurityGroupIds: [!Ref LinkSg, !Ref Unknown]}
  LinkSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: link}
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {IpAddressType: dualstack, SecurityGroups: [!Ref AlbSg, !Ref Unknown, sg-1]}
  L8080:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: {LoadBalancerArn: !Ref Alb, Port: "8080", Protocol: HTTP}
  L443:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: {LoadBalancerArn: !Ref Alb, Port: 443, Protocol: HTTPS}
  AlbSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: alb
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 0.0.0.0/1}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "2600::/32"}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Ref Unknown}
  Standalone:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt AlbSg.GroupId, IpProtocol: "-1", CidrIp: !Ref Open}
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Type: network, Scheme: !If [C, internal, internal]}
  NlbListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: {LoadBalancerArn: !Ref Nlb, Port: 80, Protocol: TCP_UDP}
  Unused:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Type: network, Scheme: !If [C, internal, internet-facing]}
"""


def test_model_fields():
    model = model_of(TEMPLATE)
    balancers = {b.logical_id: b for b in model.load_balancers}
    assert balancers["Alb"].ip_address_type == "dualstack"
    assert balancers["Alb"].declares_security_groups and balancers["Alb"].external_security_groups == (
        "${Unknown}", "sg-1")
    assert balancers["Nlb"].scheme == "internal"  # both branches agree
    assert balancers["Unused"].scheme == "unknown"
    assert not balancers["Nlb"].declares_security_groups
    links = {link.logical_id: link for link in model.vpc_links}
    assert links["LinkV1"].targets == ("Nlb",) and links["LinkV1"].external_targets == ()
    assert "LinkSg" in links["LinkV2"].targets and links["LinkV2"].external_targets == ("${Unknown}",)
    rules = [r for r in model.security_group_rules if r.group == "AlbSg"]
    standalone = next(r for r in rules if r.pointer.parts[1] == "Standalone")
    assert (standalone.cidr_parameter, standalone.cidr_default) == ("Open", "0.0.0.0/0")
    routes = {op.method: op.integration for op in model.apis[0].operations}
    assert routes["GET"].load_balancers == ("Alb",) and routes["GET"].load_balancer_via == "dns-name"
    assert routes["PUT"].load_balancers == ("Alb",) and routes["PUT"].load_balancer_via == "integration-target"
    assert routes["PUT"].vpc_link == "LinkV2" and routes["PUT"].integration_target == {"Ref": "Alb"}
    assert routes["POST"].load_balancers == ()  # a stage variable: resolved by the analysis


def test_backends_and_exposure():
    model = model_of(TEMPLATE)
    index = Index.of(model)
    found = {backend.load_balancer.logical_id: backend for backend in backends(model, index)}
    assert set(found) == {"Alb", "Nlb"}
    alb = found["Alb"]
    assert {route.operation.method for route in alb.routes} == {"GET", "PUT"}
    assert [(use.port, use.listener.logical_id) for use in alb.ports] == [(443, "L443"), (8080, "L8080")]
    by_port = {exposure.use.port: exposure for exposure in exposures(alb, index)}
    # 8080: 0.0.0.0/1 and the parameter's default 0.0.0.0/0 on every protocol; IPv6 nothing.
    assert by_port[8080].level == WORLD and by_port[8080].public.v6.is_empty
    assert by_port[8080].culprits[0].parameter == "Open"
    # 443: the /32 of IPv6 and the world from the -1 rule; the parameter without default is not known.
    assert by_port[443].level == WORLD
    assert any(entry.addresses is None for entry in by_port[443].admissions)
    nlb = found["Nlb"]
    assert [route.operation.method for route in nlb.routes] == ["POST"]  # through the stage variable
    assert [link.logical_id for link in nlb.vpc_links] == ["LinkV1"]
    assert nlb.ports[0].transports == frozenset({"tcp", "udp"})
    assert exposures(nlb, index)[0].open_by_default


def test_reachable_families():
    model = model_of("""
    Resources:
      A: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {}}
      B: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {IpAddressType: dualstack-without-public-ipv4}}
      C: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {IpAddressType: DualStack}}
    """)
    a, b, c = model.load_balancers
    assert reachable_families(a).v6.is_empty and reachable_families(a).v4 == PUBLIC.v4
    assert reachable_families(b).v4.is_empty and reachable_families(b).v6 == PUBLIC.v6
    assert reachable_families(c) == PUBLIC


def test_uri_port_defaults_by_scheme():
    model = model_of(TEMPLATE)
    routes = {op.method: op.integration for op in model.apis[0].operations}
    assert uri_port(routes["GET"]) == (8080, True)
    assert uri_port(routes["PUT"]) == (443, True)


def test_no_load_balancer_no_work():
    model = model_of("Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}\n")
    assert backends(model) == []


def test_large_template_is_indexed():
    """5,000 balancers, each with its own group, rule, listener and route: one pass, every pair right."""
    count = 5000
    resources = {"Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "big", "ProtocolType": "HTTP"}}}
    for n in range(count):
        resources.update({
            f"Route{n}": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
                "ApiId": {"Ref": "Api"}, "RouteKey": f"GET /r{n}", "Target": {"Fn::Sub": f"integrations/${{I{n}}}"}}},
            f"I{n}": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
                "ApiId": {"Ref": "Api"}, "IntegrationType": "HTTP_PROXY", "ConnectionType": "VPC_LINK",
                "IntegrationUri": {"Ref": f"L{n}"}}},
            f"Lb{n}": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                       "Properties": {"SecurityGroups": [{"Ref": f"Sg{n}"}]}},
            f"L{n}": {"Type": "AWS::ElasticLoadBalancingV2::Listener",
                      "Properties": {"LoadBalancerArn": {"Ref": f"Lb{n}"}, "Port": 443, "Protocol": "HTTPS"}},
            f"Sg{n}": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupIngress": [
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                 "CidrIp": "0.0.0.0/0" if n % 2 else "10.0.0.0/8"}]}},
        })
    model = model_of(json.dumps({"Resources": resources}), "big.json")
    index = Index.of(model)
    found = backends(model, index)
    assert len(found) == count
    levels = {b.load_balancer.logical_id: exposures(b, index)[0].level for b in found}
    assert levels["Lb1"] == WORLD and levels["Lb2"] == NONE
    assert sum(level == WORLD for level in levels.values()) == count // 2


# -- GW501 severity per finding --------------------------------------------------------------------------
PARTIAL_TEMPLATE = """
Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}
  M:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      Integration: {Type: HTTP_PROXY, Uri: !Sub "http://${Alb.DNSName}/"}
  Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {SecurityGroups: [!Ref Sg]}}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: CIDR}]
"""


@pytest.mark.parametrize("cidr, severity", [("16.0.0.0/8", Severity.WARNING), ("0.0.0.0/0", Severity.ERROR)])
def test_gw501_severity_follows_exposure(tmp_path, cidr, severity):
    path = tmp_path / "t.yaml"
    path.write_text(PARTIAL_TEMPLATE.replace("CIDR", cidr))
    rules = load_rules()
    findings = run([str(path)], Options(rules={"GW501": rules["GW501"]}, max_file_size=10**6)).findings
    assert [f.severity for f in findings] == [severity]
    # A user's severity setting still wins over the per-finding one.
    overridden = run([str(path)], Options(rules={"GW501": rules["GW501"]}, max_file_size=10**6,
                                          severity_overrides={"GW501": Severity.NOTE})).findings
    assert [f.severity for f in overridden] == [Severity.NOTE]
