'''## What it does
Reports a suppression that suppresses nothing: a `# gwlint: ignore[...]` comment, a resource's
`Metadata.gwlint.ignore` entry, an `x-gwlint-ignore` entry, or a gwlint id in
`Metadata.cfn-lint.config.ignore_checks`, `Metadata.checkov.skip` or `Metadata.cfn_nag.rules_to_suppress`,
when the rule it names ran on the file and found nothing where the suppression applies (the comment's
line and the next line; the resource; the OpenAPI object). A suppression that names an id which is not
a gwlint rule is reported too.

A suppression of a rule that did not run (left out by `--select`, `--ignore` or `per-file-ignores`) is
not reported: nothing proves it stale.

## Why is this bad?
A suppression outlives the problem it was written for: once the template is fixed, or the line moved,
it suppresses nothing today and silently hides the next real defect of that rule at that place. A
misspelt id (`GW1O1`) never suppressed anything at all. Reporting them keeps suppressions few and true.

## Example
```yaml
Resources:
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      Integration:
        Type: AWS_PROXY
        # gwlint: ignore[GW101] legacy backend accepts GET (fixed since, the comment stayed)
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
```

Use instead:
```yaml
Resources:
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
```

## References
- ruff's `RUF100` (unused `noqa`): https://docs.astral.sh/ruff/rules/unused-noqa/
- ESLint `--report-unused-disable-directives`: https://eslint.org/docs/latest/use/command-line-interface
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class UnusedSuppression(Rule):
    __doc__ = __doc__
    id = "GW004"
    name = "unused-suppression"
    severity = Severity.NOTE
    summary = "A suppression comment or entry that suppresses nothing"
    joins = "suppression + findings"
    tags = ("suppression",)
    target = "engine"

    def check(self, subject):
        # Made by gwlint.suppress after every other rule has run on the file group.
        return iter(())
