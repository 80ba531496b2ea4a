'''## What it does
Flags an IP allow-list in an API Gateway resource policy that lets in the whole internet, or a large
part of it. The rule reads `aws:SourceIp` lists in an `Allow` (`IpAddress`) and the exceptions of a
`Deny` + `NotIpAddress`, in REST `Policy`, `x-amazon-apigateway-policy`, SAM `Auth.ResourcePolicy`
(`IpRangeWhitelist`) and standalone policy files. It evaluates the whole policy for each method of the
API, so what it measures is what the policy really admits after its `Deny` statements:

- the ranges are merged first, so split halves such as `0.0.0.0/1` + `128.0.0.0/1`, or many `/8`s, count as
  what they add up to;
- only publicly routable addresses count (IANA special-purpose ranges are left out);
- IPv6 counts when the endpoint is dualstack (or unknown: a standalone file).

It is an error when the list admits a quarter of the public IPv4 or IPv6 space or more (`0.0.0.0/2`, either
half of IPv4, `::/0`). It is a warning when it admits less, but at least as many public addresses as a `/8`
(IPv4) or a `/32` (IPv6). Those sizes are set by `wide-prefix-ipv4` and `wide-prefix-ipv6` in
`[tool.gwlint]`.

An `Allow` list on methods that use a Lambda authorizer, Cognito or IAM restricts nothing at all: GW317
reports those instead. Private APIs are left out, because their lists hold VPC addresses.

## Why is this bad?
An IP allow-list is meant to let in a partner, an office or a NAT gateway. A list such as `0.0.0.0/1` plus
`128.0.0.0/1`, `::/0` or `10.0.0.0/1` looks like a restriction, but it admits every client, or half of them.
Tools that only look for the text `0.0.0.0/0` miss these lists.

## Example
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: partners
      EndpointConfiguration: {Types: [REGIONAL]}
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              IpAddress:
                aws:SourceIp: [0.0.0.0/1, 128.0.0.0/1]
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: partners
      EndpointConfiguration: {Types: [REGIONAL]}
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              IpAddress:
                aws:SourceIp: [1.2.3.0/24]
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
- https://www.iana.org/assignments/iana-ipv4-special-registry/
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

#: From this share of the public IPv4 or IPv6 space on, the API is exposed (error): 0/1, 128/1, 0/2...
WORLD_SHARE = 0.25


class PolicyIpRangeTooWide(Rule):
    __doc__ = __doc__
    id = "GW310"
    name = "policy-ip-range-too-wide"
    severity = Severity.ERROR
    summary = "Resource-policy IP allow-list admits the whole internet or a large part of it"
    tags = ("security", "resource-policy")
    security_severity = 8.0
    joins = "resource policy + endpoint + methods"

    def check(self, model):
        from gwlint.analysis.cidr import IpSet
        from gwlint.analysis.resource_policies import ipv6_reachable, policy_views, public_part

        for view in policy_views(model):
            if view.endpoint_type == "PRIVATE":
                continue
            families = (4, 6) if ipv6_reachable(view) else (4,)
            found: dict = {}  # clause path -> [clause, effect, admitted IpSet, targets]
            for target in view.targets:
                access = view.evaluate(target, authorization="NONE")
                wide = [f for f in families if self._wide(public_part(access.may_invoke, f), f)]
                if not wide:
                    continue
                for clause, effect, part in self._responsible(view, target, access, wide):
                    entry = found.setdefault(clause.path, [clause, effect, IpSet.empty(), []])
                    entry[2] |= part
                    entry[3].append(target)
            for clause, effect, admitted, targets in found.values():
                yield self._violation(view, clause, effect, admitted, targets, families)

    def _wide(self, public, family: int) -> bool:
        return public.size >= self.settings.wide_addresses(family)

    def _responsible(self, view, target, access, families):
        from gwlint.analysis.iam_policy import ip_clause_addresses
        from gwlint.analysis.resource_policies import public_part

        """The IP clauses that let in a wide part of what the policy admits for this method."""
        admitted = access.may_invoke
        if target.policy_decides:  # on an authorizer's methods an Allow list restricts nothing: GW317
            for statement_access in access.allow_statements:
                part = statement_access.addresses & admitted
                clauses = [c for c in statement_access.statement.conditions
                           if c.is_ip_test and c.key_lower in view.address_keys]
                if clauses and any(self._wide(public_part(part, f), f) for f in families):
                    for clause in clauses:
                        yield clause, "Allow", _only(part, families)
        for deny in access.deny_statements:  # an applying Deny; one whose list covers everything never applies
            for clause in deny.statement.conditions:
                if not (clause.is_ip_test and clause.operator.negated and clause.key_lower in view.address_keys):
                    continue
                exempt = ~ip_clause_addresses(clause)  # the listed ranges
                denied = ip_clause_addresses(clause)
                # A list that covers a whole family never denies it: GW311 reports that.
                kept = [f for f in families if not denied.family(f).is_empty]
                part = exempt & admitted
                if any(self._wide(public_part(part, f), f) for f in kept):
                    yield clause, "Deny", _only(part, kept)

    def _violation(self, view, clause, effect, admitted, targets, families) -> Violation:
        from gwlint.analysis.cidr import describe, public_share
        from gwlint.analysis.resource_policies import public_part, routes_text, values_text

        parts = [describe(admitted.family(f)) for f in families
                 if not public_part(admitted, f).is_empty and self._wide(public_part(admitted, f), f)]
        world = any(public_share(admitted.family(f)) >= WORLD_SHARE for f in families)
        values = [v for v in clause.values if v.cidr is not None and v.cidr.ok
                  and not (v.cidr.as_ipset() & admitted).is_empty]
        widest = max(values, key=lambda v: public_share((v.cidr.as_ipset() & admitted).v4)
                     + public_share((v.cidr.as_ipset() & admitted).v6), default=None)
        single = widest is not None and all(
            not self._wide(public_part(admitted - widest.cidr.as_ipset(), f), f) for f in families)
        pointer = view.pointer(widest.path if single else clause.path)
        listed = values_text([view.label(v) for v in values], 4)
        how = "Allow + " if effect == "Allow" else "Deny + "
        what = (f"the {clause.key} allow-list ({how}{clause.operator.text}: {listed}) admits "
                f"{' and '.join(parts)}")
        if effect == "Allow" and clause.operator.negated:  # a block list that grants everything else
            single = False
            pointer = view.pointer(clause.path)
            listed = values_text([view.label(v) for v in clause.values], 4)
            what = (f"this Allow admits every address outside {clause.key} {clause.operator.text} ({listed}): "
                    f"{' and '.join(parts)}")
        routes = routes_text(targets)
        where = "" if view.api is None else f" on {view.name}" + ("" if routes == "every method" else f" ({routes})")
        if world:
            tail = ": the API is open to a large part of the internet"
        else:
            sizes = [f"a /{self.settings.wide_prefix_ipv4} (wide-prefix-ipv4)" if f == 4 else
                     f"a /{self.settings.wide_prefix_ipv6} (wide-prefix-ipv6)" for f in families
                     if self._wide(public_part(admitted, f), f)]
            tail = f": at least as many public addresses as {' and '.join(sizes)}"
        return Violation(pointer, what + where + tail, at="value" if single else "key",
                         severity=None if world else Severity.WARNING)


def _only(addresses, families):
    from gwlint.analysis.cidr import IpSet

    return IpSet(addresses.v4 if 4 in families else IpSet().v4, addresses.v6 if 6 in families else IpSet().v6)
