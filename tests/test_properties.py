"""Property tests: random templates built from the real resource types and property names, with
wrong types, missing pieces and random intrinsics. Building the model and running every rule never
raises (an exception would surface as a GW003 internal-error finding)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from gwlint.engine import Options, check_documents
from gwlint.loaders import parse_text
from gwlint.registry import load_rules

PROPERTIES = {
    "AWS::ApiGateway::RestApi": ["Name", "Body", "BodyS3Location", "Policy", "EndpointConfiguration",
                                 "DisableExecuteApiEndpoint", "SecurityPolicy"],
    "AWS::ApiGateway::Resource": ["RestApiId", "ParentId", "PathPart"],
    "AWS::ApiGateway::Method": ["RestApiId", "ResourceId", "HttpMethod", "AuthorizationType", "AuthorizerId",
                                "ApiKeyRequired", "Integration"],
    "AWS::ApiGateway::Authorizer": ["RestApiId", "Type", "AuthorizerUri", "IdentitySource",
                                    "IdentityValidationExpression", "AuthorizerResultTtlInSeconds"],
    "AWS::ApiGateway::Deployment": ["RestApiId", "StageName", "Description", "StageDescription"],
    "AWS::ApiGateway::Stage": ["RestApiId", "DeploymentId", "StageName", "MethodSettings"],
    "AWS::ApiGateway::DomainName": ["DomainName", "SecurityPolicy"],
    "AWS::ApiGatewayV2::Api": ["Name", "ProtocolType", "Body", "Target", "RouteKey"],
    "AWS::ApiGatewayV2::Route": ["ApiId", "RouteKey", "Target", "AuthorizationType", "AuthorizerId"],
    "AWS::ApiGatewayV2::Integration": ["ApiId", "IntegrationType", "IntegrationUri", "IntegrationMethod",
                                       "ConnectionType", "ConnectionId", "PayloadFormatVersion"],
    "AWS::ApiGatewayV2::Authorizer": ["ApiId", "AuthorizerType", "AuthorizerUri", "IdentitySource"],
    "AWS::ApiGatewayV2::Stage": ["ApiId", "StageName", "AutoDeploy", "DeploymentId"],
    "AWS::ApiGatewayV2::DomainName": ["DomainName", "DomainNameConfigurations"],
    "AWS::Lambda::Function": ["FunctionName", "Handler", "Runtime"],
    "AWS::Lambda::Permission": ["Action", "FunctionName", "Principal", "SourceArn", "SourceAccount"],
    "AWS::Lambda::Alias": ["FunctionName", "Name", "FunctionVersion"],
    "AWS::Serverless::Function": ["Handler", "Events", "FunctionName", "AutoPublishAlias"],
    "AWS::Serverless::Api": ["StageName", "DefinitionBody", "DefinitionUri", "Auth", "EndpointConfiguration",
                             "Domain", "OpenApiVersion", "MethodSettings"],
    "AWS::Serverless::HttpApi": ["StageName", "DefinitionBody", "Auth", "Domain"],
    "AWS::EC2::SecurityGroup": ["SecurityGroupIngress", "VpcId"],
    "AWS::EC2::SecurityGroupIngress": ["GroupId", "CidrIp", "CidrIpv6", "FromPort", "ToPort", "IpProtocol"],
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ["Scheme", "Type", "SecurityGroups"],
    "AWS::ElasticLoadBalancingV2::Listener": ["LoadBalancerArn", "Port", "Protocol"],
    "AWS::ApiGateway::VpcLink": ["TargetArns"],
}
NAMES = ["Api", "Fn", "Perm", "Res", "Auth", "Stage", "Sg", "Alb", "Integration", "Deployment"]
KEYS = ["type", "httpMethod", "uri", "paths", "get", "Type", "Properties", "Path", "Method", "RestApiId",
        "ApiId", "Authorizers", "FunctionArn", "Statement", "Effect", "Condition", "IpAddress", "aws:SourceIp",
        "x-amazon-apigateway-integration", "x-amazon-apigateway-authorizer", "securitySchemes", "components",
        "openapi", "swagger", "/pets", "DefaultAuthorizer", "ResourcePolicy", "IpRangeWhitelist"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 70000), st.sampled_from(NAMES),
    st.sampled_from(["POST", "GET", "AWS_PROXY", "aws_proxy", "MOCK", "HTTP", "TLS_1_0", "TOKEN", "REQUEST",
                     "apigateway.amazonaws.com", "*", "lambda:InvokeFunction", "0.0.0.0/0", "::/0",
                     "arn:aws:lambda:us-east-1:123456789012:function:f", "internet-facing", "VPC_LINK", "-1",
                     "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/x/invocations", "/{proxy+}"]),
    st.text(max_size=6),
)


def intrinsics(children):
    return st.one_of(
        st.builds(lambda v: {"Ref": v}, st.one_of(st.sampled_from(NAMES), children)),
        st.builds(lambda v: {"Fn::GetAtt": v}, st.one_of(st.lists(st.sampled_from(NAMES + ["Arn"]), max_size=3),
                                                           children)),
        st.builds(lambda v: {"Fn::Sub": v}, st.one_of(
            st.sampled_from(["arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations",
                             "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/pets",
                             "${Fn.Arn}:live", "http://${Alb.DNSName}/x", "${", "${!x}"]),
            st.lists(children, max_size=3))),
        st.builds(lambda v: {"Fn::Join": v}, st.one_of(st.tuples(st.just(""), st.lists(children, max_size=4)).map(list),
                                                         children)),
        st.builds(lambda v: {"Fn::If": v}, st.lists(children, max_size=4)),
    )


values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=4),
        intrinsics(children),
    ),
    max_leaves=25,
)


@st.composite
def templates(draw):
    resources = {}
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(sorted(PROPERTIES)))
        properties = {name: draw(values) for name in draw(st.lists(st.sampled_from(PROPERTIES[kind]), max_size=5,
                                                                     unique=True))}
        resource = {"Type": kind, "Properties": properties}
        if draw(st.booleans()):
            resource["DependsOn"] = draw(st.one_of(st.sampled_from(NAMES), st.lists(st.sampled_from(NAMES))))
        resources[draw(st.sampled_from(NAMES)) + str(len(resources))] = draw(st.one_of(st.just(resource), values))
    template = {"Resources": resources}
    if draw(st.booleans()):
        template["Transform"] = "AWS::Serverless-2016-10-31"
    if draw(st.booleans()):
        template["Globals"] = draw(st.dictionaries(st.sampled_from(["Api", "HttpApi", "Function"]), values,
                                                   max_size=2))
    return template


RULES = load_rules()
OPTIONS = Options(rules=dict(RULES), max_file_size=10_000_000)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_random_templates_never_crash_a_rule(template) -> None:
    document = parse_text("random.json", json.dumps(template))
    findings = check_documents([document], OPTIONS)
    internal = [f.message for f in findings if f.rule_id == "GW003"]
    assert not internal, internal


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["openapi", "swagger", "paths", "components", "securityDefinitions",
                                        "x-amazon-apigateway-policy", "servers", "info"]), values, max_size=6))
def test_random_openapi_never_crash_a_rule(document_data) -> None:
    document_data.setdefault("openapi", "3.0.1")
    document = parse_text("random.json", json.dumps(document_data))
    findings = check_documents([document], OPTIONS)
    assert not [f.message for f in findings if f.rule_id == "GW003"]
