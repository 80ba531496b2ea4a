"""Tests for rules/schemas/*.json and gwlint.analysis.extension_schemas."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from gwlint.analysis import extension_schemas as es
from gwlint.analysis.extension_schemas import known_extensions, validate_extension

REPO = Path(__file__).resolve().parents[2]
SCHEMA_DIR = REPO / "rules" / "schemas"
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("x-amazon-apigateway-*.json"))
P = "x-amazon-apigateway-"

SUB_LAMBDA_URI = {
    "Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
               "${HelloFunction.Arn}/invocations"
}
LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:hello/invocations")


def kinds_and_paths(problems):
    return {(p.kind, p.path) for p in problems}


# --------------------------------------------------------------------------------------------------
# Examples: VALID values produce no problem at all; CASES produce exactly the (kind, path) listed.
# --------------------------------------------------------------------------------------------------

VALID = [
    # SAM implicit REST API output (aws-sam-translator 1.110.0): lower-case aws_proxy, Fn::Sub uri.
    ("integration", "rest", {"type": "aws_proxy", "httpMethod": "POST", "uri": SUB_LAMBDA_URI}),
    # sessions-with-aws-sam s12d: upper-case AWS to DynamoDB through Fn::Sub, credentials GetAtt.
    ("integration", "rest", {
        "type": "AWS", "httpMethod": "POST",
        "uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:dynamodb:action/GetItem"},
        "credentials": {"Fn::GetAtt": ["ApiRole", "Arn"]},
        "requestTemplates": {"application/json": "{\"TableName\": \"items\"}"},
        "passthroughBehavior": "when_no_templates",
        "responses": {"default": {"statusCode": "200"}},
    }),
    # SAM CORS preflight: a mock integration with static, single-quoted header values.
    ("integration", "rest", {
        "type": "mock",
        "requestTemplates": {"application/json": "{\n  \"statusCode\" : 200\n}\n"},
        "responses": {"default": {
            "statusCode": "200",
            "responseParameters": {
                "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'",
                "method.response.header.Access-Control-Allow-Origin": "'*'",
                "method.response.header.Access-Control-Max-Age": 600,  # SAM writes MaxAge unquoted
            },
            "responseTemplates": {"application/json": "{}\n"},
        }},
    }),
    # serverless-patterns apigw-rest-vpclink-pvt-alb-sam: VPC link v2 to an ALB.
    ("integration", "rest", {
        "type": "http_proxy", "httpMethod": "ANY", "uri": "http://internal.example.com/{proxy}",
        "connectionType": "VPC_LINK", "connectionId": {"Ref": "VpcLink"},
        "integrationTarget": {"Ref": "PrivateALB"},
        "requestParameters": {"integration.request.path.proxy": "method.request.path.proxy"},
    }),
    # apigw-sqs-terraform: SQS with a static header and passthroughBehavior never.
    ("integration", "rest", {
        "type": "aws", "httpMethod": "POST",
        "uri": "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders",
        "credentials": "arn:aws:iam::123456789012:role/api-sqs",
        "requestParameters": {"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
        "requestTemplates": {"application/json": "Action=SendMessage&MessageBody=$input.body"},
        "passthroughBehavior": "never", "timeoutInMillis": 29000,
    }),
    # serverless-express: stage variable inside the uri; response streaming (2021-11-15 path).
    ("integration", "rest", {
        "type": "aws_proxy", "httpMethod": "POST",
        "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:"
               "123456789012:function:${stageVariables.ServerlessExpressLambdaFunctionName}/invocations",
    }),
    ("integration", "rest", {
        "type": "AWS_PROXY", "httpMethod": "POST", "responseTransferMode": "STREAM",
        "uri": "arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/"
               "arn:aws:lambda:us-east-1:123456789012:function:f/response-streaming-invocations",
    }),
    # Fn::If between two valid types.
    ("integration", "rest", {"type": {"Fn::If": ["IsMock", "MOCK", "aws_proxy"]}, "uri": SUB_LAMBDA_URI,
                             "httpMethod": "POST"}),
    # SAM implicit HTTP API output.
    ("integration", "http", {"type": "aws_proxy", "httpMethod": "POST", "payloadFormatVersion": "2.0",
                             "uri": SUB_LAMBDA_URI}),
    # terraform-aws-apigateway-v2 complete-http: plain Lambda ARN, httpMethod GET.
    ("integration", "http", {"type": "AWS_PROXY", "httpMethod": "GET", "payloadFormatVersion": "2.0",
                             "uri": "arn:aws:lambda:eu-west-1:123456789012:function:debug"}),
    # apigw-sqs-lambda: first-class SQS integration, no uri / httpMethod.
    ("integration", "http", {
        "type": "aws_proxy", "integrationSubtype": "SQS-SendMessage", "payloadFormatVersion": "1.0",
        "credentials": {"Fn::GetAtt": ["HttpApiRole", "Arn"]}, "connectionType": "INTERNET",
        "requestParameters": {"QueueUrl": {"Ref": "Queue"}, "MessageBody": "$request.body.message"},
    }),
    ("integration", "http", {
        "type": "AWS_PROXY", "integrationSubtype": "EventBridge-PutEvents", "payloadFormatVersion": "1.0",
        "credentials": "arn:aws:iam::123456789012:role/api-events",
        "requestParameters": {"Detail": "$request.body.Detail", "DetailType": "MyDetailType",
                              "Source": "demo.apigw"},
    }),
    # An export written as YAML: payloadFormatVersion as the number 1.0, response parameter mapping.
    ("integration", "http", {
        "type": "HTTP_PROXY", "httpMethod": "ANY", "uri": "https://backend.example.com/{proxy}",
        "payloadFormatVersion": 1.0, "connectionType": "INTERNET", "timeoutInMillis": 30000,
        "responseParameters": {"200": {"overwrite:header.x-source": "backend", "overwrite:statuscode": "204"}},
    }),
    ("integrations", "http", {"debug": {"type": "AWS_PROXY", "httpMethod": "GET",
                                        "payloadFormatVersion": "2.0",
                                        "uri": "arn:aws:lambda:eu-west-1:123456789012:function:debug"}}),
    # SAM TOKEN / REQUEST authorizers (research 4.3), a Cognito one, the TTL as a string.
    ("authorizer", "rest", {
        "type": "token", "authorizerUri": SUB_LAMBDA_URI,
        "identitySource": "method.request.header.Authorization",
        "identityValidationExpression": "^Bearer [-0-9a-zA-Z._]+$", "authorizerResultTtlInSeconds": 300,
    }),
    ("authorizer", "rest", {
        "type": "request", "authorizerUri": SUB_LAMBDA_URI, "authorizerResultTtlInSeconds": "300",
        "identitySource": "method.request.header.X-Key, method.request.querystring.q",
    }),
    # AWS doc example: no identitySource, the header comes from the security scheme's name.
    ("authorizer", "rest", {"type": "token", "authorizerUri": LAMBDA_URI, "authorizerResultTtlInSeconds": 60,
                            "authorizerCredentials": "arn:aws:iam::123456789012:role/auth",
                            "identityValidationExpression": "^x-[a-z]+"}),
    ("authorizer", "rest", {"type": "REQUEST", "authorizerUri": SUB_LAMBDA_URI,
                            "authorizerResultTtlInSeconds": 0}),
    ("authorizer", "rest", {"type": "cognito_user_pools", "providerARNs": [{"Fn::GetAtt": ["Pool", "Arn"]}],
                            "identitySource": "method.request.header.Authorization"}),
    # SAM HTTP API Lambda authorizer: identitySource as a list.
    ("authorizer", "http", {
        "type": "request", "authorizerUri": SUB_LAMBDA_URI, "authorizerPayloadFormatVersion": "2.0",
        "enableSimpleResponses": True, "identitySource": ["$request.header.Authorization"],
        "authorizerResultTtlInSeconds": 0,
    }),
    ("authorizer", "http", {
        "type": "jwt", "identitySource": "$request.header.Authorization",
        "jwtConfiguration": {"issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc123",
                             "audience": ["3q7k1example"]},
    }),
    ("authtype", "rest", "awsSigv4"),
    ("authtype", "http", "cognito_user_pools"),
    ("any-method", "rest", {"x-amazon-apigateway-integration": {"type": "aws_proxy"}, "responses": {}}),
    ("any-method", "http", {"isDefaultRoute": True, "responses": {"default": {"description": "ok"}}}),
    ("api-key-source", "rest", "AUTHORIZER"),
    ("binary-media-types", "rest", ["application/octet-stream", "image/jpeg", "*/*"]),
    ("cors", "http", {
        "allowOrigins": ["https://www.example.com"], "allowCredentials": True,
        "exposeHeaders": ["x-apigateway-header", "x-amz-date", "content-type"], "maxAge": 3600,
        "allowMethods": ["GET", "OPTIONS", "POST"], "allowHeaders": ["x-apigateway-header", "content-type"],
    }),
    ("cors", "http", {"allowOrigins": ["*"], "maxAge": -1}),
    ("documentation", "rest", {"version": "1.0", "documentationParts": [
        {"location": {"type": "API"}, "properties": {"description": "Pet store"}},
        {"location": {"type": "METHOD", "path": "/pets", "method": "GET"}, "properties": "{\"summary\": \"x\"}"},
    ]}),
    ("endpoint-configuration", "rest", {"vpcEndpointIds": ["vpce-0212a4ababd5b8c3e", {"Ref": "Endpoint"}]}),
    ("endpoint-configuration", "rest", {"disableExecuteApiEndpoint": True}),
    ("endpoint-configuration", "http", {"ipAddressType": "dualstack", "disableExecuteApiEndpoint": False}),
    ("endpoint-access-mode", "rest", "STRICT"),
    ("security-policy", "rest", "SecurityPolicy_TLS13_1_3_2025_09"),
    ("security-policy", "rest", "TLS_1_2"),
    ("gateway-responses", "rest", {
        "DEFAULT_4XX": {
            "responseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
            "responseTemplates": {"application/json": "{\"message\": $context.error.messageString}"},
        },
        "INVALID_API_KEY": {"statusCode": "429"},
        "MISSING_AUTHENTICATION_TOKEN": {"statusCode": 404},
    }),
    ("importexport-version", "http", "1.0"),
    ("minimum-compression-size", "rest", 0),
    ("minimum-compression-size", "rest", 10485760),
    ("policy", "rest", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}}},
    ]}),
    ("request-validators", "rest", {
        "all": {"validateRequestBody": True, "validateRequestParameters": True},
        "params-only": {"validateRequestBody": False, "validateRequestParameters": True},
    }),
    ("request-validator", "rest", "all"),
    ("tag-value", "http", "prod"),
    ("tag-value", "http", ""),
]

CASES = [
    # --- integration, REST
    ("integration", "rest", {"type": "LAMBDA", "httpMethod": "POST", "uri": LAMBDA_URI},
     {("unknown-value", ("type",))}),
    ("integration", "rest", {"httpMethod": "POST", "uri": LAMBDA_URI}, {("missing-field", ())}),
    ("integration", "rest", {"type": "aws_proxy"}, {("missing-field", ())}),
    ("integration", "rest", {"type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA_URI, "timeoutInMillis": 40},
     {("below-minimum", ("timeoutInMillis",))}),
    ("integration", "rest", {"type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA_URI,
                             "timeoutInMillis": 60000},
     {("above-default-maximum", ("timeoutInMillis",))}),
    ("integration", "rest", {"type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA_URI,
                             "timeoutInMillis": 999999},
     {("above-maximum", ("timeoutInMillis",))}),
    ("integration", "rest", {"type": "aws", "httpMethod": "POST", "uri": LAMBDA_URI,
                             "passthroughBehavior": "when_no_matches", "contentHandling": "CONVERT_TO_JSON"},
     {("unknown-value", ("passthroughBehavior",)), ("unknown-value", ("contentHandling",))}),
    ("integration", "rest", {"type": "http_proxy", "httpMethod": "ANY", "uri": "http://x.example.com",
                             "connectionType": "VPC_LINK"},
     {("missing-field", ())}),
    ("integration", "rest", {"type": "http_proxy", "httpMethod": "ANY", "uri": "http://x.example.com",
                             "integrationTarget": "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                                                  "loadbalancer/app/alb/1", "connectionType": "INTERNET"},
     {("conflicting-fields", ("connectionType",))}),
    ("integration", "rest", {"type": "aws", "httpMethod": "POST", "uri": LAMBDA_URI,
                             "responseTransferMode": "STREAM"},
     {("conflicting-fields", ("type",))}),
    ("integration", "rest", {"type": "http_proxy", "httpMethod": "GET", "uri": "https://x.example.com",
                             "tlsConfig": {"insecureSkipVerification": "yes"}},
     {("wrong-type", ("tlsConfig", "insecureSkipVerification"))}),
    ("integration", "rest", {"type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA_URI,
                             "timeoutInMilis": 3000},
     {("unknown-field", ("timeoutInMilis",))}),
    ("integration", "rest", {"type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA_URI,
                             "integrationSubtype": "SQS-SendMessage", "payloadFormatVersion": "2.0"},
     {("not-for-api-type", ("integrationSubtype",)), ("ignored-for-api-type", ("payloadFormatVersion",))}),
    ("integration", "rest", {"type": "mock", "responses": {"default": {
        "statusCode": "2000", "responseParameters": {"method.request.header.A": "'x'"}}}},
     {("bad-format", ("responses", "default", "statusCode")),
      ("bad-format", ("responses", "default", "responseParameters", "method.request.header.A"))}),
    ("integration", "rest", {"type": "mock", "responses": {"default": {}}},
     {("missing-field", ("responses", "default"))}),
    ("integration", "rest", {"type": "mock", "requestTemplates": {"application/json": "x" * (300 * 1024 + 1)}},
     {("too-long", ("requestTemplates", "application/json"))}),
    ("integration", "rest", {"type": "aws_proxy", "httpMethod": "POST", "uri": "x",
                             "requestParameters": {"method.request.path.id": "method.request.path.id"}},
     {("bad-format", ("requestParameters", "method.request.path.id"))}),
    # Intrinsics: Fn::If branches are checked; malformed intrinsics are reported as such.
    ("integration", "rest", {"type": {"Fn::If": ["C", "aws_proxy", "lambda"]}, "httpMethod": "POST",
                             "uri": SUB_LAMBDA_URI},
     {("unknown-value", ("type", "Fn::If", 2))}),
    ("integration", "rest", {"type": "aws_proxy", "httpMethod": "POST", "uri": {"Ref": 5}},
     {("invalid-intrinsic", ("uri", "Ref"))}),
    ("integration", "rest", {"type": "aws_proxy", "httpMethod": "POST", "uri": {"Fn::Sub": "a", "x": 1}},
     {("wrong-type", ("uri",))}),
    ("integration", "rest", "aws_proxy", {("wrong-type", ())}),
    # --- integration, HTTP
    ("integration", "http", {"type": "aws", "httpMethod": "POST", "uri": LAMBDA_URI},
     {("unsupported-value", ("type",))}),
    ("integration", "http", {"type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA_URI,
                             "payloadFormatVersion": "3.0", "timeoutInMillis": 30001},
     {("unknown-value", ("payloadFormatVersion",)), ("above-maximum", ("timeoutInMillis",))}),
    ("integration", "http", {"type": "http_proxy", "httpMethod": "GET", "uri": "https://x.example.com",
                             "payloadFormatVersion": "2.0"},
     {("conflicting-fields", ("payloadFormatVersion",))}),
    ("integration", "http", {"type": "http_proxy", "integrationSubtype": "SQS-SendMessage",
                             "payloadFormatVersion": "1.0"},
     {("conflicting-fields", ("type",))}),
    ("integration", "http", {"type": "aws_proxy", "integrationSubtype": "SQS-SendMesage",
                             "payloadFormatVersion": "1.0"},
     {("unrecognized-value", ("integrationSubtype",))}),
    ("integration", "http", {"type": "aws_proxy", "payloadFormatVersion": "2.0"}, {("missing-field", ())}),
    ("integration", "http", {"type": "aws_proxy", "uri": LAMBDA_URI, "payloadFormatVersion": "2.0",
                             "requestTemplates": {"application/json": "{}"}, "passthroughBehavior": "NEVER",
                             "tlsConfig": {"insecureSkipVerification": True}},
     {("not-for-api-type", ("requestTemplates",)), ("not-for-api-type", ("passthroughBehavior",)),
      ("not-for-api-type", ("tlsConfig", "insecureSkipVerification"))}),
    ("integration", "http", {"type": "http_proxy", "uri": "https://x.example.com",
                             "responseParameters": {"99": {}, "200": {"set:header.x": "y"}}},
     {("bad-format", ("responseParameters", "99")),
      ("bad-format", ("responseParameters", "200", "set:header.x"))}),
    ("integrations", "http", {"debug": {"type": "aws_proxy"}}, {("missing-field", ("debug",))}),
    ("integrations", "rest", {}, {("not-for-api-type", ())}),
    # --- authorizer
    ("authorizer", "rest", {"type": "oauth2"}, {("unknown-value", ("type",))}),
    ("authorizer", "http", {"type": "token", "authorizerUri": LAMBDA_URI}, {("unknown-value", ("type",))}),
    ("authorizer", "rest", {"type": "token", "authorizerUri": LAMBDA_URI,
                            "identitySource": "method.request.header.Authorization",
                            "authorizerResultTtlInSeconds": 3601},
     {("above-maximum", ("authorizerResultTtlInSeconds",))}),
    ("authorizer", "rest", {"type": "token", "authorizerUri": LAMBDA_URI,
                            "identitySource": "method.request.header.Authorization",
                            "authorizerResultTtlInSeconds": "9999"},
     {("bad-format", ("authorizerResultTtlInSeconds",))}),
    ("authorizer", "http", {"type": "jwt", "authorizerResultTtlInSeconds": -1},
     {("below-minimum", ("authorizerResultTtlInSeconds",))}),
    ("authorizer", "rest", {"type": "request", "authorizerUri": LAMBDA_URI}, {("missing-field", ())}),
    ("authorizer", "rest", {"type": "cognito_user_pools", "identitySource": "method.request.header.Authorization"},
     {("missing-field", ())}),
    ("authorizer", "rest", {"type": "request", "authorizerUri": LAMBDA_URI, "authorizerResultTtlInSeconds": 0,
                            "identityValidationExpression": ".*", "enableSimpleResponses": True},
     {("ignored-field", ("identityValidationExpression",)), ("not-for-api-type", ("enableSimpleResponses",))}),
    ("authorizer", "http", {"type": "request", "authorizerUri": LAMBDA_URI, "enableSimpleResponses": True,
                            "authorizerPayloadFormatVersion": "1.0"},
     {("conflicting-fields", ("authorizerPayloadFormatVersion",))}),
    ("authorizer", "http", {"type": "request", "authorizerUri": LAMBDA_URI}, {("missing-field", ())}),
    ("authorizer", "http", {"type": "jwt", "identityValidationExpression": "^x$", "providerARNs": []},
     {("ignored-for-api-type", ("identityValidationExpression",)), ("not-for-api-type", ("providerARNs",))}),
    # --- the others
    ("authtype", "rest", 5, {("wrong-type", ())}),
    ("any-method", "rest", {"isDefaultRoute": True}, {("not-for-api-type", ("isDefaultRoute",))}),
    ("any-method", "http", {"isDefaultRoute": "yes"}, {("wrong-type", ("isDefaultRoute",))}),
    ("api-key-source", "rest", "QUERYSTRING", {("unknown-value", ())}),
    ("api-key-source", "http", "HEADER", {("not-for-api-type", ())}),
    ("binary-media-types", "rest", "image/png", {("wrong-type", ())}),
    ("binary-media-types", "rest", ["image/png", "image png"], {("bad-format", (1,))}),
    ("cors", "http", {"allowOrigins": "*", "maxAge": 86401, "allowMethods": [""], "allowHeader": ["x"]},
     {("wrong-type", ("allowOrigins",)), ("above-maximum", ("maxAge",)), ("too-short", ("allowMethods", 0)),
      ("unknown-field", ("allowHeader",))}),
    ("cors", "http", {"maxAge": -2}, {("below-minimum", ("maxAge",))}),
    ("cors", "rest", {"allowOrigins": ["*"]}, {("not-for-api-type", ())}),
    ("documentation", "rest", {"documentationParts": [{"location": {"type": "OPERATION"}}, {}]},
     {("unknown-value", ("documentationParts", 0, "location", "type")),
      ("missing-field", ("documentationParts", 1))}),
    ("endpoint-configuration", "rest", {"vpcEndpointIds": ["vpc-123"], "ipAddressType": "IPV6",
                                        "types": ["PRIVATE"]},
     {("bad-format", ("vpcEndpointIds", 0)), ("unknown-value", ("ipAddressType",)),
      ("unknown-field", ("types",))}),
    ("endpoint-configuration", "http", {"vpcEndpointIds": ["vpce-0212a4ababd5b8c3e"]},
     {("not-for-api-type", ("vpcEndpointIds",))}),
    ("endpoint-access-mode", "rest", "LAX", {("unknown-value", ())}),
    ("security-policy", "rest", "TLS_1_3", {("unknown-value", ())}),
    ("gateway-responses", "rest", {"BOGUS_4XX": {}, "DEFAULT_5XX": {"statuscode": "500"},
                                   "UNAUTHORIZED": {"statusCode": "4xx", "responseParameters": {
                                       "method.response.header.X": "'y'"}}},
     {("unknown-value", ("BOGUS_4XX",)), ("unknown-field", ("DEFAULT_5XX", "statuscode")),
      ("bad-format", ("UNAUTHORIZED", "statusCode")),
      ("bad-format", ("UNAUTHORIZED", "responseParameters", "method.response.header.X"))}),
    ("gateway-responses", "http", {}, {("not-for-api-type", ())}),
    ("importexport-version", "http", "2.0", {("unknown-value", ())}),
    ("importexport-version", "http", 1.0, {("wrong-type", ())}),
    ("importer-version", "http", "1.0", {("legacy-extension", ())}),
    ("auth", "rest", {"type": "aws_iam"}, {("legacy-extension", ())}),
    ("auth", "rest", {"type": "cognito"}, {("legacy-extension", ()), ("unknown-value", ("type",))}),
    ("minimum-compression-size", "rest", -1, {("below-minimum", ())}),
    ("minimum-compression-size", "rest", 10485761, {("above-maximum", ())}),
    ("minimum-compression-size", "rest", "1024", {("wrong-type", ())}),
    ("policy", "rest", {"Version": "2012-10-17"}, {("missing-field", ())}),
    ("policy", "rest", {"Statement": [{"Effect": "allow"}]}, {("unknown-value", ("Statement", 0, "Effect"))}),
    ("request-validators", "rest", {"all": {"validateRequestBody": "true", "validateBody": True}},
     {("wrong-type", ("all", "validateRequestBody")), ("unknown-field", ("all", "validateBody"))}),
    ("request-validator", "rest", "", {("too-short", ())}),
    ("tag-value", "http", 5, {("wrong-type", ())}),
    ("tag-value", "http", "x" * 1601, {("too-long", ())}),
]


def _id(case):
    return f"{case[0]}-{case[1]}-{str(case[2])[:40]}"


@pytest.mark.parametrize("case", VALID, ids=_id)
def test_valid_examples_have_no_problems(case):
    name, api, value = case
    assert validate_extension(P + name, value, api) == []


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_invalid_examples_report_expected_problems(case):
    name, api, value, expected = case
    problems = validate_extension(P + name, value, api)
    assert kinds_and_paths(problems) == expected, problems
    for problem in problems:
        assert problem.message and problem.severity in {"error", "warning", "note"}


def test_every_extension_has_good_and_bad_examples():
    names = {info.name for info in known_extensions()}
    legacy = {info.name for info in known_extensions() if info.legacy}  # always at least a note
    assert {P + c[0] for c in VALID} == names - legacy
    assert {P + c[0] for c in CASES} == names


# --------------------------------------------------------------------------------------------------
# Messages, severities and the API
# --------------------------------------------------------------------------------------------------

def test_messages_are_short_and_specific():
    [problem] = validate_extension(P + "integration", {"type": "LAMBDA", "httpMethod": "POST", "uri": "x"}, "rest")
    assert problem.message == ("unknown integration type 'LAMBDA': expected one of AWS, AWS_PROXY, HTTP, "
                               "HTTP_PROXY, MOCK")
    assert problem.severity == "error"
    [problem] = validate_extension(P + "integration", {"type": "MOCK", "timeoutInMillis": 40}, "rest")
    assert problem.message == "timeoutInMillis 40 is below the minimum of 50 ms"
    [problem] = validate_extension(P + "integration", {"type": "MOCK", "timeoutInMilis": 40}, "rest")
    assert problem.message == "unknown field 'timeoutInMilis' (did you mean 'timeoutInMillis'?)"
    assert problem.severity == "warning"
    [problem] = validate_extension(P + "integratoin", {}, "rest")
    assert problem.kind == "unknown-extension" and "x-amazon-apigateway-integration" in problem.message


@pytest.mark.parametrize("value,api,kind,severity", [
    (29000, "rest", None, None),
    (29001, "rest", "above-default-maximum", "warning"),
    (900000, "rest", "above-default-maximum", "warning"),
    (900001, "rest", "above-maximum", "error"),
    (49, "rest", "below-minimum", "error"),
    (30000, "http", None, None),
    (30001, "http", "above-maximum", "error"),
])
def test_rest_timeout_above_default_is_distinguishable_from_invalid(value, api, kind, severity):
    base = {"type": "mock"} if api == "rest" else {"type": "http_proxy", "uri": "https://x.example.com"}
    problems = validate_extension(P + "integration", {**base, "timeoutInMillis": value}, api)
    assert [(p.kind, p.severity) for p in problems] == ([] if kind is None else [(kind, severity)])


def _mixed(text):
    return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(text))


@pytest.mark.parametrize("case", [str.lower, str.upper, str.title, _mixed], ids=lambda f: f.__name__)
def test_case_insensitive_fields_accept_any_case(case):
    integration = {"type": case("aws_proxy"), "httpMethod": "POST", "uri": LAMBDA_URI,
                   "passthroughBehavior": case("when_no_match")}
    assert validate_extension(P + "integration", integration, "rest") == []
    authorizer = {"type": case("token"), "authorizerUri": LAMBDA_URI,
                  "identitySource": "method.request.header.Authorization"}
    assert validate_extension(P + "authorizer", authorizer, "rest") == []
    assert validate_extension(P + "authorizer", {"type": case("jwt")}, "http") == []
    assert validate_extension(P + "auth", {"type": case("aws_iam")}, "rest")[0].kind == "legacy-extension"
    # ... but a different word is still wrong, whatever its case.
    bad = validate_extension(P + "integration", {"type": case("aws_proxi")}, "rest")
    assert ("unknown-value", ("type",)) in kinds_and_paths(bad)


def test_allow_intrinsics_false_reports_unresolved_intrinsics():
    value = {"type": "aws_proxy", "httpMethod": "POST", "uri": SUB_LAMBDA_URI}
    assert validate_extension(P + "integration", value, "rest") == []
    problems = validate_extension(P + "integration", value, "rest", allow_intrinsics=False)
    assert kinds_and_paths(problems) == {("intrinsic-not-allowed", ("uri",))}


def test_non_string_yaml_keys_keep_their_original_path():
    value = {"type": "mock", "responses": {200: {"statusCode": "2000"}}}
    problems = validate_extension(P + "integration", value, "rest")
    assert kinds_and_paths(problems) == {("bad-format", ("responses", 200, "statusCode"))}


def test_api_type_is_validated_and_normalised():
    assert validate_extension(P + "cors", {}, "HTTP") == []
    assert validate_extension(P + "cors", {}, "v2") == []
    with pytest.raises(ValueError):
        validate_extension(P + "cors", {}, "websocket")


def test_known_extensions_by_api_type():
    rest = {i.name[len(P):] for i in known_extensions("rest")}
    http = {i.name[len(P):] for i in known_extensions("http")}
    assert rest == {"any-method", "api-key-source", "auth", "authorizer", "authtype", "binary-media-types",
                    "documentation", "endpoint-access-mode", "endpoint-configuration", "gateway-responses",
                    "integration", "minimum-compression-size", "policy", "request-validator",
                    "request-validators", "security-policy"}
    assert http == {"any-method", "authorizer", "authtype", "cors", "endpoint-configuration",
                    "importer-version", "importexport-version", "integration", "integrations", "tag-value"}
    legacy = {i.name for i in known_extensions() if i.legacy}
    assert legacy == {P + "importer-version", P + "auth"}
    info = es.extension_info(P + "importer-version")
    assert info.replaced_by == P + "importexport-version" and info.applies_to("HTTP")
    assert all(i.locations for i in known_extensions())


# --------------------------------------------------------------------------------------------------
# The schema files themselves
# --------------------------------------------------------------------------------------------------

def test_schema_files_exist_for_every_indexed_extension():
    index = json.loads((SCHEMA_DIR / "_index.json").read_text(encoding="utf-8"))["extensions"]
    assert sorted(entry["file"] for entry in index.values()) == [p.name for p in SCHEMA_FILES]
    assert (SCHEMA_DIR / "__init__.py").is_file()
    assert len(SCHEMA_FILES) >= 20


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_schema_file_is_a_valid_json_schema(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    meta = schema["x-gwlint-extension"]
    assert meta["name"] == path.stem == schema["title"]
    assert set(meta["variants"]) == set(meta["apiTypes"]) <= {"rest", "http"}
    for pointer in meta["variants"].values():
        assert pointer.removeprefix("#/$defs/") in schema["$defs"]
    # The shared intrinsic definition uses the same key pattern as the validator.
    assert schema["$defs"]["intrinsic"]["propertyNames"]["pattern"] == es.INTRINSIC_KEY_PATTERN


def _walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, path + (index,))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_standalone_schema_accepts_valid_examples(path):
    """The files work with any JSON Schema validator, not only through gwlint."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    for name, _api, value in VALID:
        if P + name == path.stem:
            assert not list(validator.iter_errors(value))


def test_case_insensitive_patterns_match_every_case_and_nothing_else():
    seen = 0
    for path in SCHEMA_FILES:
        for where, node in _walk(json.loads(path.read_text(encoding="utf-8"))):
            if node.get("x-gwlint-case-insensitive"):
                seen += 1
                pattern = re.compile(node["anyOf"][1]["pattern"])
                for value in node["x-gwlint-enum"]:
                    for variant in (value, value.lower(), value.upper(), value.swapcase()):
                        assert pattern.search(variant), (path.name, where, variant)
                    assert not pattern.search(value + "X") and not pattern.search(" " + value)
    assert seen >= 5


# --------------------------------------------------------------------------------------------------
# Committed enums == botocore (skipped without botocore; it is a development dependency only)
# --------------------------------------------------------------------------------------------------

def _generator():
    spec = importlib.util.spec_from_file_location("gen_extension_schemas",
                                                  REPO / "scripts" / "gen_extension_schemas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _same_botocore_as_generated() -> None:
    """The schemas record the botocore they came from; another botocore (whatever a test extra pulls
    in) may know newer enum values, which is a reason to regenerate, not a failure of this change."""
    botocore = pytest.importorskip("botocore")
    recorded = json.loads((SCHEMA_DIR / "_index.json").read_text(encoding="utf-8"))["botocore"]
    if botocore.__version__ != recorded:
        pytest.skip(f"schemas were generated from botocore {recorded}, {botocore.__version__} is installed: "
                    "run python scripts/gen_extension_schemas.py to compare")


def test_committed_enums_equal_botocore():
    _same_botocore_as_generated()
    models = _generator().load_models()
    checked = set()
    for path in SCHEMA_FILES:
        for where, node in _walk(json.loads(path.read_text(encoding="utf-8"))):
            for key in ("x-botocore", "x-botocore-subset-of"):
                if key in node:
                    service, shape = node[key].split(".")
                    expected = models[service]["shapes"][shape]["enum"]
                    actual = node.get("x-gwlint-enum") or node.get("enum")
                    if key == "x-botocore":
                        assert actual == expected, (path.name, where)
                        core = node.get("anyOf", [None, node])[1]
                        if "enum" in core:
                            assert core["enum"] == expected, (path.name, where)
                    else:
                        assert set(actual) <= set(expected), (path.name, where)
                    checked.add(node[key])
    assert {"apigateway.IntegrationType", "apigatewayv2.IntegrationType", "apigateway.GatewayResponseType",
            "apigateway.SecurityPolicy", "apigateway.IpAddressType", "apigatewayv2.PassthroughBehavior",
            "apigateway.ContentHandlingStrategy", "apigateway.ConnectionType", "apigateway.AuthorizerType",
            "apigatewayv2.AuthorizerType", "apigateway.EndpointAccessMode",
            "apigateway.ResponseTransferMode"} <= checked


def test_committed_files_equal_generator_output():
    _same_botocore_as_generated()
    generated = _generator().generate()
    for name, data in generated.items():
        committed = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        if name == "_index.json":  # the botocore version is provenance, not content
            committed.pop("botocore"), data.pop("botocore")
        assert committed == data, f"{name} is stale: run python scripts/gen_extension_schemas.py"


# --------------------------------------------------------------------------------------------------
# Loading: lazy, cached, works installed and from the source tree
# --------------------------------------------------------------------------------------------------

def test_import_is_lazy():
    code = ("import sys; import gwlint.analysis.extension_schemas; "
            "sys.exit(1 if 'jsonschema' in sys.modules else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env={"PYTHONPATH": str(REPO)},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _clear_caches():
    for fn in (es._schema_dir, es._index, es._extension_infos, es._load_schema, es._compiled_validator):
        fn.cache_clear()


def test_source_tree_fallback_when_package_is_not_installed(monkeypatch):
    monkeypatch.setattr(es, "_SCHEMA_PACKAGE", "gwlint_no_such_schema_package")
    _clear_caches()
    try:
        assert Path(es._schema_dir()) == SCHEMA_DIR
        assert validate_extension(P + "cors", {"maxAge": -2}, "http")[0].kind == "below-minimum"
        assert es._compiled_validator(P + "cors", "http") is es._compiled_validator(P + "cors", "http")
    finally:
        _clear_caches()


def test_installed_package_is_preferred(tmp_path, monkeypatch):
    package = tmp_path / "gwlint_test_schema_pkg"
    shutil.copytree(SCHEMA_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(es, "_SCHEMA_PACKAGE", "gwlint_test_schema_pkg")
    monkeypatch.setattr(es, "_SOURCE_DIR", tmp_path / "missing")
    _clear_caches()
    try:
        assert Path(str(es._schema_dir())) == package
        assert validate_extension(P + "cors", {"maxAge": -2}, "http")[0].kind == "below-minimum"
    finally:
        _clear_caches()
        sys.modules.pop("gwlint_test_schema_pkg", None)


# --------------------------------------------------------------------------------------------------
# Property: any JSON value, any extension, any API type: no crash, and every path resolves
# --------------------------------------------------------------------------------------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**7), st.text(max_size=8),
                     st.sampled_from(["aws_proxy", "MOCK", "VPC_LINK", "STREAM", "2.0", "request"]))
_keys = st.sampled_from(["type", "uri", "httpMethod", "connectionType", "timeoutInMillis", "responses",
                         "statusCode", "Fn::If", "Ref", "Fn::Sub", "maxAge", "default", "x-foo",
                         "integrationSubtype", "enableSimpleResponses", "DEFAULT_4XX", "Statement"])
_json = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(_keys, inner, max_size=4)),
                     max_leaves=12)


def _resolve(value, path):
    for element in path:
        value = value[element]
    return value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(i.name for i in known_extensions())),
       api=st.sampled_from(["rest", "http"]), value=_json)
def test_never_crashes_and_paths_resolve(name, api, value):
    for problem in validate_extension(name, value, api):
        assert problem.kind and problem.message
        _resolve(value, problem.path)
