'''## What it does
Flags an `AWS::ApiGateway::RestApi` without `Name` and without an OpenAPI definition (`Body` or
`BodyS3Location`), and an `AWS::ApiGatewayV2::Api` without `Name` (or without `ProtocolType`) and without a
definition (cfn-lint E3660 does the REST half).

## Why is this bad?
Without a definition, API Gateway takes the name from nowhere: CloudFormation fails the resource
("Name is required"), or for an HTTP API "ProtocolType is required", typically after a definition was
moved out of the template and the `Name` was not added back.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      EndpointConfiguration: {Types: [REGIONAL]}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      EndpointConfiguration: {Types: [REGIONAL]}
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-restapi.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation


class ApiNameMissing(Rule):
    __doc__ = __doc__
    id = "GW430"
    name = "api-name-missing"
    severity = Severity.ERROR
    summary = "RestApi or ApiGatewayV2 Api without Name (or ProtocolType) and without an OpenAPI definition"
    tags = ("structure",)

    def check(self, model):
        for api in model.apis:
            properties = api.properties
            if api.origin is not Origin.CLOUDFORMATION or api.logical_id is None or not isinstance(properties, dict):
                continue
            if properties.get("Body") is not None or properties.get("BodyS3Location") is not None:
                continue
            kind = "AWS::ApiGateway::RestApi" if api.kind is ApiKind.REST else "AWS::ApiGatewayV2::Api"
            missing = [key for key in ("Name",) + (("ProtocolType",) if api.kind is not ApiKind.REST else ())
                       if properties.get(key) is None]
            if not missing:
                continue
            yield Violation(api.pointer / "Properties", (
                f"{kind} {api.logical_id} has no {' and no '.join(missing)} and no Body or BodyS3Location: "
                f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} required without an OpenAPI "
                "definition, and CloudFormation fails the resource"))
