'''## What it does
Flags a template with `AWS::Serverless::*` resources (or a `Globals` section) that does not declare
`Transform: AWS::Serverless-2016-10-31` (cfn-lint E3038). gwlint itself reads such a template as SAM, as
the SAM translator does, so that every other rule still sees its APIs.

## Why is this bad?
CloudFormation only expands SAM resources when the template declares the transform. Without it the
deployment fails with "Unrecognized resource types: [AWS::Serverless::Function]" (or "Invalid template
property or properties [Globals]").

## Example
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
```

Use instead:
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
```

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-serverless.html
'''

from __future__ import annotations

from gwlint.classify import declares_sam_transform
from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class SamTransformMissing(Rule):
    __doc__ = __doc__
    id = "GW434"
    name = "sam-transform-missing"
    severity = Severity.ERROR
    summary = "Template with AWS::Serverless resources or Globals that does not declare the SAM transform"
    tags = ("sam", "structure")
    target = "document"

    def check(self, document):
        data = document.data
        if document.kind not in ("sam", "cloudformation") or not isinstance(data, dict):
            return
        if declares_sam_transform(data.get("Transform")):
            return
        if isinstance(data.get("Transform"), dict) and "Fn::" in str(next(iter(data["Transform"]), "")):
            return  # computed
        resources = data.get("Resources")
        first = None
        if isinstance(resources, dict):
            for logical_id, resource in resources.items():
                if isinstance(resource, dict) and isinstance(resource.get("Type"), str) \
                        and resource["Type"].startswith("AWS::Serverless::"):
                    first = (logical_id, resource["Type"])
                    break
        if first is not None:
            count = sum(1 for r in resources.values() if isinstance(r, dict) and isinstance(r.get("Type"), str)
                        and r["Type"].startswith("AWS::Serverless::"))
            more = f" (and {count - 1:,} more)" if count > 1 else ""
            yield Violation(document.pointer("Resources", first[0], "Type"), (
                f"{first[0]} is a {first[1]}{more}, but the template does not declare Transform: "
                "AWS::Serverless-2016-10-31: CloudFormation fails with \"Unrecognized resource types\""), at="value")
        elif "Globals" in data:
            yield Violation(document.pointer("Globals"), (
                "Globals is a SAM section, but the template does not declare Transform: AWS::Serverless-2016-10-31: "
                "CloudFormation rejects the template"))
