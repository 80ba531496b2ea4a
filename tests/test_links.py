"""A template is checked together with the local files it references."""

from __future__ import annotations

from pathlib import Path

from gwlint.engine import Options, run
from gwlint.links import find_links
from gwlint.loaders import load_path
from gwlint.model import build_model
from gwlint.registry import load_rules
from gwlint.source import Pointer

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: api/openapi.yaml
  Included:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters: {Location: ./included.yaml}
  Remote:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: s3://bucket/openapi.yaml
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: index.handler, Runtime: python3.12, CodeUri: src/}
"""
OPENAPI = """\
openapi: 3.0.1
info: {title: pets}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: GET
        uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
"""


def _write(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "api" / "openapi.yaml").write_text(OPENAPI)
    (tmp_path / "included.yaml").write_text(OPENAPI)


def test_find_links_skips_remote_locations(tmp_path: Path) -> None:
    _write(tmp_path)
    template = str(tmp_path / "template.yaml")
    links = find_links(template, load_path(template).data)
    assert [(link.parts[1], Path(link.path).name) for link in links] == [("Api", "openapi.yaml"),
                                                                         ("Included", "included.yaml")]


def test_linked_openapi_joins_the_template(tmp_path: Path) -> None:
    _write(tmp_path)
    template = load_path(str(tmp_path / "template.yaml"))
    openapi = load_path(str(tmp_path / "api" / "openapi.yaml"))
    links = {Pointer(template.path, ("Resources", "Api", "Properties", "DefinitionUri")): openapi}
    model = build_model([template, openapi], links)
    api = model.api("Api")
    assert api is not None and api.definition == openapi.pointer()
    (operation,) = api.operations
    assert operation.pointer.file == openapi.path
    assert operation.integration.function.logical_id == "Fn"  # joined with the template's function
    assert [a.key for a in model.apis if a.key == openapi.path] == []  # not a standalone API as well


def test_referenced_file_is_read_even_when_not_named(tmp_path: Path) -> None:
    _write(tmp_path)
    rules = load_rules()
    options = Options(rules={"GW101": rules["GW101"]}, max_file_size=1_000_000)
    findings = run([str(tmp_path / "template.yaml")], options).findings
    assert sorted(Path(f.path).name for f in findings) == ["included.yaml", "openapi.yaml"]
    # Checking the folder gives the same findings once each, not twice.
    again = run([str(tmp_path)], options).findings
    assert sorted(Path(f.path).name for f in again) == ["included.yaml", "openapi.yaml"]
