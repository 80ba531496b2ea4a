'''## What it does
Flags a REST stage (`AWS::ApiGateway::Stage`, or the stage a deployment creates) without
`ClientCertificateId` whose API sends requests to HTTP backends over the internet (`HTTP` / `HTTP_PROXY`
integrations that do not go through a VPC link). Stages whose API only calls Lambda, AWS services, mocks
or VPC links are not asked: there a client certificate proves nothing the backend needs. (SAM's
`AWS::Serverless::Api` has no `ClientCertificateId` and is not checked.)

## Why is this bad?
A public HTTP backend cannot tell API Gateway's calls from anyone else's: whoever finds its address can
call it directly, around the API's authorizers, throttling and WAF. With a client certificate on the stage,
API Gateway presents it on every backend call and the backend can refuse the rest.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: proxy}
  Proxy:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: ANY
      AuthorizationType: AWS_IAM
      Integration: {Type: HTTP_PROXY, IntegrationHttpMethod: ANY, Uri: https://backend.example.com/}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: abc123
      StageName: prod
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: proxy}
  Proxy:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: ANY
      AuthorizationType: AWS_IAM
      Integration: {Type: HTTP_PROXY, IntegrationHttpMethod: ANY, Uri: https://backend.example.com/}
  Certificate:
    Type: AWS::ApiGateway::ClientCertificate
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: abc123
      StageName: prod
      ClientCertificateId: !Ref Certificate
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/getting-started-client-side-ssl-authentication.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class ClientCertificateMissing(Rule):
    __doc__ = __doc__
    id = "GW612"
    name = "client-certificate-missing"
    severity = Severity.NOTE
    summary = "REST stage calling public HTTP backends without a client certificate they could verify"
    tags = ("hygiene", "tls")
    joins = "stage + HTTP integrations"

    def check(self, model):
        from gwlint.analysis.stages import stage_views
        for view in stage_views(model):
            if view.kind is not ApiKind.REST or view.api.kind is not ApiKind.REST or view.source == "sam":
                continue
            if view.settings.client_certificate is not None:
                continue
            backends = [op for op in view.api.operations if op.integration is not None
                        and op.integration.target_kind == "http"]
            if not backends:
                continue
            example = backends[0].integration.uri_text or backends[0].route
            yield Violation(view.settings.pointer / "ClientCertificateId", (
                f"{view.label} calls {len(backends):,} public HTTP backend{'s' if len(backends) != 1 else ''} "
                f"(such as {example}) without a client certificate: the backend cannot tell API Gateway's calls from "
                "anyone else's; set ClientCertificateId and verify it at the backend"))
