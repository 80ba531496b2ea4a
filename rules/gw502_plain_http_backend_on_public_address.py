'''## What it does
Flags an `HTTP` or `HTTP_PROXY` integration that calls its backend over plain `http://` on a public
address. A public address is the `DNSName` of an internet-facing load balancer in the template, a
literal public IP, or a literal DNS name. Calls through a VPC link (`connectionType: VPC_LINK`) are not
flagged. Neither are hosts that cannot be public: private or special-purpose IPs, single-label names,
`localhost`, internal ELB names (`internal-...elb.amazonaws.com`) and reserved or private suffixes
(`.internal`, `.local`, `.test`, `.example`, `example.com`...). Hosts the template cannot know, such as
parameters, stage variables and imports, are not flagged either.

## Why is this bad?
API Gateway sends the request to the backend across the internet in clear text. Anyone on the path can
read and change it, and the response too. That includes the headers and bodies the API forwards:
tokens, API keys, personal data. A public HTTP listener for the API is also a public HTTP listener for
everyone else. Use `https://`. Better still, make the backend private and reach it through a VPC link.

## Example
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://pets.mycompany.io/pets
```

Use instead:
```yaml
openapi: 3.0.1
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://pets.mycompany.io/pets
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/getting-started-with-private-integration.html
'''

from __future__ import annotations

from typing import TYPE_CHECKING

from gwlint.findings import Severity
from gwlint.intrinsics import Ref, literal
from gwlint.rule import Rule, Violation

if TYPE_CHECKING:  # for annotations only: the analyser is imported lazily
    from gwlint.analysis.exposure import Index


class PlainHttpBackendOnPublicAddress(Rule):
    __doc__ = __doc__
    id = "GW502"
    name = "plain-http-backend-on-public-address"
    severity = Severity.WARNING
    summary = "HTTP integration calls a public backend over plain http:// instead of HTTPS or a VPC link"
    tags = ("security", "network", "tls")
    security_severity = 5.0
    joins = "integration + load balancer"

    def check(self, model):
        from gwlint.analysis.exposure import Index, parse_uri
        index = None
        seen: set[str] = set()
        for api in model.apis:
            for operation in api.operations:
                integration = operation.integration
                if integration is None or integration.type not in ("HTTP", "HTTP_PROXY"):
                    continue
                if (integration.connection_type or "").upper() == "VPC_LINK":
                    continue
                key = str(integration.pointer)
                if key in seen:
                    continue
                for alternative in integration.uri or ():
                    scheme, host, _, _ = parse_uri(alternative)
                    if scheme != "http" or not host:
                        continue
                    if index is None:
                        index = Index.of(model)
                    what = _public_host(host, index)
                    if what is None:
                        continue
                    seen.add(key)
                    yield Violation(
                        integration.pointer / integration.uri_key,
                        f"{operation.route} of {api.display} calls its backend over plain http:// on {what}: "
                        f"requests and responses, with the headers and bodies the API forwards, cross the "
                        f"internet unencrypted; use https:// or a VPC link",
                        at="value",
                    )
                    break


def _public_host(host, index: Index) -> str | None:
    """What makes the host public (for the message), or None."""
    from gwlint.analysis.exposure import host_text, literal_host_is_public
    text = literal(host)
    if text is not None:
        return f"public host {text}" if literal_host_is_public(text) else None
    if all(isinstance(part, str) or (isinstance(part, Ref) and part.name.startswith("AWS::")) for part in host):
        # Only pseudo parameters (`petstore.execute-api.${AWS::Region}.amazonaws.com`): judge the shape.
        shape = "".join(part if isinstance(part, str) else "x" for part in host)
        return f"public host {host_text(host)}" if literal_host_is_public(shape) else None
    if len(host) == 1 and isinstance(host[0], Ref) and host[0].attribute == "DNSName":
        balancer = index.load_balancers.get(host[0].name)
        if balancer is not None and balancer.scheme == "internet-facing":
            kind = {"application": "ALB", "network": "NLB"}.get((balancer.type or "").lower(), "load balancer")
            return f"the DNS name of internet-facing {kind} {balancer.logical_id} ({host_text(host)})"
    return None
