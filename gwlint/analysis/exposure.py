"""Load balancers that serve an API, and which addresses their security groups admit on each listener port.

Pure functions over the model (``gwlint.model``). Everything is indexed by logical id once per call of
:func:`backends` (a template may have 10,000 resources): no loop over all pairs of elements.

Vocabulary
----------
``Backend``
    One ELBv2 load balancer of the template that an API integration reaches, with the routes it serves,
    the listener ports the API uses and the VPC links on the way.
``PortUse``
    A port the API reaches the balancer on (from the listener ARN, the URI's port or scheme, or every
    listener of the balancer when the URI does not say), with its transport (tcp/udp).
``Admission``
    An ingress rule of one of the balancer's security groups that admits a CIDR on such a port.
``PortExposure``
    What the admissions add up to on one port: the public addresses admitted (IANA special-purpose
    space removed, restricted to the address families the balancer listens on) and a level:

    - ``world``: more than half of the public IPv4 or IPv6 space (``0.0.0.0/0``, ``::/0``, ``0.0.0.0/1``
      + ``128.0.0.0/1``, many /8s...), or an NLB without security groups (nothing filters it);
    - ``partial``: at least a /8 of public IPv4 (2^24 addresses) or a /32 of public IPv6 (2^96), but
      not more than half: a large slice of the internet;
    - ``limited``: some public addresses, fewer than that (a partner range, an office);
    - ``none``: no public address (private ranges, security-group sources, unknown values).
"""

from __future__ import annotations

import re
from collections import defaultdict
from gwlint.record import dataclass, field
from typing import Any, Iterable, Optional

from gwlint.analysis.cidr import PUBLIC, IpSet, format_count, format_percent, parse_cidr, public_share
from gwlint.intrinsics import Ref, SymStr, from_pattern_text, literal, render, symbolic, to_pattern_text

#: More than this share of a family's public space is "the world".
WORLD_SHARE = 0.5
#: At least this many public addresses is a "partial" exposure worth a warning: a /8 (IPv4), a /32 (IPv6).
PARTIAL_V4 = 1 << 24
PARTIAL_V6 = 1 << 96

WORLD, PARTIAL, LIMITED, NONE = "world", "partial", "limited", "none"
TCP, UDP = "tcp", "udp"

_URI = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<host>\[[^\]]*\]|[^/:?#]*)(?::(?P<port>[^/?#]*))?")
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_]+)\}")


# -- the pieces ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    api: Any  # model Api
    operation: Any  # model Operation
    integration: Any  # model Integration

    @property
    def text(self) -> str:
        return f"{self.operation.route} of {self.api.display}"


@dataclass(frozen=True)
class PortUse:
    port: Optional[int]  # None: unknown (a parameter), only rules open on every port count
    transports: frozenset
    listener: Any = None  # model Listener, when the template has it

    @property
    def text(self) -> str:
        where = f"port {self.port}" if self.port is not None else "its listener port"
        if self.listener is not None:
            where += f" (listener {self.listener.logical_id})"
        return where


@dataclass(frozen=True)
class Admission:
    rule: Any  # model SecurityGroupRule
    cidr_key: str  # "CidrIp" or "CidrIpv6"
    text: str  # the CIDR as written (or the parameter and its default)
    addresses: Optional[IpSet]  # None when the value is not known (a parameter without a default)
    parameter: Optional[str] = None


@dataclass(frozen=True)
class PortExposure:
    use: PortUse
    admissions: tuple[Admission, ...]  # every rule admitting a CIDR on this port (private ones too)
    public: IpSet  # the public addresses admitted, in the families the balancer listens on
    level: str
    open_by_default: bool = False  # an NLB without security groups
    culprits: tuple[Admission, ...] = ()  # the rules that make the level, biggest first


@dataclass(frozen=True)
class Backend:
    load_balancer: Any  # model LoadBalancer
    routes: tuple[Route, ...]
    ports: tuple[PortUse, ...]
    vpc_links: tuple[Any, ...] = ()  # model VpcLink elements the API reaches it through

    @property
    def kind(self) -> str:
        kind = (self.load_balancer.type or "").lower()
        return {"application": "ALB", "network": "NLB", "gateway": "GWLB"}.get(kind, "load balancer")

    @property
    def name(self) -> str:
        return f"{self.kind} {self.load_balancer.logical_id}"

    def routes_text(self, limit: int = 3) -> str:
        names = sorted({route.text for route in self.routes})
        text = ", ".join(names[:limit])
        return text + (f" and {len(names) - limit} more" if len(names) > limit else "")


@dataclass
class Index:
    """The load-balancer side of a model, by logical id."""

    load_balancers: dict = field(default_factory=dict)
    listeners: dict = field(default_factory=dict)
    listeners_by_balancer: dict = field(default_factory=lambda: defaultdict(list))
    security_groups: dict = field(default_factory=dict)
    rules_by_group: dict = field(default_factory=lambda: defaultdict(list))
    vpc_links: dict = field(default_factory=dict)

    @classmethod
    def of(cls, model) -> "Index":
        index = cls()
        for balancer in model.load_balancers:
            index.load_balancers.setdefault(balancer.logical_id, balancer)
        for listener in model.listeners:
            index.listeners.setdefault(listener.logical_id, listener)
            if listener.load_balancer:
                index.listeners_by_balancer[listener.load_balancer].append(listener)
        for group in model.security_groups:
            index.security_groups.setdefault(group.logical_id, group)
        for rule in model.security_group_rules:
            if rule.group:
                index.rules_by_group[rule.group].append(rule)
        for link in model.vpc_links:
            index.vpc_links.setdefault(link.logical_id, link)
        return index

    def groups_of(self, balancer) -> list[str]:
        """The balancer's security groups that the template defines."""
        return [group for group in balancer.security_groups if group in self.security_groups]


# -- small parsers -------------------------------------------------------------------------------------
def as_port(value: Any) -> Optional[int]:
    """A port number from an int or a digit string; None when unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]+\s*", value):
        return int(value)
    return None


def listener_transports(protocol: Any) -> frozenset:
    text = protocol.upper() if isinstance(protocol, str) else ""
    if text == "UDP":
        return frozenset({UDP})
    if text == "TCP_UDP":
        return frozenset({TCP, UDP})
    return frozenset({TCP})  # HTTP, HTTPS, TCP, TLS; unknown is taken as TCP


def rule_transports(protocol: Any) -> Optional[frozenset]:
    """Transports an ingress rule's IpProtocol admits; None for "every protocol"; empty when unknown."""
    if isinstance(protocol, bool) or not isinstance(protocol, (int, str)):
        return frozenset()
    text = str(protocol).strip().lower()
    if text in ("-1", "all"):
        return None
    return frozenset({TCP} if text in ("tcp", "6") else {UDP} if text in ("udp", "17") else ())


def rule_admits_port(rule, use: PortUse) -> bool:
    """Whether an ingress rule admits traffic on a port the API uses (protocol -1 admits every port)."""
    transports = rule_transports(rule.protocol)
    if transports is None:
        return True
    if not transports & use.transports:
        return False
    low, high = as_port(rule.from_port), as_port(rule.to_port)
    if low is None or high is None:
        return False
    low, high = (0 if low == -1 else low), (65535 if high == -1 else high)
    if use.port is None:
        return low <= 0 and high >= 65535
    return low <= use.port <= high


def admission(rule) -> Optional[Admission]:
    """The CIDR a rule admits, parsed (None for a rule whose source is a security group or prefix list)."""
    for key, value in (("CidrIp", rule.cidr_ipv4), ("CidrIpv6", rule.cidr_ipv6)):
        if value is None:
            continue
        parameter = rule.cidr_parameter
        if isinstance(value, str):
            parsed, text = parse_cidr(value), value
        elif parameter is not None and rule.cidr_default is not None:
            parsed = parse_cidr(rule.cidr_default)
            text = f"{rule.cidr_default} (default of parameter {parameter})"
        else:
            alternatives = symbolic(value)
            return Admission(rule, key, render(alternatives[0]) if alternatives else "?", None, parameter)
        return Admission(rule, key, text, parsed.as_ipset() if parsed.ok else None, parameter)
    return None


def parse_uri(value: SymStr) -> tuple[Optional[str], Optional[SymStr], Optional[int], bool]:
    """(scheme lower-cased, host as a symbolic string, explicit port, port_known) of a symbolic URI."""
    pattern, symbols = to_pattern_text(value)
    match = _URI.match(pattern)
    if not match:
        return None, None, None, False
    host = from_pattern_text(match.group("host"), symbols)
    port_text = match.group("port")
    if port_text is None:
        return match.group("scheme").lower(), host, None, True
    port = as_port(port_text)
    return match.group("scheme").lower(), host, port, port is not None


def uri_port(integration) -> tuple[Optional[int], bool]:
    """The port an HTTP integration URI names (explicit, or 80/443 by scheme); (None, False) if unknown."""
    for alternative in integration.uri or ():
        scheme, _, port, known = parse_uri(alternative)
        if scheme in ("http", "https"):
            if port is not None:
                return port, True
            if known:
                return (80 if scheme == "http" else 443), True
            return None, False
    return None, False


# -- which balancers serve the API ------------------------------------------------------------------
def _stage_variable_links(api, integration, index: Index) -> list[str]:
    """VPC links named through `connectionId: ${stageVariables.x}` in any stage of the API."""
    text = integration.connection_id if isinstance(integration.connection_id, str) else ""
    names = _STAGE_VARIABLE.findall(text)
    found: list[str] = []
    for stage in api.stages if names else ():
        variables = stage.properties.get("Variables") if isinstance(stage.properties, dict) else None
        for name in names:
            value = variables.get(name) if isinstance(variables, dict) else None
            for alternative in symbolic(value) if value is not None else ():
                for part in alternative:
                    if isinstance(part, Ref) and part.name in index.vpc_links and part.name not in found:
                        found.append(part.name)
    return found


def _route_balancers(api, integration, index: Index) -> tuple[list[str], list[Any]]:
    """(balancer ids, VPC link elements) one integration reaches."""
    balancers = [name for name in integration.load_balancers if name in index.load_balancers]
    link_ids = [integration.vpc_link] if integration.vpc_link in index.vpc_links else []
    if not link_ids and integration.connection_id is not None:
        link_ids = _stage_variable_links(api, integration, index)
        for link_id in link_ids:
            link = index.vpc_links[link_id]
            if link.kind.value == "REST":
                balancers += [t for t in link.targets if t in index.load_balancers and t not in balancers]
    return balancers, [index.vpc_links[link_id] for link_id in link_ids]


def _ports(balancer, routes: Iterable[Route], index: Index) -> tuple[PortUse, ...]:
    listeners = index.listeners_by_balancer.get(balancer.logical_id, [])
    uses: dict[tuple, PortUse] = {}

    def add(use: PortUse) -> None:
        uses.setdefault((use.port, use.listener.logical_id if use.listener is not None else None), use)

    for route in routes:
        integration = route.integration
        listener = index.listeners.get(integration.listener) if integration.listener else None
        if listener is not None and listener.load_balancer == balancer.logical_id:
            add(PortUse(as_port(listener.port), listener_transports(listener.protocol), listener))
            continue
        port, known = uri_port(integration)
        matching = [item for item in listeners if as_port(item.port) == port] if known else []
        if matching:
            for item in matching:
                add(PortUse(port, listener_transports(item.protocol), item))
        elif known and not listeners:
            add(PortUse(port, frozenset({TCP})))
        else:  # the URI does not say which listener (or names a port no listener has): all of them
            for item in listeners:
                add(PortUse(as_port(item.port), listener_transports(item.protocol), item))
            if not listeners:
                add(PortUse(None, frozenset({TCP})))
    return tuple(sorted(uses.values(), key=lambda use: (use.port is None, use.port or 0,
                                                        use.listener.logical_id if use.listener else "")))


def backends(model, index: Optional[Index] = None) -> list[Backend]:
    """Every load balancer of the model that an API integration reaches, in model order."""
    index = index or Index.of(model)
    if not index.load_balancers:
        return []
    routes: dict[str, list[Route]] = defaultdict(list)
    links: dict[str, dict[str, Any]] = defaultdict(dict)
    for api in model.apis:
        for operation in api.operations:
            integration = operation.integration
            if integration is None or integration.type in ("AWS", "AWS_PROXY", "MOCK"):
                continue
            if not integration.load_balancers and integration.connection_id is None:
                continue
            balancers, vpc_links = _route_balancers(api, integration, index)
            for name in balancers:
                routes[name].append(Route(api, operation, integration))
                for link in vpc_links:
                    links[name].setdefault(link.logical_id, link)
    found = []
    for name, balancer in index.load_balancers.items():
        if name in routes:
            found.append(Backend(balancer, tuple(routes[name]), _ports(balancer, routes[name], index),
                                 tuple(links[name].values())))
    return found


# -- what reaches them ---------------------------------------------------------------------------------
def reachable_families(balancer) -> IpSet:
    """The public space a balancer can be reached from, by its IpAddressType."""
    kind = (balancer.ip_address_type or "ipv4").lower()
    if kind == "ipv4":
        return IpSet(PUBLIC.v4, IpSet().v6)
    if kind == "dualstack-without-public-ipv4":
        return IpSet(IpSet().v4, PUBLIC.v6)
    return PUBLIC  # dualstack, or unknown


def level_of(public: IpSet) -> str:
    if public.is_empty:
        return NONE
    if (not public.v4.is_empty and public_share(public.v4) > WORLD_SHARE) or \
            (not public.v6.is_empty and public_share(public.v6) > WORLD_SHARE):
        return WORLD
    if public.v4.size >= PARTIAL_V4 or public.v6.size >= PARTIAL_V6:
        return PARTIAL
    return LIMITED


def admissions(balancer, use: PortUse, index: Index) -> list[Admission]:
    """Every CIDR rule of the balancer's security groups (those the template defines) admitting the port."""
    found = []
    for group in index.groups_of(balancer):
        for rule in index.rules_by_group.get(group, ()):
            if rule_admits_port(rule, use):
                entry = admission(rule)
                if entry is not None:
                    found.append(entry)
    return found


def port_exposure(balancer, use: PortUse, index: Index) -> PortExposure:
    reachable = reachable_families(balancer)
    if (balancer.type or "").lower() == "network" and not balancer.declares_security_groups:
        return PortExposure(use, (), reachable, WORLD, open_by_default=True)
    entries = tuple(admissions(balancer, use, index))
    known = [entry for entry in entries if entry.addresses is not None]
    public = IpSet()
    for entry in known:
        public = public | entry.addresses
    public = public & reachable
    level = level_of(public)
    return PortExposure(use, entries, public, level, culprits=_culprits(known, reachable, level))


def _culprits(entries: list[Admission], reachable: IpSet, level: str) -> tuple[Admission, ...]:
    """The fewest rules, biggest first, whose addresses already make the level."""
    if level in (NONE, LIMITED):
        return ()
    ranked = sorted(entries, key=lambda e: (-(e.addresses & reachable).v4.size, -(e.addresses & reachable).v6.size))
    chosen: list[Admission] = []
    union = IpSet()
    for entry in ranked:
        part = entry.addresses & reachable
        if part.is_empty:
            continue
        chosen.append(entry)
        union = union | part
        if level_of(union) == level:
            break
    return tuple(chosen)


def exposures(backend: Backend, index: Index) -> list[PortExposure]:
    return [port_exposure(backend.load_balancer, use, index) for use in backend.ports]


def describe_public(public: IpSet) -> str:
    """E.g. "3,702,258,434 public IPv4 addresses, 100% of public IPv4" (both families when both are admitted)."""
    parts = []
    for version, family in ((4, public.v4), (6, public.v6)):
        if not family.is_empty:
            noun = "address" if family.size == 1 else "addresses"
            parts.append(f"{format_count(family.size)} public IPv{version} {noun}, "
                         f"{format_percent(public_share(family))} of public IPv{version}")
    return "; ".join(parts) or "no public address"


# -- public hosts (plain-HTTP integrations) --------------------------------------------------------------
_PRIVATE_SUFFIXES = (".internal", ".local", ".localdomain", ".lan", ".home.arpa", ".corp", ".intranet",
                     ".private", ".localhost", ".test", ".example", ".invalid", ".onion")
_EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")


def literal_host_is_public(host: str) -> bool:
    """Whether a literal URI host is reachable on the internet: a public IP, or a DNS name outside
    private and reserved suffixes (RFC 2606/6761/6762/8375), not an internal ELB name and not a single label."""
    text = host.strip().lower().rstrip(".")
    if not text:
        return False
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if re.fullmatch(r"[0-9.]+", text) or ":" in text:
        parsed = parse_cidr(text)
        return parsed.ok and not (parsed.as_ipset() & PUBLIC).is_empty
    if not re.fullmatch(r"[a-z0-9_.-]+", text):  # `${stageVariables.host}`, templates, typos: not known
        return False
    if "." not in text or text == "localhost":
        return False
    if text.endswith(_PRIVATE_SUFFIXES) or any(text == d or text.endswith("." + d) for d in _EXAMPLE_DOMAINS):
        return False
    if text.startswith("internal-") and text.endswith(".elb.amazonaws.com"):
        return False
    if text.endswith(".vpce.amazonaws.com") or text.endswith(".compute.internal"):
        return False
    return True


def host_text(host: SymStr) -> str:
    return literal(host) or render(host)


__all__ = ["Admission", "Backend", "Index", "PortExposure", "PortUse", "Route", "admission", "admissions",
           "backends", "describe_public", "exposures", "level_of", "literal_host_is_public", "parse_uri",
           "port_exposure", "reachable_families", "rule_admits_port", "uri_port", "LIMITED", "NONE", "PARTIAL",
           "WORLD"]
