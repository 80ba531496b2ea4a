'''## What it does
Matches example tokens against an authorizer's validation expression and reports every token that is
expected to pass but does not. Tokens come from the configuration, per authorizer (logical id, OpenAPI
security scheme name, CloudFormation `Name`, or `API.NAME` for one API only):

```toml
[tool.gwlint.authorizer-examples]
TokenAuth = ["Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"]
```

or from an `x-gwlint-examples` list beside `x-amazon-apigateway-authorizer` in the OpenAPI security
scheme. A token is matched as Java `matches()` would (the whole token); one that only a search
(`find()`) accepts is a warning, since API Gateway does not document which of the two it uses.

## Why is this bad?
API Gateway answers 401 to a token the expression rejects, without invoking the authorizer and without
logging the call: a too-strict expression (a missing `=` or `~`, `Bearer` vs `bearer`) locks real
clients out, and nothing in the authorizer's logs shows why.

## Example
```yaml
swagger: "2.0"
info: {title: orders, version: "1"}
securityDefinitions:
  token:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: custom
    x-gwlint-examples:
      - Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-bmF0dXJl
    x-amazon-apigateway-authorizer:
      type: token
      identityValidationExpression: '^Bearer [A-Za-z0-9]+\\.[A-Za-z0-9]+\\.[A-Za-z0-9]+$'
      authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
paths: {}
```

Use instead:
```yaml
swagger: "2.0"
info: {title: orders, version: "1"}
securityDefinitions:
  token:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: custom
    x-gwlint-examples:
      - Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-bmF0dXJl
    x-amazon-apigateway-authorizer:
      type: token
      identityValidationExpression: '^Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$'
      authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
paths: {}
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization-with-console.html
'''

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

if TYPE_CHECKING:  # for annotations only: the analyser is imported lazily
    from gwlint.analysis import java_regex

#: Python's backtracking engine runs the expression: skip tokens that could take too long on an expression
#: the analyser flags (an exponential one beyond this length; a polynomial one beyond length^degree steps).
EXPONENTIAL_TOKEN_LIMIT = 16
POLYNOMIAL_WORK_LIMIT = 20_000_000
UNANALYSED_TOKEN_LIMIT = 256
_DEGREE = re.compile(r"O\(n\^(\d+)\)")


def too_slow_to_run(report: java_regex.RegexReport, token: str) -> str | None:
    """Why running ``token`` through the expression could hang, or None when it is safe."""
    from gwlint.analysis import java_regex
    if report.of_kind(java_regex.REDOS_EXPONENTIAL) and len(token) > EXPONENTIAL_TOKEN_LIMIT:
        return "it backtracks exponentially (GW202)"
    for issue in report.of_kind(java_regex.REDOS_POLYNOMIAL):
        found = _DEGREE.search(issue.message)
        degree = int(found.group(1)) if found else 3
        if len(token) ** degree > POLYNOMIAL_WORK_LIMIT:
            return f"it backtracks in O(n^{degree}) time (GW202)"
    if report.of_kind(java_regex.ANALYSIS_LIMIT) and len(token) > UNANALYSED_TOKEN_LIMIT:
        return "it is too large for the backtracking analysis"
    return None


class AuthorizerExampleTokenRejected(Rule):
    __doc__ = __doc__
    id = "GW209"
    name = "authorizer-example-token-rejected"
    severity = Severity.ERROR
    summary = "Example token expected to pass is rejected by the authorizer validation expression"
    tags = ("auth", "regex")
    joins = "authorizer + configuration or x-gwlint-examples"

    def check(self, model):
        from gwlint.analysis.authorizer_regex import applied_subjects
        for subject in applied_subjects(model):
            report = subject.report()
            if not report.valid or report.python_pattern is None:
                continue  # GW201; or Python cannot run the translation (a variable-length look-behind)
            authorizer, api = subject.authorizer, subject.api
            names = {authorizer.name, *(f"{qualifier}.{authorizer.name}" for qualifier in
                                        (api.display, api.key, api.logical_id, api.name) if qualifier)}
            if authorizer.gateway_name:
                names |= {authorizer.gateway_name, f"{api.display}.{authorizer.gateway_name}"}
            tokens = [(token, subject.pointer, "[tool.gwlint.authorizer-examples]")
                      for token in self.settings.authorizer_example_tokens(*sorted(names))]
            if authorizer.examples_pointer is not None:
                tokens += [(token, authorizer.examples_pointer / position, "x-gwlint-examples")
                           for position, token in enumerate(authorizer.examples)]
            for token, pointer, source in tokens:
                yield from self._check_token(subject, report, token, pointer, source)

    def _check_token(self, subject, report, token, pointer, source):
        from gwlint.analysis import java_regex
        from gwlint.analysis.authorizer_regex import quote
        what = f"example token {quote(token)} ({source})"
        slow = too_slow_to_run(report, token)
        if slow:
            yield Violation(pointer, f"{what} was not matched against the {subject.expression_label}: {slow}",
                            at="value", severity=Severity.NOTE)
            return
        if java_regex.matches(subject.expression, token, "full"):
            return
        effect = "API Gateway answers 401 without invoking the authorizer (and without logging the call)"
        if java_regex.matches(subject.expression, token, "find"):
            yield Violation(pointer, (
                f"{what} is rejected by the {subject.expression_label} when it must match the whole token "
                f"(Java matches()); only a search (find()) accepts it, and AWS does not document which one API "
                f"Gateway uses. If it is matches(), {effect}"), at="value", severity=Severity.WARNING)
            return
        yield Violation(pointer, f"{what} is rejected by the {subject.expression_label}: {effect}", at="value")
