'''## What it does
Flags a resource-policy condition on a key that API Gateway never sets for the API's endpoint type, so the
condition is constant:

- `aws:SourceVpc` / `aws:SourceVpce` (and `aws:VpcSourceIp`) on a `REGIONAL` or `EDGE` API: they exist only
  for requests that come through a VPC endpoint, which only a `PRIVATE` API receives;
- `aws:SourceIp` on a `PRIVATE` API: the VPC endpoint replaces the client address, so there is none.

It reads REST `Policy`, `x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy` (`SourceVpcWhitelist`,
`SourceVpcBlacklist`, `IntrinsicVpc*`) and `CustomStatements`. A CloudFormation or SAM API without
`EndpointConfiguration` is `EDGE`. The rule says nothing when the endpoint type is unknown (a standalone
OpenAPI or policy file, or an `EndpointConfiguration` written with intrinsics).

## Why is this bad?
A condition on a missing key is false, except for the negated operators and `...IfExists`, where it is
true. An `Allow` with `StringEquals aws:SourceVpce` never applies on a public API, so nobody gets in. A
`Deny` with `StringNotEquals aws:SourceVpce` (SAM's `SourceVpcWhitelist`) always applies, so everyone is
locked out. On a private API, a `Deny` + `NotIpAddress` on `aws:SourceIp` likewise denies every caller. The
author almost always meant a private API, or `aws:VpcSourceIp`.

## Example
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration: REGIONAL
      Auth:
        ResourcePolicy:
          SourceVpcWhitelist: [vpce-0123456789abcdef0]
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
      EndpointConfiguration: PRIVATE
      Auth:
        ResourcePolicy:
          SourceVpcWhitelist: [vpce-0123456789abcdef0]
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
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-aws-condition-keys.html
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-create.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation


class PolicyConditionKeyAbsent(Rule):
    __doc__ = __doc__
    id = "GW314"
    name = "policy-condition-key-absent"
    severity = Severity.ERROR
    summary = "Resource-policy condition on a key the endpoint type never sets (aws:SourceVpce on a public API)"
    tags = ("correctness", "resource-policy")
    security_severity = 5.0
    joins = "resource policy + endpoint"

    def check(self, model):
        from gwlint.analysis.iam_policy import KEY_ABSENT_FOR_ENDPOINT
        from gwlint.analysis.resource_policies import policy_views

        for view in policy_views(model):
            if view.endpoint_type is None:
                continue
            for issue in view.issues(KEY_ABSENT_FOR_ENDPOINT):
                statement = view.statement_of(issue.path)
                always = issue.data["always_true"]
                key = issue.data["key"]
                alone = len(statement.conditions) == 1
                if always and not alone:
                    effect = f"it restricts nothing (the other conditions of this {statement.effect} decide)"
                elif statement.effect == "Deny":
                    effect = ("this Deny applies to every caller it names: everyone is locked out" if always
                              else "this Deny never applies")
                else:
                    effect = ("this Allow applies whatever the caller" if always
                              else "this Allow never applies")
                if key.lower() == "aws:sourceip":
                    hint = "; on a private API the client address is aws:VpcSourceIp"
                else:
                    hint = "; VPC keys exist only on a PRIVATE API"
                yield Violation(view.pointer(issue.path),
                                f"{key} is never set on {_article(issue.data['endpoint_type'])} API ({view.name}), so "
                                f"this condition is always {'true' if always else 'false'} and {effect}{hint}")


def _article(word: str) -> str:
    return ("an " if word[:1] in "AEIOU" else "a ") + word
