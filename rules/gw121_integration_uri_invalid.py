'''## What it does
Checks the `uri` of every `x-amazon-apigateway-integration` against the forms API Gateway accepts for
the integration type and API type:

- REST `aws` / `aws_proxy`: an `arn:PARTITION:apigateway:REGION:SERVICE:path|action/...` ARN. A plain
  Lambda ARN (`arn:aws:lambda:...:function:f`, `!GetAtt Fn.Arn`), another service's ARN or a URL is
  flagged.
- Lambda invocation paths: `lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations` (or
  `.../response-streaming-invocations`), with the same partition and region in both ARNs and a
  12-digit account.
- Any ARN: a known partition, a well-formed region that belongs to that partition (`cn-north-1` is in
  `aws-cn`).
- `http` / `http_proxy`: an `http://` or `https://` URL; on an HTTP API private integration
  (`connectionType: VPC_LINK`), the ARN of a load balancer *listener* or Cloud Map service, not of the
  load balancer itself.
- HTTP API `aws_proxy`: a Lambda ARN (plain or API Gateway form), not a URL.

Values that are not known statically (`!Ref`, `${AWS::Region}`, `${stageVariables.fn}`, template
placeholders) are accepted in any position.

## Why is this bad?
The import or the CloudFormation update fails: "AWS ARN for integration must contain path or
action" for a plain ARN on a REST API, "Invalid ARN specified in the request" for a wrong region or
partition, "Lambda function ARN must be in same account" for a mangled account id. A load balancer ARN
where a listener ARN is expected is rejected as well.

## Example
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:lambda:us-east-1:123456789012:function:pets
```

Use instead:
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.intrinsics import Ref
from gwlint.rule import Rule, Violation

_URL = ("http://", "https://")


class IntegrationUriInvalid(Rule):
    __doc__ = __doc__
    id = "GW121"
    name = "integration-uri-invalid"
    severity = Severity.ERROR
    summary = "Integration uri in a form API Gateway rejects for the integration and API type"
    tags = ("openapi", "extension")
    joins = "integration + API type (+ Lambda function, load balancer)"

    def check(self, model):
        from gwlint.analysis.openapi_extensions import (
            INTEGRATION, INTEGRATIONS, occurrences,
        )
        for occurrence in occurrences(model):
            if not occurrence.placed:
                continue
            if occurrence.name == INTEGRATION and isinstance(occurrence.value, dict):
                route = occurrence.operation.route if occurrence.operation else "an operation"
                yield from self._check(model, occurrence.definition, occurrence.value, occurrence.pointer,
                                       f"integration of {route}")
            elif occurrence.name == INTEGRATIONS and isinstance(occurrence.value, dict):
                for name, config in occurrence.value.items():
                    if isinstance(config, dict):
                        yield from self._check(model, occurrence.definition, config, occurrence.pointer / name,
                                               f"integration {name!r}")

    def _check(self, model, definition, config, pointer, label):
        from gwlint.analysis.openapi_extensions import (
            MARK, invoke_uri_problem, names_lambda_arn, plain_lambda_message,
            uri_texts,
        )
        kind = config.get("type")
        uri = config.get("uri")
        if not isinstance(kind, str) or uri is None or "integrationSubtype" in config:
            return
        kind = kind.upper()
        connection = config.get("connectionType")
        vpc_link = isinstance(connection, str) and connection.upper() == "VPC_LINK"
        balancers = {balancer.logical_id for balancer in model.load_balancers}
        for text, alternative in uri_texts(uri, definition.intrinsics):
            problem = None
            known_start = not text.startswith(MARK) and text != ""
            if kind in ("AWS", "AWS_PROXY"):
                if definition.rest:
                    if alternative is not None and names_lambda_arn(model, alternative):
                        problem = plain_lambda_message()
                    elif text.lower().startswith(_URL):
                        problem = (f"an {kind.lower()} integration needs an "
                                   "arn:aws:apigateway:REGION:SERVICE:path|action/... URI, not a URL")
                    elif text.startswith("arn:"):
                        service = text.split(":")[2] if text.count(":") >= 2 else MARK
                        if service not in ("apigateway", "lambda") and MARK not in service:
                            problem = (f"the URI is a plain {service!r} ARN: REST APIs need "
                                       "arn:aws:apigateway:REGION:SERVICE:path|action/... (API Gateway "
                                       "answers 'AWS ARN for integration must contain path or action')")
                        else:
                            problem = invoke_uri_problem(text, plain_lambda=False)
                    elif known_start:
                        problem = (f"the URI {text!r} is not an ARN: an {kind.lower()} integration needs "
                                   "arn:aws:apigateway:REGION:SERVICE:path|action/...")
                elif kind == "AWS_PROXY":
                    if text.lower().startswith(_URL):
                        problem = "a Lambda proxy integration of an HTTP API needs a Lambda function ARN, not a URL"
                    elif text.startswith("arn:"):
                        problem = invoke_uri_problem(text, plain_lambda=True)
            elif kind in ("HTTP", "HTTP_PROXY"):
                if vpc_link and not definition.rest:
                    if text.lower().startswith(_URL):
                        problem = ("a private integration (VPC_LINK) of an HTTP API needs the ARN of a load "
                                   "balancer listener or a Cloud Map service, not a URL")
                    elif ":loadbalancer/" in text or (alternative is not None and _balancer(alternative, balancers)):
                        problem = ("the URI is a load balancer ARN: a private integration of an HTTP API needs "
                                   "the ARN of one of its listeners")
                elif known_start and not text.lower().startswith(_URL):
                    problem = f"the URI {text.replace(MARK, '${...}')!r} of an {kind.lower()} integration is not an http(s) URL"
            if problem:
                yield Violation(pointer / "uri", f"{label}: {problem}", at="value")
                return


def _balancer(alternative, balancers: set) -> bool:
    if len(alternative) != 1 or not isinstance(alternative[0], Ref):
        return False
    ref = alternative[0]
    return ref.name in balancers and ref.attribute in (None, "LoadBalancerArn")
