'''## What it does
Flags a REST API stage with a public endpoint (edge-optimized or regional) that no AWS WAF web ACL in the
template protects: neither an `AWS::WAFv2::WebACLAssociation` nor a classic `AWS::WAFRegional::WebACLAssociation`
whose `ResourceArn` names the stage (`arn:aws:apigateway:REGION::/restapis/API/stages/STAGE`, written with
`!Sub`, `!Join`, a `Ref` to the Stage resource, SAM's `${Api.Stage}` or the generated `<Api><Stage>Stage`).
checkov first read only classic WAF associations (bridgecrewio/checkov#2367): both count here.

Private APIs are left out, and so are HTTP and WebSocket APIs, which AWS WAF cannot protect. When an
association's ARN cannot be read (a parameter), every stage of the template counts as protected.

## Why is this bad?
Without a web ACL, the API has no protection against common exploits, bots and request floods beyond
its own throttling. This is hygiene (a note): a Firewall Manager policy or another stack may associate
the ACL; suppress the note then.

## Example
```yaml
Resources:
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: prod
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Api}
```

Use instead:
```yaml
Resources:
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: prod
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Api}
  Waf:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}
      WebACLArn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/abc
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation


def association_covers(association, view) -> bool:
    """Whether a readable association's ARN names this stage."""
    api = view.api
    if association.api is None:
        return True  # a literal API id: cannot tell, count it
    if association.api != api.key:
        return False
    stage = association.stage
    if stage is None or stage.endswith(".Stage"):
        return True
    names = {view.name, getattr(view.element, "logical_id", None)}
    if view.name:
        names.add(f"{api.key}{view.name}Stage")  # the Stage resource SAM generates
    return stage in names


class WafNotAssociated(Rule):
    __doc__ = __doc__
    id = "GW607"
    name = "waf-not-associated"
    severity = Severity.NOTE
    summary = "Public REST API stage without an AWS WAF web ACL association (WAFv2 or classic)"
    tags = ("hygiene", "waf")
    joins = "stage + WAFv2/WAF Regional web ACL association"

    def check(self, model):
        from gwlint.analysis.stages import stage_views
        associations = list(model.waf_associations)
        if any(not association.readable for association in associations):
            return
        reported = set()
        for view in stage_views(model):
            api = view.api
            if view.kind is not ApiKind.REST or api.kind is not ApiKind.REST or "PRIVATE" in api.endpoint_types:
                continue
            if api.origin not in (Origin.CLOUDFORMATION, Origin.SAM) or api.logical_id is None:
                continue
            if any(association_covers(a, view) for a in associations if a.api_kind is ApiKind.REST):
                continue
            pointer = getattr(view.element, "pointer", view.settings.pointer) if view.source == "stage" \
                else view.settings.pointer
            if pointer in reported:
                continue
            reported.add(pointer)
            yield Violation(pointer, (
                f"no AWS WAF web ACL is associated with {view.label}: the public endpoint has no protection against "
                "common exploits, bots or floods beyond throttling; add an AWS::WAFv2::WebACLAssociation for the stage "
                "(or suppress this if Firewall Manager or another stack associates one)"))
