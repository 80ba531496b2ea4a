"""`gwlint check --deployed EXPORT`: exports written by hand in the documented format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gwlint.deployed import ExportError, load_export
from gwlint.engine import Options, run
from gwlint.findings import Severity
from gwlint.registry import load_rules

RULES = load_rules()

SOURCE = """\
openapi: 3.0.1
info: {title: orders, version: '1'}
paths:
  /orders:
    get:
      security: [{Token: []}]
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations
  /orders/{id}:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: ANY, uri: 'https://${stageVariables.host}/orders/{id}'}
components:
  securitySchemes:
    Token:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
        authorizerResultTtlInSeconds: 300
x-amazon-apigateway-policy:
  Version: '2012-10-17'
  Statement:
    - {Effect: Deny, Principal: '*', Action: execute-api:Invoke, Resource: 'execute-api:/*',
       Condition: {NotIpAddress: {aws:SourceIp: [10.0.0.0/8, 192.168.0.0/16]}}}
    - {Effect: Allow, Principal: {AWS: '*'}, Action: ['execute-api:Invoke'], Resource: ['execute-api:/*']}
"""


def export(**changes) -> dict:
    """The export of a stage serving exactly SOURCE (resolved ARNs, expanded resources, other order)."""
    document = {
        "openapi": "3.0.1",
        "info": {"title": "orders", "version": "2024-05-02T09:14:11Z"},
        "servers": [{"url": "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/{basePath}",
                     "variables": {"basePath": {"default": "/prod"}}}],
        "paths": {
            "/orders/{id}": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": {
                "type": "http_proxy", "httpMethod": "ANY", "uri": "https://${stageVariables.host}/orders/{id}",
                "passthroughBehavior": "when_no_match", "timeoutInMillis": 29000}}},
            "/orders": {"get": {"security": [{"Token": []}], "x-amazon-apigateway-integration": {
                "type": "aws_proxy", "httpMethod": "POST", "contentHandling": "CONVERT_TO_TEXT",
                "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:"
                       "123456789012:function:orders/invocations", "timeoutInMillis": 29000}}},
        },
        "components": {"securitySchemes": {"Token": {
            "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": {
                "type": "token", "identitySource": "method.request.header.Authorization",
                "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:"
                                 "us-east-1:123456789012:function:auth/invocations",
                "authorizerResultTtlInSeconds": 300}}}},
        "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*",
             "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.168.0.0/16", "10.0.0.0/8"]}}},
        ]},
    }
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = document
        for key in parents:
            target = target[key.replace("_slash_", "/")]
        if value is None:
            del target[last.replace("_slash_", "/")]
        else:
            target[last.replace("_slash_", "/")] = value
    return document


def compare(tmp_path: Path, deployed: dict, source: str = SOURCE, name: str | None = None) -> list:
    (tmp_path / "api.yaml").write_text(source)
    (tmp_path / "export.json").write_text(json.dumps(deployed, indent=2))
    options = Options(rules={"GW421": RULES["GW421"]}, max_file_size=10_000_000,
                      deployed=load_export(str(tmp_path / "export.json"), name))
    result = run([str(tmp_path / "api.yaml")], options)
    assert result.deployed_matches == 1
    return [(f.span.line, f.message) for f in result.findings]


def test_an_export_of_the_same_definition_matches(tmp_path: Path) -> None:
    assert compare(tmp_path, export()) == []


def test_a_route_not_deployed_yet_and_one_still_served(tmp_path: Path) -> None:
    deployed = export(paths___slash_orders=None)
    deployed["paths"]["/legacy"] = {"delete": {"x-amazon-apigateway-integration": {"type": "mock"}}}
    found = compare(tmp_path, deployed)
    assert (5, "the deployed stage 'prod' (export.json) does not serve GET /orders yet: the source defines it, "
               "the export does not; deploy the API") in found
    assert any(line == 3 and "still serves DELETE /legacy" in message for line, message in found)
    assert len(found) == 2


def test_another_function_behind_a_route(tmp_path: Path) -> None:
    deployed = export()
    integration = deployed["paths"]["/orders"]["get"]["x-amazon-apigateway-integration"]
    integration["uri"] = integration["uri"].replace("function:orders", "function:orders-old")
    [(line, message)] = compare(tmp_path, deployed)
    assert line == 10 and "uri …:orders-old/invocations instead of …:orders/invocations" in message


def test_authorization_and_authorizer_differences(tmp_path: Path) -> None:
    deployed = export()
    del deployed["paths"]["/orders"]["get"]["security"]
    deployed["components"]["securitySchemes"]["Token"]["x-amazon-apigateway-authorizer"]["type"] = "request"
    found = compare(tmp_path, deployed)
    assert any(line == 5 and "authorizes GET /orders with no authorization, the source with CUSTOM authorizer Token"
               in message for line, message in found)
    assert any(line == 21 and "another authorizer Token: type REQUEST instead of TOKEN" in message
               for line, message in found)


def test_a_policy_statement_not_enforced_yet(tmp_path: Path) -> None:
    deployed = export()
    del deployed["x-amazon-apigateway-policy"]["Statement"][1]
    [(line, message)] = compare(tmp_path, deployed)
    assert line == 28 and "does not enforce this policy statement yet" in message and "NotIpAddress" in message


def test_a_policy_statement_still_enforced(tmp_path: Path) -> None:
    deployed = export()
    deployed["x-amazon-apigateway-policy"]["Statement"].append(
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
         "Resource": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/DELETE/*"})
    [(line, message)] = compare(tmp_path, deployed)
    assert line == 25 and "still enforces a policy statement the source no longer has" in message


def test_intrinsics_match_resolved_values(tmp_path: Path) -> None:
    template = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: orders, Handler: i.h, Runtime: python3.12, Role: r, Code: {ZipFile: x}}
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      Policy:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: execute-api:Invoke
            Resource: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*/*
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
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
"""
    deployed = {
        "openapi": "3.0.1", "info": {"title": "orders", "version": "1"},
        "paths": {"/": {"get": {"x-amazon-apigateway-integration": {
            "type": "aws_proxy", "httpMethod": "POST",
            "uri": "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
                   "arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations"}}}},
        "x-amazon-apigateway-policy": {"Statement": [{"Effect": "Allow", "Principal": "*",
                                                      "Action": "execute-api:Invoke",
                                                      "Resource": "arn:aws:execute-api:eu-west-1:123456789012:x/*"}]},
    }
    assert compare(tmp_path, deployed, template) == []
    # FunctionName is known: another function in the export is a difference.
    deployed["paths"]["/"]["get"]["x-amazon-apigateway-integration"]["uri"] = (
        "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
        "arn:aws:lambda:eu-west-1:123456789012:function:other/invocations")
    [(line, message)] = compare(tmp_path, deployed, template)
    assert line == 25 and "serves another integration for GET /" in message


def test_the_api_is_named_with_deployed_api(tmp_path: Path) -> None:
    assert compare(tmp_path, export(info={"title": "something-else", "version": "1"}), name="orders") == []


def test_the_rule_is_a_warning() -> None:
    assert RULES["GW421"].severity is Severity.WARNING


@pytest.mark.parametrize("text, message", [
    ("{not json", "--deployed"),
    ('{"openapi": "3.0.1"}', "not an OpenAPI export"),
    ("Resources: {}\n", "not an OpenAPI export"),
])
def test_unreadable_exports(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / ("export.json" if text.startswith("{") else "export.yaml")
    path.write_text(text)
    with pytest.raises(ExportError, match=message):
        load_export(str(path))


def test_cli_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(SOURCE)
    (tmp_path / "export.json").write_text(json.dumps(export(info={"title": "other", "version": "1"})))

    def gwlint(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gwlint", "check", *arguments], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)

    for arguments, message in (
        (("api.yaml", "--deployed", "export.json"), "no API in the checked files is named like the export"),
        (("api.yaml", "--deployed", "missing.json"), "no such file"),
        (("api.yaml", "--deployed-api", "orders"), "--deployed-api needs --deployed"),
        (("api.yaml", "--deployed", "export.json", "--deployed-api", "nope"), "no API with that name"),
    ):
        result = gwlint(*arguments)
        assert result.returncode == 2, (arguments, result.stdout, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
    result = gwlint("api.yaml", "--deployed", "export.json", "--deployed-api", "orders", "--format", "json",
                    "--select", "GW421")
    assert result.returncode == 0 and json.loads(result.stdout)["findings"] == []
    # The export found among the checked files is not compared with itself.
    result = gwlint(".", "--deployed", "export.json", "--deployed-api", "other", "--select", "GW421")
    assert result.returncode == 2
