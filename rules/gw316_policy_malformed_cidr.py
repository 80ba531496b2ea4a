'''## What it does
Flags a value of an IP condition (`IpAddress` / `NotIpAddress` on `aws:SourceIp` or `aws:VpcSourceIp`) in an
API Gateway resource policy that is not an IPv4 or IPv6 address or CIDR, at the value. Examples are
`10.0.0.300/24`, `10.0.0.0/33`, `10.0.0.0 255.0.0.0`, `1.2.3.4-1.2.3.9`, or a number. It also warns about
values IAM reads in a way the author may not expect: leading zeros (`010.0.0.1`), surrounding spaces, and
IPv4-mapped IPv6 (`::ffff:10.0.0.0/104`). It reads REST `Policy`, `x-amazon-apigateway-policy`, SAM
`Auth.ResourcePolicy` and standalone policy files. A value that comes from a template parameter without a
default, or from another resource, is not checked.

## Why is this bad?
A value that is not a CIDR matches no address. In an `Allow` list it admits nobody. In a `Deny` +
`NotIpAddress` list it exempts nobody, so the intended network is locked out as well. Depending on the
operation, API Gateway may also reject the policy when it is saved, which fails the deployment.

## Example
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          IpRangeWhitelist: [203.0.113.0/33]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      InlineCode: "def handler(event, context): return {}"
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          IpRangeWhitelist: [203.0.113.0/24]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      InlineCode: "def handler(event, context): return {}"
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}
```

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

#: gwlint.analysis.cidr problem codes (spelled out: the analysis modules are imported when the rule runs).
MALFORMED, NOT_A_STRING = "malformed", "not-a-string"
ERRORS = (MALFORMED, NOT_A_STRING)
WARNINGS = ("leading-zeros", "whitespace", "ipv4-mapped")


class PolicyMalformedCidr(Rule):
    __doc__ = __doc__
    id = "GW316"
    name = "policy-malformed-cidr"
    severity = Severity.ERROR
    summary = "IP condition value in a resource policy that is not a valid address or CIDR"
    tags = ("correctness", "resource-policy")
    joins = "resource policy"

    def check(self, model):
        from gwlint.analysis.iam_policy import CIDR_PREFIX
        from gwlint.analysis.resource_policies import policy_views

        for view in policy_views(model):
            for code in ERRORS + WARNINGS:
                for issue in view.issues(CIDR_PREFIX + code):
                    value = issue.data["value"]
                    if isinstance(value, dict) or isinstance(value, str) and "${" in value:
                        continue  # a parameter without Default, an attribute: unknown here
                    if code in ERRORS:
                        message = f"{issue.message}: it matches no address, so this list entry does nothing"
                        if code == NOT_A_STRING:
                            message = f"{value!r} is not an IP address or CIDR: it matches no address"
                    else:
                        message = issue.message
                    written = view.value_at(issue.path)
                    if written is not None and view.label(written) != str(written.value):
                        message += f" ({view.label(written).split(' (', 1)[1]}"
                        if code == MALFORMED and "," in str(value) and view.api is not None \
                                and view.api.origin.value == "sam":
                            message += ("; SAM puts a parameter's value into Auth.ResourcePolicy as one string, "
                                        "so a CommaDelimitedList does not become a list there (list the ranges "
                                        "in the template, or use one String parameter per range)")
                    yield Violation(view.pointer(issue.path), message, at="value",
                                    severity=None if code in ERRORS else Severity.WARNING)

