'''## What it does
Flags a `MinimumCompressionSize` outside 0 to 10,485,760 bytes on an `AWS::ApiGateway::RestApi` or an
`AWS::Serverless::Api` (`Globals` included).

## Why is this bad?
API Gateway rejects the value and CloudFormation fails the API. (Leaving compression off is a choice, not a
defect: gwlint does not ask for it, unlike KICS "Serverless API Without Content Encoding".)

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      MinimumCompressionSize: 20971520
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      MinimumCompressionSize: 1024
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-restapi.html#cfn-apigateway-restapi-minimumcompressionsize
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation
from gwlint.rules.gw234_authorizer_ttl_out_of_range import ttl_number
from gwlint.source import Pointer

MAXIMUM = 10_485_760


class CompressionSizeOutOfRange(Rule):
    __doc__ = __doc__
    id = "GW436"
    name = "compression-size-out-of-range"
    severity = Severity.ERROR
    summary = "MinimumCompressionSize outside 0 to 10,485,760 bytes"
    tags = ("structure",)

    def check(self, model):
        reported = set()
        for api in model.apis:
            if api.kind is not ApiKind.REST or not isinstance(api.properties, dict):
                continue
            size = ttl_number(api.properties.get("MinimumCompressionSize"))
            if size is None or 0 <= size <= MAXIMUM:
                continue
            where = api.pointer / "Properties" / "MinimumCompressionSize"
            if api.origin is Origin.SAM and model.data_at(where) is None:
                where = Pointer(api.pointer.file, ("Globals", "Api", "MinimumCompressionSize"))
            if where in reported:
                continue
            reported.add(where)
            yield Violation(where, (
                f"MinimumCompressionSize {size:,} of API {api.display} is outside 0 to 10,485,760 bytes: API Gateway "
                "rejects it"), at="value")
