'''## What it does
Flags an `AWS::WAFv2::WebACLAssociation` or `AWS::WAFRegional::WebACLAssociation` whose `ResourceArn` names a
stage of an HTTP or WebSocket API (`arn:aws:apigateway:REGION::/apis/...`, or `/restapis/${X}` where `X` is an
`AWS::ApiGatewayV2::Api` / `AWS::Serverless::HttpApi`).

## Why is this bad?
AWS WAF protects REST API stages only. The association fails to create (`WAFInvalidParameterException`),
and CloudFormation rolls the stack back; protecting an HTTP API needs CloudFront in front of it, with the
web ACL on the distribution.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: http, ProtocolType: HTTP}
  Waf:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:aws:apigateway:${AWS::Region}::/apis/${Api}/stages/$default
      WebACLArn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/abc
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: rest}
  Waf:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod
      WebACLArn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/abc
```

## References
- https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class WafOnHttpApi(Rule):
    __doc__ = __doc__
    id = "GW608"
    name = "waf-on-http-api"
    severity = Severity.ERROR
    summary = "WAF web ACL association on an HTTP or WebSocket API stage, which AWS WAF cannot protect"
    tags = ("waf",)
    joins = "web ACL association + API"

    def check(self, model):
        for association in model.waf_associations:
            if not association.readable:
                continue
            api = model.api(association.api) if association.api else None
            if association.api_kind is ApiKind.REST and (api is None or api.kind is ApiKind.REST):
                continue
            what = f"API {api.display}, an {api.kind.value} API" if api is not None and api.kind is not ApiKind.REST \
                else "an HTTP or WebSocket API (/apis/)"
            yield Violation(association.pointer / "Properties" / "ResourceArn", (
                f"{association.logical_id} associates a web ACL with a stage of {what}: AWS WAF protects REST API "
                "stages only, and the association fails; put CloudFront with the web ACL in front of the API"),
                at="value")
