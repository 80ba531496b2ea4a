'''## What it does
Flags an API served under a custom domain (`AWS::ApiGateway::BasePathMapping`, `BasePathMappingV2`,
`AWS::ApiGatewayV2::ApiMapping`, or a SAM `Domain`) whose default `execute-api` endpoint stays enabled
(`DisableExecuteApiEndpoint` is not `true`, nor `disableExecuteApiEndpoint` in the definition's
`x-amazon-apigateway-endpoint-configuration`). Private APIs are left out.

It is a warning when the custom domain requires mutual TLS (`MutualTlsAuthentication`), a note otherwise.

## Why is this bad?
Clients can call `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}` directly, around whatever the
custom domain adds: mutual TLS client certificates (a real bypass), a base-path layout, a TLS policy, or
the edge where WAF or monitoring was planned.

## Example
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Domain:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
```

Use instead:
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DisableExecuteApiEndpoint: true
      Domain:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mutual-tls.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class ExecuteApiEndpointEnabled(Rule):
    __doc__ = __doc__
    id = "GW611"
    name = "execute-api-endpoint-enabled"
    severity = Severity.NOTE
    summary = "API served under a custom domain whose default execute-api endpoint stays enabled"
    tags = ("hygiene", "custom-domain")
    joins = "API + custom domain mapping (+ mutual TLS)"

    def check(self, model):
        domains = {domain.logical_id: domain for domain in model.domain_names if domain.logical_id}
        mapped: dict[str, list] = {}
        for mapping in model.api_mappings:
            if mapping.api is not None:
                mapped.setdefault(mapping.api, []).append(mapping)
        for api in model.apis:
            mappings = mapped.get(api.key)
            if not mappings or api.disable_execute_api_endpoint is True or "PRIVATE" in api.endpoint_types:
                continue
            properties = api.properties if isinstance(api.properties, dict) else {}
            written = properties.get("DisableExecuteApiEndpoint")
            if written is not None and not isinstance(written, bool):
                continue  # an intrinsic
            mtls = any(m.mutual_tls or (m.domain in domains and domains[m.domain].mutual_tls) for m in mappings)
            names = sorted({m.logical_id or "Domain" for m in mappings})
            if mtls:
                message = (f"API {api.display} is served under a custom domain that requires mutual TLS ({', '.join(names)}), "
                           "but its default execute-api endpoint stays enabled: clients can call it without a client "
                           "certificate; set DisableExecuteApiEndpoint: true")
            else:
                message = (f"API {api.display} is served under a custom domain ({', '.join(names)}), but its default "
                           "execute-api endpoint stays enabled: clients can bypass the domain; set "
                           "DisableExecuteApiEndpoint: true")
            yield Violation(api.pointer / "Properties" / "DisableExecuteApiEndpoint", message,
                            severity=Severity.WARNING if mtls else None)
