'''## What it does
Flags `AWS::ApiGateway::Method`, `Resource`, `Model`, `GatewayResponse`, `RequestValidator` and
`Authorizer` resources that add to a REST API whose definition is an OpenAPI document: a `RestApi` with
`Body` or `BodyS3Location`, or an `AWS::Serverless::Api` (SAM always deploys a body, so this includes the
implicit `ServerlessRestApi`). An API with `Mode: merge` is left alone. cfn-lint's W3660 does the plain
CloudFormation half and declared the SAM half won't-fix.

## Why is this bad?
When the body changes, CloudFormation calls PutRestApi and the new definition replaces the API's
resources: methods, models and validators that only the separate resources created are deleted by API
Gateway, while CloudFormation still believes they exist. The stack drifts, the next deployment serves an
API without them, and updating the separate resources then fails or orphans them.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        info: {title: orders, version: "1"}
        paths:
          /orders:
            get:
              x-amazon-apigateway-integration: {type: mock}
  Health:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: {Type: MOCK}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        info: {title: orders, version: "1"}
        paths:
          /orders:
            get:
              x-amazon-apigateway-integration: {type: mock}
          /:
            get:
              x-amazon-apigateway-integration: {type: mock}
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-restapi.html#cfn-apigateway-restapi-mode
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.cloudformation import ref_target
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation
from gwlint.source import Pointer

MIXED_TYPES = ("AWS::ApiGateway::Method", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Model",
               "AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::RequestValidator", "AWS::ApiGateway::Authorizer")


class BodyMixedWithResources(Rule):
    __doc__ = __doc__
    id = "GW431"
    name = "body-mixed-with-resources"
    severity = Severity.WARNING
    summary = "REST API defined by an OpenAPI body that separate Method, Resource or Model resources also change"
    tags = ("structure", "drift")
    joins = "RestApi body + Method/Resource/Model resources"

    def check(self, model):
        apis = {}
        for api in model.apis:
            if api.kind is not ApiKind.REST or api.logical_id is None:
                continue
            properties = api.properties if isinstance(api.properties, dict) else {}
            mode = properties.get("Mode")
            if isinstance(mode, str) and mode.lower() == "merge" or mode is not None and not isinstance(mode, str):
                continue
            if api.origin is Origin.SAM:
                apis[api.key] = (api, "it is an AWS::Serverless::Api, which SAM deploys as a body")
            elif api.origin is Origin.CLOUDFORMATION and (properties.get("Body") is not None
                                                          or properties.get("BodyS3Location") is not None):
                apis[api.key] = (api, "it is defined by its " + ("Body" if properties.get("Body") is not None
                                                               else "BodyS3Location"))
        if not apis:
            return
        files = {api.pointer.file for api, _ in apis.values()}
        for file in sorted(files):
            resources = model.data_at(Pointer(file, ("Resources",)))
            if not isinstance(resources, dict):
                continue
            for logical_id, resource in resources.items():
                if not isinstance(resource, dict) or resource.get("Type") not in MIXED_TYPES:
                    continue
                properties = resource.get("Properties")
                target = ref_target(properties.get("RestApiId")) if isinstance(properties, dict) else None
                if target not in apis or apis[target][0].pointer.file != file:
                    continue
                api, why = apis[target]
                yield Violation(Pointer(file, ("Resources", logical_id, "Properties", "RestApiId")), (
                    f"{logical_id} ({resource['Type']}) changes API {api.display}, but {why}: when the definition "
                    "changes, API Gateway replaces the API with it and deletes what only this resource added, while "
                    "CloudFormation believes it still exists; move it into the definition, or set Mode: merge"),
                    at="value")
