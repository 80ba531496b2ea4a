"""The walk over x-amazon-apigateway-* extensions shared by GW12x/GW13x/GW14x/GW22x/GW63x."""

from __future__ import annotations

from pathlib import Path

import pytest

from gwlint.analysis import openapi_extensions as ext
from gwlint.engine import Options, run
from gwlint.loaders import parse_text
from gwlint.model import build_model
from gwlint.model.elements import ApiKind
from gwlint.model.openapi import guess_kind
from gwlint.registry import load_rules
from gwlint.source import Pointer

RULES = load_rules()


def _model(text: str, path: str = "t.yaml"):
    document = parse_text(path, text)
    return build_model([document])


def _run(paths, *ids):
    options = Options(rules={rule_id: RULES[rule_id] for rule_id in ids}, max_file_size=10_000_000)
    return run([str(p) for p in paths], options).findings


# -- model helper ---------------------------------------------------------------------------------
def test_data_at_follows_keys_and_indexes() -> None:
    model = _model("swagger: '2.0'\ninfo: {title: t}\npaths: {}\ntags: [{name: a}, {name: b}]\nx: {200: ok}\n")
    assert model.data_at(Pointer("t.yaml", ("tags", 1, "name"))) == "b"
    assert model.data_at(Pointer("t.yaml", ("x", "200"))) == "ok"  # the loaders make keys strings
    assert model.data_at(Pointer("t.yaml", ("tags", 5)), default="none") == "none"
    assert model.data_at(Pointer("other.yaml", ())) is None
    assert model.data_at(Pointer("t.yaml", ())) is model.documents[0].data


# -- API type --------------------------------------------------------------------------------------
def test_swagger_is_always_rest() -> None:
    assert guess_kind({"swagger": "2.0", "x-amazon-apigateway-cors": {}}) is ApiKind.REST
    assert guess_kind({"openapi": "3.0.1", "x-amazon-apigateway-cors": {}}) is ApiKind.HTTP


# -- locations ------------------------------------------------------------------------------------
WALK = """\
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        info: {title: t, version: "1"}
        x-amazon-apigateway-binary-media-types: ["*/*"]
        servers:
          - url: https://example.com
            x-amazon-apigateway-endpoint-configuration: {disableExecuteApiEndpoint: true}
        tags:
          - name: a
            x-amazon-apigateway-tag-value: b
        components:
          securitySchemes:
            s:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: custom
        paths:
          /a:
            Fn::If:
              - C
              - get:
                  x-amazon-apigateway-integration: {type: mock}
              - post:
                  x-amazon-apigateway-integration: {type: mock}
          /c:
            x-amazon-apigateway-any-method: {}
          /b:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration: {type: mock}
            get:
              responses:
                "200":
                  x-amazon-apigateway-integration: {type: mock}
"""


def test_every_location_is_classified() -> None:
    model = _model(WALK)
    found = {(o.name, o.location, o.operation.route if o.operation else None) for o in ext.occurrences(model)}
    assert ("x-amazon-apigateway-binary-media-types", "root", None) in found
    assert ("x-amazon-apigateway-endpoint-configuration", "server", None) in found
    assert ("x-amazon-apigateway-tag-value", "tag", None) in found
    assert ("x-amazon-apigateway-authtype", "security-scheme", None) in found
    assert ("x-amazon-apigateway-any-method", "path-item", None) in found
    assert ("x-amazon-apigateway-integration", "operation", "ANY /b") in found
    assert ("x-amazon-apigateway-integration", "other", None) in found
    # Both branches of the Fn::If around a path item.
    routes = {o.operation.route for o in ext.occurrences(model) if o.operation}
    assert {"GET /a", "POST /a", "ANY /b"} <= routes


def test_results_are_computed_once_per_model() -> None:
    model = _model(WALK)
    assert ext.occurrences(model) is ext.occurrences(model)
    assert ext.occurrences(_model(WALK)) is not ext.occurrences(model)


@pytest.mark.parametrize("kind, path, category", [
    ("unknown-field", ("timeoutInMilis",), ext.UNKNOWN),
    ("legacy-extension", (), ext.LEGACY),
    ("not-for-api-type", ("requestTemplates",), ext.API_TYPE),
    ("unsupported-value", ("type",), ext.API_TYPE),
    ("ignored-field", ("identityValidationExpression",), ext.IGNORED),
    ("above-default-maximum", ("timeoutInMillis",), ext.QUOTA),
    ("bad-format", ("requestParameters", "foo"), ext.MAPPING),
    ("wrong-type", ("timeoutInMillis",), ext.INTEGRATION_INVALID),
])
def test_integration_problem_categories(kind, path, category) -> None:
    assert ext.category(ext.INTEGRATION, kind, path) == category


def test_other_extension_errors_go_to_the_generic_rule() -> None:
    assert ext.category(ext.AUTHORIZER, "below-minimum", ("authorizerResultTtlInSeconds",)) == ext.AUTHORIZER_INVALID
    assert ext.category("x-amazon-apigateway-cors", "above-maximum", ("maxAge",)) == ext.OTHER_INVALID
    assert ext.category("x-amazon-apigateway-gateway-responses", "bad-format",
                        ("DEFAULT_4XX", "responseParameters", "x")) == ext.MAPPING


# -- URIs -----------------------------------------------------------------------------------------
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"


@pytest.mark.parametrize("uri, plain, problem", [
    (f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{LAMBDA}/invocations", False, None),
    (f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{LAMBDA}:live/invocations", False, None),
    (f"arn:aws:apigateway:\x00:lambda:path/2015-03-31/functions/\x00/invocations", False, None),
    ("arn:aws:apigateway:us-east-1:lambda:path/\x00", False, None),
    ("arn:aws:apigateway:us-east-1:s3:path/bucket/key", False, None),
    ("arn:aws:apigateway:us-east-1:sqs:action/SendMessage", False, None),
    (LAMBDA, True, None),
    (LAMBDA, False, "plain Lambda function ARN"),
    ("arn:aws:apigateway:us-east-1:lambda:functions/x/invocations", False, "must contain path or action"),
    (f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{LAMBDA}", False, "not a Lambda invocation path"),
    (f"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/{LAMBDA}/invocations", False, "the function is in"),
    ("arn:aws:apigateway:us-east1:s3:path/b/k", False, "invalid region"),
    ("arn:aws:apigateway:cn-north-1:s3:path/b/k", False, "belongs to 'aws-cn'"),
    ("arn:aws-cn:apigateway:cn-north-1:s3:path/b/k", False, None),
    ("arn:awz:apigateway:us-east-1:s3:path/b/k", False, "unknown partition"),
    ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1234:function:f/invocations",
     False, "not a 12-digit account id"),
])
def test_invoke_uri_problem(uri, plain, problem) -> None:
    found = ext.invoke_uri_problem(uri, plain_lambda=plain)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_uri_texts_mark_what_is_not_known() -> None:
    assert ext.uri_texts("arn:aws:apigateway:${AWS::Region}:s3:path/x", False) == [("arn:aws:apigateway:\x00:s3:path/x", None)]
    texts = [text for text, _ in ext.uri_texts({"Fn::Sub": "arn:${AWS::Partition}:apigateway:us-east-1:s3:path/${B}"}, True)]
    assert texts == ["arn:\x00:apigateway:us-east-1:s3:path/\x00"]
    assert ext.uri_texts({"Fn::Sub": "x"}, False) == []


# -- intrinsics: accepted where CloudFormation resolves them --------------------------------------
TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Uploaded:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: uploaded.yaml
  Included:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters: {Location: included.yaml}
"""
BODY = """\
openapi: 3.0.1
info: {title: pets}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
"""


def test_intrinsics_are_flagged_only_where_nothing_resolves_them(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "uploaded.yaml").write_text(BODY)
    (tmp_path / "included.yaml").write_text(BODY)
    (tmp_path / "alone").mkdir()
    (tmp_path / "alone" / "api.yaml").write_text(BODY)
    findings = _run([tmp_path], "GW120")
    flagged = {Path(f.path).name for f in findings}
    assert flagged == {"uploaded.yaml"}, [(f.path, f.message) for f in findings]
    assert "unresolved CloudFormation intrinsic 'Fn::Sub'" in findings[0].message


def test_every_extension_rule_is_quiet_on_sam_generated_bodies(tmp_path: Path) -> None:
    """The shapes SAM writes into the bodies it generates (what `sam validate --debug` shows)."""
    (tmp_path / "out.json").write_text(SAM_OUTPUT)
    ids = [rule_id for rule_id in RULES if rule_id[:4] in ("GW12", "GW13", "GW14", "GW22", "GW63")]
    findings = _run([tmp_path / "out.json"], *ids)
    assert not findings, [(f.rule_id, f.message) for f in findings]


SAM_OUTPUT = """\
{
  "Resources": {
    "ServerlessRestApi": {
      "Type": "AWS::ApiGateway::RestApi",
      "Properties": {
        "Body": {
          "swagger": "2.0",
          "info": {"version": "1.0", "title": {"Ref": "AWS::StackName"}},
          "paths": {
            "/pets/{id}": {
              "get": {
                "x-amazon-apigateway-integration": {
                  "type": "aws_proxy", "httpMethod": "POST",
                  "uri": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"}
                },
                "security": [{"MyAuth": []}, {"api_key": []}],
                "responses": {}
              },
              "options": {
                "consumes": ["application/json"], "produces": ["application/json"],
                "responses": {"200": {"description": "Default response for CORS method", "headers": {
                  "Access-Control-Allow-Origin": {"type": "string"}, "Access-Control-Allow-Methods": {"type": "string"}}}},
                "x-amazon-apigateway-integration": {
                  "type": "mock", "requestTemplates": {"application/json": "{\\n  \\"statusCode\\" : 200\\n}\\n"},
                  "responses": {"default": {"statusCode": "200", "responseParameters": {
                    "method.response.header.Access-Control-Allow-Origin": "'*'",
                    "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'"},
                    "responseTemplates": {"application/json": "{}\\n"}}}
                },
                "summary": "CORS support"
              }
            }
          },
          "securityDefinitions": {
            "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
            "MyAuth": {
              "type": "apiKey", "name": "Authorization", "in": "header",
              "x-amazon-apigateway-authtype": "custom",
              "x-amazon-apigateway-authorizer": {
                "type": "token", "authorizerResultTtlInSeconds": 0,
                "identityValidationExpression": "^Bearer +[-0-9a-zA-Z\\\\._]*$",
                "authorizerUri": {"Fn::Sub": ["arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations", {"__FunctionArn__": {"Fn::GetAtt": ["Auth", "Arn"]}}]}
              }
            }
          },
          "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": ["execute-api:/*/*/*"]},
            {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": ["execute-api:/*/*/*"],
             "Condition": {"NotIpAddress": {"aws:SourceIp": ["1.2.3.4"]}}}]},
          "x-amazon-apigateway-gateway-responses": {"UNAUTHORIZED": {"statusCode": 401, "responseParameters": {
            "gatewayresponse.header.Access-Control-Expose-Headers": "'WWW-Authenticate'"}, "responseTemplates": {}}},
          "x-amazon-apigateway-binary-media-types": ["image/png"]
        }
      }
    },
    "ServerlessHttpApi": {
      "Type": "AWS::ApiGatewayV2::Api",
      "Properties": {
        "Body": {
          "openapi": "3.0.1",
          "info": {"version": "1.0", "title": {"Ref": "AWS::StackName"}},
          "paths": {
            "$default": {
              "x-amazon-apigateway-any-method": {
                "isDefaultRoute": true,
                "x-amazon-apigateway-integration": {
                  "type": "aws_proxy", "httpMethod": "POST", "payloadFormatVersion": "2.0",
                  "uri": {"Fn::GetAtt": ["Fn", "Arn"]}
                },
                "security": [{"LambdaAuth": []}],
                "responses": {}
              }
            }
          },
          "components": {"securitySchemes": {"LambdaAuth": {
            "type": "apiKey", "name": "Unused", "in": "header",
            "x-amazon-apigateway-authorizer": {
              "type": "request", "identitySource": ["$request.header.Authorization"],
              "authorizerPayloadFormatVersion": "2.0", "enableSimpleResponses": true,
              "authorizerUri": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Auth.Arn}/invocations"}
            }}}},
          "x-amazon-apigateway-cors": {"allowOrigins": ["https://example.com"], "allowMethods": ["GET"], "maxAge": 600},
          "tags": [{"name": "httpapi:createdBy", "x-amazon-apigateway-tag-value": "SAM"}]
        }
      }
    },
    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "i.h", "Runtime": "python3.12", "Role": "r", "Code": {"ZipFile": "x"}}},
    "Auth": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "i.h", "Runtime": "python3.12", "Role": "r", "Code": {"ZipFile": "x"}}}
  }
}
"""


def test_api_cors_comes_from_every_input_kind() -> None:
    model = _model("""\
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors: "'*'"
Resources:
  V2:
    Type: AWS::ApiGatewayV2::Api
    Properties: {ProtocolType: HTTP, CorsConfiguration: {AllowOrigins: ["*"]}}
  Http:
    Type: AWS::Serverless::HttpApi
    Properties: {CorsConfiguration: true}
  Rest:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod}
""")
    apis = {api.key: api for api in model.apis}
    assert apis["V2"].cors == {"AllowOrigins": ["*"]}
    assert apis["V2"].cors_pointer.parts[-1] == "CorsConfiguration"
    assert apis["Http"].cors is True
    assert apis["Rest"].cors == "'*'"
    assert ext.cors_pointer(model, apis["Rest"]).parts == ("Globals", "Api", "Cors")
