"""Which ELBv2 load balancer an integration reaches, and the load-balancer side of a template.

An API reaches a load balancer in four ways, all resolved here against the template's resources:

- ``listener``: the integration URI is a listener ARN (`!Ref Listener`, `!GetAtt Listener.ListenerArn`), as
  an HTTP API private integration (``ConnectionType: VPC_LINK``) writes it;
- ``integration-target``: a REST integration over a VPC link V2 names the balancer in ``integrationTarget``;
- ``vpc-link``: ``connectionId`` names an ``AWS::ApiGateway::VpcLink`` whose ``TargetArns`` name an NLB;
- ``dns-name``: the URI host is the balancer's ``DNSName`` (`!Sub http://${Alb.DNSName}/x`, `!GetAtt`,
  ``Fn::Join``), with or without a VPC link.

Everything here is pure and never raises on wrong shapes.
"""

from __future__ import annotations

from typing import Any, Iterable

from gwlint.intrinsics import Ref, SymStr, literal, render, symbolic
from gwlint.model.functions import TemplateIndex

LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
SECURITY_GROUP = "AWS::EC2::SecurityGroup"
REST_VPC_LINK = "AWS::ApiGateway::VpcLink"
HTTP_VPC_LINK = "AWS::ApiGatewayV2::VpcLink"
VPC_LINK_TYPES = (REST_VPC_LINK, HTTP_VPC_LINK)


def single_ref(value: Any) -> Ref | None:
    """The `Ref` / `GetAtt` when the whole (first) alternative of a value is one reference."""
    alternatives = symbolic(value)
    if alternatives and len(alternatives[0]) == 1 and isinstance(alternatives[0][0], Ref):
        return alternatives[0][0]
    return None


def refs_of_type(value: Any, index: TemplateIndex, types: Iterable[str]) -> list[str]:
    """Logical ids of resources of the given types that any part of any alternative names, in order."""
    wanted = set(types)
    found: list[str] = []
    for alternative in symbolic(value):
        for part in alternative:
            if isinstance(part, Ref) and part.name not in found and index.resource_type(part.name) in wanted:
                found.append(part.name)
    return found


def _properties(index: TemplateIndex, logical_id: str) -> dict:
    resource = index.resources.get(logical_id)
    properties = resource.get("Properties") if isinstance(resource, dict) else None
    return properties if isinstance(properties, dict) else {}


def listener_load_balancer(index: TemplateIndex, listener: str) -> str | None:
    """The balancer (logical id) a listener of the template belongs to."""
    found = refs_of_type(_properties(index, listener).get("LoadBalancerArn"), index, (LOAD_BALANCER,))
    return found[0] if found else None


def vpc_link_targets(index: TemplateIndex, vpc_link: str) -> list[str]:
    """Balancers a REST VPC link's TargetArns name (`!Ref Nlb`, or an ARN built with `Fn::Join`)."""
    targets = _properties(index, vpc_link).get("TargetArns")
    found: list[str] = []
    for item in targets if isinstance(targets, list) else ():
        for name in refs_of_type(item, index, (LOAD_BALANCER,)):
            if name not in found:
                found.append(name)
    return found


def backend_fields(index: TemplateIndex, uri: tuple[SymStr, ...] | None, connection_id: Any,
                   integration_target: Any) -> dict:
    """The Integration fields that say which balancer an integration reaches (empty when none)."""
    fields: dict = {}
    balancers: list[str] = []
    via: str | None = None

    def add(names: Iterable[str], how: str) -> None:
        nonlocal via
        for name in names:
            if name not in balancers:
                balancers.append(name)
                via = via or how

    if connection_id is not None:
        links = refs_of_type(connection_id, index, VPC_LINK_TYPES)
        if links:
            fields["vpc_link"] = links[0]
    for alternative in uri or ():
        if len(alternative) == 1 and isinstance(alternative[0], Ref) \
                and index.resource_type(alternative[0].name) == LISTENER:
            fields.setdefault("listener", alternative[0].name)
            balancer = listener_load_balancer(index, alternative[0].name)
            add([balancer] if balancer else [], "listener")
    if integration_target is not None:
        add(refs_of_type(integration_target, index, (LOAD_BALANCER,)), "integration-target")
        for listener in refs_of_type(integration_target, index, (LISTENER,)):
            fields.setdefault("listener", listener)
            balancer = listener_load_balancer(index, listener)
            add([balancer] if balancer else [], "integration-target")
    if "vpc_link" in fields and index.resource_type(fields["vpc_link"]) == REST_VPC_LINK:
        add(vpc_link_targets(index, fields["vpc_link"]), "vpc-link")
    for alternative in uri or ():
        add([part.name for part in alternative if isinstance(part, Ref) and part.attribute == "DNSName"
             and index.resource_type(part.name) == LOAD_BALANCER], "dns-name")
    if balancers:
        fields["load_balancers"] = tuple(balancers)
        fields["load_balancer_via"] = via
    if integration_target is not None:
        fields["integration_target"] = integration_target
    return fields


def literal_choice(value: Any) -> str | None:
    """A string property's value when every alternative (`Fn::If`) is the same literal, else None."""
    texts = {literal(alternative) for alternative in symbolic(value)}
    if len(texts) == 1:
        text = texts.pop()
        return text if text else None
    return None


def split_references(items: Any, index: TemplateIndex, types: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(logical ids of the template's resources of these types, text of the other entries) for a list
    property such as `SecurityGroups`; a non-list (a `Ref` to a list parameter) is one other entry."""
    wanted = tuple(types)
    local: list[str] = []
    other: list[str] = []
    for item in items if isinstance(items, list) else [items]:
        if item is None or item == {"Ref": "AWS::NoValue"}:
            continue
        reference = single_ref(item)
        if reference is not None and index.resource_type(reference.name) in wanted:
            if reference.name not in local:
                local.append(reference.name)
        else:
            alternatives = symbolic(item)
            other.append(render(alternatives[0]) if alternatives else "?")
    return tuple(local), tuple(other)


def parameter_default(index: TemplateIndex, value: Any) -> tuple[str | None, str | None]:
    """(parameter name, its string Default) when a value is `Ref Parameter`."""
    reference = single_ref(value)
    if reference is None or reference.attribute is not None or reference.name not in index.parameters:
        return None, None
    parameter = index.parameters.get(reference.name)
    default = parameter.get("Default") if isinstance(parameter, dict) else None
    return reference.name, default if isinstance(default, str) else None


__all__ = ["backend_fields", "listener_load_balancer", "literal_choice", "parameter_default", "refs_of_type",
           "single_ref", "split_references", "vpc_link_targets"]
