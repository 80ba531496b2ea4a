'''## What it does
Flags a property in `Globals.Api` or `Globals.HttpApi` that SAM does not accept there (the list of the
SAM translator's `globals.py`), such as `StageName`, `DefinitionBody` or `Description` under `Api`, and
`StageName`, `DefinitionBody` or `DisableExecuteApiEndpoint` under `HttpApi`.

## Why is this bad?
The SAM transform fails the whole template ("'StageName' is not a supported property of 'Api'"), and
nothing is deployed.

## Example
```yaml
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    StageName: prod
    TracingEnabled: true
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: {}
```

Use instead:
```yaml
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    TracingEnabled: true
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
```

## References
- https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

#: samtranslator/plugins/globals/globals.py (aws-sam-translator 1.110), Globals.supported_properties.
SUPPORTED = {
    "Api": ("Auth", "Name", "DefinitionUri", "CacheClusterEnabled", "CacheClusterSize", "MergeDefinitions",
            "Variables", "EndpointConfiguration", "MethodSettings", "BinaryMediaTypes", "MinimumCompressionSize",
            "Cors", "GatewayResponses", "AccessLogSetting", "CanarySetting", "TracingEnabled", "OpenApiVersion",
            "Domain", "AlwaysDeploy", "PropagateTags", "SecurityPolicy", "EndpointAccessMode"),
    "HttpApi": ("Auth", "AccessLogSettings", "StageVariables", "Tags", "CorsConfiguration", "DefaultRouteSettings",
                "Domain", "RouteSettings", "FailOnWarnings", "PropagateTags"),
}


class SamGlobalsUnsupported(Rule):
    __doc__ = __doc__
    id = "GW435"
    name = "sam-globals-unsupported"
    severity = Severity.ERROR
    summary = "Property in Globals.Api or Globals.HttpApi that SAM does not accept there"
    tags = ("sam",)
    target = "document"

    def check(self, document):
        data = document.data
        if document.kind != "sam" or not isinstance(data, dict) or not isinstance(data.get("Globals"), dict):
            return
        for section, supported in SUPPORTED.items():
            block = data["Globals"].get(section)
            if not isinstance(block, dict):
                continue
            for key in block:
                if key not in supported:
                    yield Violation(document.pointer("Globals", section, key), (
                        f"'{key}' is not a supported property of Globals.{section}: the SAM transform fails; set it "
                        f"on each AWS::Serverless::{section} instead"))
