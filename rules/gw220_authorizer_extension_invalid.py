'''## What it does
Validates every `x-amazon-apigateway-authorizer` (inside a security scheme) for the API type:

- `type`: `token`, `request` or `cognito_user_pools` on a REST API; `request` or `jwt` on an HTTP API.
- `identitySource` grammar. REST: a comma-separated string of `method.request.header.NAME`,
  `method.request.querystring.NAME`, `stageVariables.NAME`, `context.NAME`; `token` and
  `cognito_user_pools` take exactly one header. HTTP: a list (or comma-separated string) of
  `$request.header.NAME`, `$request.querystring.NAME`, `$context.NAME`, `$stageVariables.NAME`; `jwt`
  takes exactly one header or query string. The other API type's form is named in the message.
- `authorizerResultTtlInSeconds` from 0 to 3,600; caching (a TTL above 0) needs an identity source.
- `enableSimpleResponses` needs `authorizerPayloadFormatVersion: "2.0"`; HTTP Lambda authorizers need
  `authorizerUri` and `authorizerPayloadFormatVersion`; Cognito authorizers need `providerARNs`.
- `authorizerUri`: on a REST API the `arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations`
  form (a plain Lambda ARN or `!GetAtt Fn.Arn` is rejected), with partition, region and account
  consistent (as GW121 checks integration URIs).

In a `Body` or `DefinitionBody` intrinsic functions are accepted wherever a value goes.

## Why is this bad?
API Gateway rejects the import or the authorizer (`Invalid identity source`, `Invalid ARN`, a TTL out
of range), or the authorizer never finds its token: a REST authorizer with `$request.header.Authorization`
answers 401 to every call.

## Example
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
securityDefinitions:
  token:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: custom
    x-amazon-apigateway-authorizer:
      type: token
      identitySource: $request.header.Authorization
      authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
paths: {}
```

Use instead:
```yaml
swagger: "2.0"
info: {title: pets, version: "1"}
securityDefinitions:
  token:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: custom
    x-amazon-apigateway-authorizer:
      type: token
      identitySource: method.request.header.Authorization
      authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
paths: {}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
'''

from __future__ import annotations

import re

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

_REST_SOURCE = re.compile(r"^(?:method\.request\.(?:header|querystring|multivalueheader|multivaluequerystring|path)"
                          r"\.\S+|stageVariables\.\S+|context\.\S+)$")
_REST_HEADER = re.compile(r"^method\.request\.header\.\S+$")
_HTTP_SOURCE = re.compile(r"^\$(?:request\.(?:header|querystring)\.\S+|context\.\S+|stageVariables\.\S+)$")
_HTTP_JWT = re.compile(r"^\$request\.(?:header|querystring)\.\S+$")


class AuthorizerExtensionInvalid(Rule):
    __doc__ = __doc__
    id = "GW220"
    name = "authorizer-extension-invalid"
    severity = Severity.ERROR
    summary = "x-amazon-apigateway-authorizer that API Gateway rejects or that cannot find its token"
    tags = ("openapi", "extension", "security")
    joins = "security scheme + API type"

    def check(self, model):
        from gwlint.analysis.extension_schemas import looks_like_intrinsic
        from gwlint.analysis.openapi_extensions import (
            AUTHORIZER, AUTHORIZER_INVALID, invoke_uri_problem, names_lambda_arn, occurrences, plain_lambda_message,
            schema_problems, uri_texts,
        )
        for problem in schema_problems(model):
            if problem.category == AUTHORIZER_INVALID:
                yield Violation(problem.pointer, problem.message, at=problem.at)
        for occurrence in occurrences(model):
            if occurrence.name != AUTHORIZER or not occurrence.placed or not isinstance(occurrence.value, dict):
                continue
            config = occurrence.value
            scheme = occurrence.pointer.parts[-2] if len(occurrence.pointer.parts) >= 2 else "?"
            label = f"authorizer {scheme!r}"
            kind = config.get("type").lower() if isinstance(config.get("type"), str) else None
            rest = occurrence.definition.rest
            source = config.get("identitySource")
            if source is not None and not looks_like_intrinsic(source):
                check = self._rest_source if rest else self._http_source
                message = check(source, kind)
                if message:
                    yield Violation(occurrence.pointer / "identitySource", f"{label}: {message}", at="value")
            if not rest and kind == "request" and _caches(config.get("authorizerResultTtlInSeconds")) \
                    and (source is None or source == [] or source == ""):
                yield Violation(occurrence.pointer, f"{label}: caching is on (authorizerResultTtlInSeconds > 0) "
                                                    "but there is no identitySource to key the cache on; set one or "
                                                    "use a TTL of 0")
            uri = config.get("authorizerUri")
            if uri is not None and kind in ("token", "request", None):
                for text, alternative in uri_texts(uri, occurrence.definition.intrinsics):
                    if rest and alternative is not None and names_lambda_arn(model, alternative):
                        problem = plain_lambda_message("authorizerUri")
                    else:
                        problem = invoke_uri_problem(text, plain_lambda=not rest, what="authorizerUri")
                    if problem:
                        yield Violation(occurrence.pointer / "authorizerUri", f"{label}: {problem}", at="value")
                        break

    @staticmethod
    def _rest_source(source, kind):
        if not isinstance(source, str):
            return None  # a wrong type is reported from the schema
        entries = [entry.strip() for entry in source.split(",")]
        for entry in entries:
            if not entry:
                return f"identitySource {source!r} has an empty entry"
            if entry.startswith("$"):
                return (f"identitySource entry {entry!r} is the HTTP API form; a REST API uses "
                        f"{_rest_form(entry)}")
            if not _REST_SOURCE.match(entry):
                return (f"identitySource entry {entry!r} is not method.request.header|querystring.NAME, "
                        "stageVariables.NAME or context.NAME")
        if kind in ("token", "cognito_user_pools"):
            if len(entries) != 1 or not _REST_HEADER.match(entries[0]):
                return (f"identitySource of a {kind} authorizer must be exactly one header "
                        f"(method.request.header.NAME), not {source!r}")
        return None

    @staticmethod
    def _http_source(source, kind):
        if isinstance(source, str):
            entries = [entry.strip() for entry in source.split(",")] if source.strip() else []
        elif isinstance(source, list):
            entries = source
        else:
            return None
        texts = [entry for entry in entries if isinstance(entry, str)]
        for entry in texts:
            if entry.startswith("method.request.") or entry.startswith(("stageVariables.", "context.")):
                return f"identitySource entry {entry!r} is the REST API form; an HTTP API uses {_http_form(entry)}"
            if not _HTTP_SOURCE.match(entry.strip()):
                return (f"identitySource entry {entry!r} is not $request.header.NAME, $request.querystring.NAME, "
                        "$context.NAME or $stageVariables.NAME")
        if kind == "jwt" and len(texts) == len(entries):
            if len(texts) != 1 or not _HTTP_JWT.match(texts[0].strip()):
                return ("identitySource of a jwt authorizer must be exactly one $request.header.NAME or "
                        f"$request.querystring.NAME, not {source!r}")
        return None


def _caches(ttl) -> bool:
    if isinstance(ttl, bool):
        return False
    if isinstance(ttl, int):
        return ttl > 0
    if isinstance(ttl, str) and ttl.isdigit():
        return int(ttl) > 0
    return False


def _rest_form(entry: str) -> str:
    for http, rest in (("$request.header.", "method.request.header."), ("$request.querystring.", "method.request.querystring."),
                       ("$context.", "context."), ("$stageVariables.", "stageVariables.")):
        if entry.startswith(http):
            return repr(rest + entry[len(http):])
    return "method.request.header.NAME"


def _http_form(entry: str) -> str:
    for rest, http in (("method.request.header.", "$request.header."), ("method.request.querystring.", "$request.querystring."),
                       ("context.", "$context."), ("stageVariables.", "$stageVariables.")):
        if entry.startswith(rest):
            return repr(http + entry[len(rest):])
    return "$request.header.NAME"
