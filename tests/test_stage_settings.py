"""The model's stage settings, usage plans, custom-domain mappings, WAF associations and SAM body auth, built
alike from CloudFormation and SAM (gwlint/model/settings.py, gwlint/model/sam_auth.py)."""

from __future__ import annotations

import textwrap

from gwlint.loaders import parse_text
from gwlint.model import build_model
from gwlint.model.elements import ApiKind
from gwlint.model.settings import stage_arn_parts


def model_of(text: str, name: str = "t.yaml"):
    return build_model([parse_text(name, textwrap.dedent(text))])


def test_rest_stage_settings_and_method_settings_list() -> None:
    model = model_of("""
        Resources:
          Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: !Ref Api
              StageName: prod
              TracingEnabled: "true"
              CacheClusterEnabled: true
              AccessLogSetting: {DestinationArn: arn:aws:logs:us-east-1:1:log-group:x}
              MethodSettings:
                - {ResourcePath: /*, HttpMethod: "*", LoggingLevel: info}
                - !If [C, {ResourcePath: /~1a, HttpMethod: GET, CachingEnabled: true}, !Ref AWS::NoValue]
    """)
    settings = model.api("Api").stages[0].settings
    assert settings.access_log_destination == "arn:aws:logs:us-east-1:1:log-group:x"
    assert settings.tracing.value == "true" and settings.cache_cluster.value is True
    first, second = settings.entries
    assert first.logging_level == "INFO" and first.resource_path == "/*" and "ResourcePath" not in first.values
    assert second.flag("CachingEnabled") is True
    assert second.pointer.parts == ("Resources", "Stage", "Properties", "MethodSettings", 1, "Fn::If", 1)


def test_deployment_stage_description_is_a_stage_with_stage_wide_settings() -> None:
    model = model_of("""
        Resources:
          Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}
          Deployment:
            Type: AWS::ApiGateway::Deployment
            Properties:
              RestApiId: !Ref Api
              StageName: dev
              StageDescription: {LoggingLevel: ERROR, ThrottlingRateLimit: 5}
          Plain:
            Type: AWS::ApiGateway::Deployment
            Properties: {RestApiId: !Ref Api}
    """)
    dev, plain = model.api("Api").deployments
    assert plain.stage_settings is None
    (entry,) = dev.stage_settings.entries
    assert entry.scope == "stage" and entry.values == {"LoggingLevel": "ERROR", "ThrottlingRateLimit": 5}


def test_sam_settings_point_at_globals_when_they_come_from_there() -> None:
    model = model_of("""
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Api:
            AccessLogSetting: {DestinationArn: arn}
            MethodSettings: [{ResourcePath: /*, HttpMethod: "*", LoggingLevel: INFO}]
          HttpApi:
            DefaultRouteSettings: {LoggingLevel: ERROR}
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
              MethodSettings: [{ResourcePath: /~1x, HttpMethod: GET, MetricsEnabled: true}]
          Http:
            Type: AWS::Serverless::HttpApi
            Properties:
              DefaultRouteSettings: {ThrottlingBurstLimit: 5}
    """)
    rest = model.api("Api").stages[0].settings
    assert rest.access_log.pointer.parts == ("Globals", "Api", "AccessLogSetting")
    assert [e.pointer.parts for e in rest.entries] == [("Globals", "Api", "MethodSettings", 0),
                                                        ("Resources", "Api", "Properties", "MethodSettings", 0)]
    http = model.api("Http").stages[0].settings
    assert {e.pointer.parts: e.values for e in http.entries} == {
        ("Resources", "Http", "Properties", "DefaultRouteSettings"): {"ThrottlingBurstLimit": 5},
        ("Globals", "HttpApi", "DefaultRouteSettings"): {"LoggingLevel": "ERROR"},
    }


def test_usage_plans_mappings_and_waf_associations() -> None:
    model = model_of("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
              Auth: {ApiKeyRequired: true, UsagePlan: {CreateUsagePlan: SHARED}}
              Domain: {DomainName: a.example.com, CertificateArn: arn, MutualTlsAuthentication: {TruststoreUri: s3://b/k}}
          Plan:
            Type: AWS::ApiGateway::UsagePlan
            Properties: {ApiStages: [{ApiId: !Ref Rest, Stage: !Ref Stage}, {ApiId: !Ref ApiParam, Stage: x}]}
          Rest: {Type: AWS::ApiGateway::RestApi, Properties: {Name: r}}
          Stage: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Rest, StageName: s}}
          Mapping:
            Type: AWS::ApiGatewayV2::ApiMapping
            Properties: {ApiId: !Ref Rest, DomainName: !Ref Domain, Stage: s}
          Waf:
            Type: AWS::WAFv2::WebACLAssociation
            Properties:
              ResourceArn: !Sub arn:aws:apigateway:${AWS::Region}::/restapis/${Rest}/stages/${Stage}
              WebACLArn: arn
          Domain: {Type: AWS::ApiGatewayV2::DomainName, Properties: {DomainName: b.example.com}}
        Parameters:
          ApiParam: {Type: String}
    """)
    sam_plan = next(p for p in model.usage_plans if p.generated_by == "sam")
    assert sam_plan.api_stages == (("Api", "prod"),)
    plan = next(p for p in model.usage_plans if p.logical_id == "Plan")
    assert plan.api_stages == (("Rest", "Stage"), (None, "x")) and plan.unresolved
    assert {(m.api, m.domain, m.mutual_tls) for m in model.api_mappings} == {("Api", None, True),
                                                                             ("Rest", "Domain", False)}
    (waf,) = model.waf_associations
    assert (waf.readable, waf.api, waf.api_kind, waf.stage) == (True, "Rest", ApiKind.REST, "Stage")


def test_stage_arn_forms() -> None:
    join = {"Fn::Join": ["", ["arn:aws:apigateway:", {"Ref": "AWS::Region"}, "::/apis/", {"Ref": "H"},
                              "/stages/$default"]]}
    assert stage_arn_parts(join) == (True, "H", ApiKind.HTTP, "$default")
    assert stage_arn_parts({"Fn::Sub": "arn:aws:apigateway:${AWS::Region}::/restapis/${A}/stages/${A.Stage}"}) \
        == (True, "A", ApiKind.REST, "A.Stage")
    assert stage_arn_parts({"Ref": "Arn"})[0] is False


def test_sam_default_authorizer_and_api_key_reach_the_body() -> None:
    model = model_of("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
              Auth:
                DefaultAuthorizer: Users
                ApiKeyRequired: true
                AddDefaultAuthorizerToCorsPreflight: false
                Authorizers: {Users: {UserPoolArn: arn}, Token: {FunctionArn: arn}}
              DefinitionBody:
                openapi: 3.0.1
                paths:
                  /a:
                    get: {}
                    post: {security: [{NONE: []}]}
                    put: {security: [{Token: []}, {api_key_false: []}]}
                    options: {}
    """)
    found = {op.method: (op.authorization.type, op.authorization.authorizer, op.authorization.api_key_required)
             for op in model.api("Api").operations}
    assert found == {"GET": ("COGNITO_USER_POOLS", "Users", True), "POST": ("NONE", None, True),
                     "PUT": ("CUSTOM", "Token", False), "OPTIONS": ("NONE", None, True)}


def test_a_sam_api_that_a_method_names_first_is_still_a_sam_api() -> None:
    model = model_of("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Extra:
            Type: AWS::ApiGateway::Method
            Properties: {RestApiId: !Ref Api, ResourceId: x, HttpMethod: GET}
          Api: {Type: AWS::Serverless::Api, Properties: {StageName: prod}}
    """)
    api = model.api("Api")
    assert api.logical_id == "Api" and api.origin.value == "sam" and api.pointer.parts == ("Resources", "Api")
