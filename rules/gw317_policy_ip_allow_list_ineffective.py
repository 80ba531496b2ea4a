'''## What it does
Flags an IP allow-list written as `Allow` + `IpAddress` (on `aws:SourceIp`, or `aws:VpcSourceIp` on a private
API) in the resource policy of a REST API whose methods use a Lambda authorizer, Cognito or IAM
authorization. It reads REST `Policy`, `x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy`
`CustomStatements` and standalone policy files attached to an API. The methods and their authorization
come from the model: `AuthorizationType` of `AWS::ApiGateway::Method`, `security` in the definition, SAM
`Auth.DefaultAuthorizer` and event `Auth`.

It is an error for Lambda authorizers (`CUSTOM`) and IAM (`AWS_IAM`). It is a warning when only Cognito
methods are affected, because the AWS documentation contradicts itself about Cognito.

## Why is this bad?
API Gateway combines the resource policy with the method's authorization. For authorizer and same-account
IAM methods, a caller outside the list gets "neither allowed nor denied" from the policy, and the
authorizer's (or the IAM policy's) Allow is then enough to get in. The list restricts nothing. Only an
explicit `Deny` is checked before the authorizer runs. The pattern that works is `Allow *` plus
`Deny` + `NotIpAddress` (what SAM's `IpRangeWhitelist` generates). It also saves authorizer invocations.

## Example
```yaml
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: AWS_IAM
        ResourcePolicy:
          CustomStatements:
            - Effect: Allow
              Principal: "*"
              Action: execute-api:Invoke
              Resource: execute-api:/*
              Condition:
                IpAddress: {aws:SourceIp: [1.2.3.0/24]}
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
        DefaultAuthorizer: AWS_IAM
        ResourcePolicy:
          IpRangeWhitelist: [1.2.3.0/24]
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
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
- https://repost.aws/questions/QUYQ3ILLj3QzqWMGGJ0kWgzA/api-gateway-resource-policy-with-lambda-authorizer-enabled
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

_NAMES = {"CUSTOM": "Lambda authorizer", "COGNITO_USER_POOLS": "Cognito authorizer", "AWS_IAM": "IAM authorization"}


class PolicyIpAllowListIneffective(Rule):
    __doc__ = __doc__
    id = "GW317"
    name = "policy-ip-allow-list-ineffective"
    severity = Severity.ERROR
    summary = "IP allow-list written as Allow+IpAddress on methods with an authorizer or IAM: it restricts nothing"
    tags = ("security", "resource-policy")
    security_severity = 7.0
    joins = "resource policy + method authorization"

    def check(self, model):
        from gwlint.analysis.iam_policy import ALLOW_IP_LIST_INEFFECTIVE
        from gwlint.analysis.resource_policies import policy_views, routes_text

        for view in policy_views(model):
            found: dict = {}  # clause path -> (issue, [targets])
            for target in view.targets:
                if target.authorization not in _NAMES:
                    continue
                for issue in view.issues(ALLOW_IP_LIST_INEFFECTIVE, target):
                    found.setdefault(issue.path, (issue, []))[1].append(target)
            for path, (issue, targets) in found.items():
                kinds = sorted({_NAMES[t.authorization] for t in targets})
                cognito_only = kinds == ["Cognito authorizer"]
                doubt = "; the AWS documentation also says Cognito requires an explicit Allow, which would make " \
                        "the list work" if cognito_only else ""
                yield Violation(
                    view.pointer(path),
                    f"this IP allow-list restricts nothing on {routes_text(targets)} of {view.name} "
                    f"({' and '.join(kinds)}): a caller outside it gets neither Allow nor Deny from the policy, and "
                    f"the authorization alone lets it in; use Allow * plus Deny NotIpAddress{doubt}",
                    severity=Severity.WARNING if cognito_only else None)
