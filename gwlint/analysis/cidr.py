"""Exact IP address sets, tolerant CIDR parsing and the IANA special-purpose tables.

Pure library: no dependency on the rest of gwlint.

Public API
----------
``AddressSet(bits, intervals)``
    Immutable set of addresses of one family (``bits`` = 32 for IPv4, 128 for IPv6; any other
    width works too, which the tests use to compare against brute force). Stored as sorted,
    merged, non-overlapping half-open integer intervals ``[start, end)``. Operators ``| & - ~``,
    ``size``, ``is_empty``, ``is_full``, ``in``, ``cidrs()`` (minimal covering prefixes) and
    ``networks()`` (the same as ``ipaddress`` networks). Equal sets compare equal.
``IpSet(v4, v6)``
    An IPv4 and an IPv6 ``AddressSet`` side by side, with the same operators applied per family.
``parse_cidr(value) -> ParsedCidr``
    Never raises. Gives the network IAM would use (or ``None``) and a list of ``CidrProblem``.
``IPV4_SPECIAL_PURPOSE`` / ``IPV6_SPECIAL_PURPOSE``
    The IANA special-purpose registries as ``SpecialBlock`` rows.
``PUBLIC_V4`` / ``PUBLIC_V6``
    Globally reachable unicast space derived from those tables.
``public_share(s)``, ``non_public_part(s)``, ``special_blocks_in(s)``
    How much of the public space a set covers, and which special-purpose (private, loopback,
    documentation...) blocks it touches.
``describe(s)``, ``format_cidrs(s)``
    Text for finding messages, e.g. ``"2,147,483,648 IPv4 addresses (57.8% of public space)"``.

We never call ``ipaddress``'s ``is_private``/``is_global``: their tables changed across CPython
patch releases in 2024 (research doc §A6), so the answer would depend on the interpreter.
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_right
from gwlint.record import dataclass, field
from typing import Iterable, Iterator, Optional, Union

IPV4_BITS = 32
IPV6_BITS = 128

Interval = tuple[int, int]  # half-open [start, end)
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]
Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]


# ---------------------------------------------------------------------------------------------
# Interval arithmetic
# ---------------------------------------------------------------------------------------------


def _normalize(intervals: Iterable[Interval], bits: int) -> tuple[Interval, ...]:
    """Sort, drop empty intervals and merge overlapping or touching ones."""
    limit = 1 << bits
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if start < 0 or end > limit or start > end:
            raise ValueError(f"interval [{start}, {end}) is outside a {bits}-bit space")
        if start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def _intersect(a: tuple[Interval, ...], b: tuple[Interval, ...]) -> list[Interval]:
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        # Advance whichever interval ends first; the other may still overlap the next one.
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _complement(intervals: tuple[Interval, ...], bits: int) -> list[Interval]:
    out: list[Interval] = []
    previous_end = 0
    for start, end in intervals:
        if start > previous_end:
            out.append((previous_end, start))
        previous_end = end
    if previous_end < 1 << bits:
        out.append((previous_end, 1 << bits))
    return out


def _interval_to_prefixes(start: int, end: int, bits: int) -> Iterator[tuple[int, int]]:
    """Minimal list of aligned prefixes (network, prefix length) exactly covering [start, end)."""
    while start < end:
        # The largest block that starts here is limited by the alignment of `start`...
        size = start & -start if start else 1 << bits
        # ...and by what is left of the interval.
        while size > end - start:
            size >>= 1
        yield start, bits - (size.bit_length() - 1)
        start += size


# ---------------------------------------------------------------------------------------------
# AddressSet: one family
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressSet:
    """Immutable set of integer addresses in a ``bits``-wide space (32 = IPv4, 128 = IPv6)."""

    bits: int
    intervals: tuple[Interval, ...] = ()

    def __post_init__(self) -> None:
        # Normalizing here keeps the invariant (sorted, merged) for every way of building one,
        # so structural equality is set equality.
        object.__setattr__(self, "intervals", _normalize(self.intervals, self.bits))

    # -- constructors --------------------------------------------------------------------

    @classmethod
    def empty(cls, bits: int) -> AddressSet:
        return cls(bits)

    @classmethod
    def full(cls, bits: int) -> AddressSet:
        return cls(bits, ((0, 1 << bits),))

    @classmethod
    def from_prefixes(cls, bits: int, prefixes: Iterable[tuple[int, int]]) -> AddressSet:
        """From ``(address, prefix_length)`` pairs; host bits below the prefix are ignored."""
        intervals = []
        for address, length in prefixes:
            if not 0 <= length <= bits:
                raise ValueError(f"prefix length {length} out of range for {bits} bits")
            block = 1 << (bits - length)
            start = address - address % block
            intervals.append((start, start + block))
        return cls(bits, tuple(intervals))

    @classmethod
    def from_networks(cls, networks: Iterable[Network], version: int = 4) -> AddressSet:
        """From ``ipaddress`` networks of one family (``version`` 4 or 6)."""
        bits = IPV4_BITS if version == 4 else IPV6_BITS
        intervals = []
        for net in networks:
            if net.version != version:
                raise ValueError(f"{net} is not IPv{version}")
            intervals.append((int(net.network_address), int(net.broadcast_address) + 1))
        return cls(bits, tuple(intervals))

    @classmethod
    def of(cls, *cidrs: str) -> AddressSet:
        """Strict convenience constructor for one family: ``AddressSet.of("10.0.0.0/8")``."""
        networks = [ipaddress.ip_network(c, strict=False) for c in cidrs]
        versions = {n.version for n in networks} or {4}
        if len(versions) > 1:
            raise ValueError("mixed IPv4 and IPv6; use IpSet.of")
        return cls.from_networks(networks, versions.pop())

    # -- set algebra ---------------------------------------------------------------------

    def _check(self, other: AddressSet) -> None:
        if not isinstance(other, AddressSet) or other.bits != self.bits:
            raise TypeError("can only combine address sets of the same width")

    def union(self, other: AddressSet) -> AddressSet:
        self._check(other)
        return AddressSet(self.bits, self.intervals + other.intervals)

    def intersection(self, other: AddressSet) -> AddressSet:
        self._check(other)
        return AddressSet(self.bits, tuple(_intersect(self.intervals, other.intervals)))

    def complement(self) -> AddressSet:
        return AddressSet(self.bits, tuple(_complement(self.intervals, self.bits)))

    def difference(self, other: AddressSet) -> AddressSet:
        return self.intersection(other.complement())

    __or__ = union
    __and__ = intersection
    __sub__ = difference
    __invert__ = complement

    # -- queries -------------------------------------------------------------------------

    @property
    def family(self) -> Optional[int]:
        """4, 6, or None for abstract widths."""
        return {IPV4_BITS: 4, IPV6_BITS: 6}.get(self.bits)

    @property
    def size(self) -> int:
        """Number of addresses."""
        return sum(end - start for start, end in self.intervals)

    @property
    def is_empty(self) -> bool:
        return not self.intervals

    @property
    def is_full(self) -> bool:
        return self.intervals == ((0, 1 << self.bits),)

    def __bool__(self) -> bool:
        return bool(self.intervals)

    def issubset(self, other: AddressSet) -> bool:
        return (self - other).is_empty

    def __contains__(self, address: object) -> bool:
        value = self._address_value(address)
        if value is None:
            return False
        index = bisect_right(self.intervals, value, key=lambda interval: interval[0]) - 1
        return index >= 0 and self.intervals[index][0] <= value < self.intervals[index][1]

    def _address_value(self, address: object) -> Optional[int]:
        if isinstance(address, int) and not isinstance(address, bool):
            return address
        if isinstance(address, str):
            try:
                address = ipaddress.ip_address(address)
            except ValueError:
                return None
        if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            return int(address) if address.version == self.family else None
        return None

    def cidrs(self) -> Iterator[tuple[int, int]]:
        """Minimal covering prefixes as ``(network_int, prefix_length)``, in address order."""
        for start, end in self.intervals:
            yield from _interval_to_prefixes(start, end, self.bits)

    def networks(self) -> Iterator[Network]:
        """The minimal covering prefixes as ``ipaddress`` networks (IPv4/IPv6 widths only)."""
        if self.family is None:
            raise ValueError("networks() needs a 32- or 128-bit set")
        make = ipaddress.IPv4Network if self.family == 4 else ipaddress.IPv6Network
        for start, length in self.cidrs():
            yield make((start, length))

    def __str__(self) -> str:
        if self.family is None:
            return ", ".join(f"{start}/{length}" for start, length in self.cidrs()) or "(empty)"
        return ", ".join(str(n) for n in self.networks()) or "(empty)"


def _empty_v4() -> AddressSet:
    return AddressSet.empty(IPV4_BITS)


def _empty_v6() -> AddressSet:
    return AddressSet.empty(IPV6_BITS)


# ---------------------------------------------------------------------------------------------
# IpSet: both families
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IpSet:
    """IPv4 and IPv6 address sets kept side by side; operators act per family."""

    v4: AddressSet = field(default_factory=_empty_v4)
    v6: AddressSet = field(default_factory=_empty_v6)

    def __post_init__(self) -> None:
        if self.v4.bits != IPV4_BITS or self.v6.bits != IPV6_BITS:
            raise ValueError("IpSet needs a 32-bit v4 and a 128-bit v6 set")

    @classmethod
    def empty(cls) -> IpSet:
        return cls()

    @classmethod
    def everything(cls) -> IpSet:
        return cls(AddressSet.full(IPV4_BITS), AddressSet.full(IPV6_BITS))

    @classmethod
    def from_networks(cls, networks: Iterable[Network]) -> IpSet:
        networks = list(networks)
        return cls(
            AddressSet.from_networks([n for n in networks if n.version == 4], 4),
            AddressSet.from_networks([n for n in networks if n.version == 6], 6),
        )

    @classmethod
    def of(cls, *cidrs: str) -> IpSet:
        """Strict convenience constructor: ``IpSet.of("10.0.0.0/8", "fc00::/7")``."""
        return cls.from_networks(ipaddress.ip_network(c, strict=False) for c in cidrs)

    def family(self, version: int) -> AddressSet:
        return self.v4 if version == 4 else self.v6

    def union(self, other: IpSet) -> IpSet:
        return IpSet(self.v4 | other.v4, self.v6 | other.v6)

    def intersection(self, other: IpSet) -> IpSet:
        return IpSet(self.v4 & other.v4, self.v6 & other.v6)

    def difference(self, other: IpSet) -> IpSet:
        return IpSet(self.v4 - other.v4, self.v6 - other.v6)

    def complement(self) -> IpSet:
        return IpSet(~self.v4, ~self.v6)

    __or__ = union
    __and__ = intersection
    __sub__ = difference
    __invert__ = complement

    @property
    def is_empty(self) -> bool:
        return self.v4.is_empty and self.v6.is_empty

    @property
    def is_full(self) -> bool:
        return self.v4.is_full and self.v6.is_full

    def __bool__(self) -> bool:
        return not self.is_empty

    def issubset(self, other: IpSet) -> bool:
        return self.v4.issubset(other.v4) and self.v6.issubset(other.v6)

    def __contains__(self, address: object) -> bool:
        return address in self.v4 or address in self.v6

    def networks(self) -> Iterator[Network]:
        yield from self.v4.networks()
        yield from self.v6.networks()

    def __str__(self) -> str:
        return ", ".join(str(n) for n in self.networks()) or "(empty)"


# ---------------------------------------------------------------------------------------------
# Tolerant CIDR parsing
# ---------------------------------------------------------------------------------------------

# Problem codes reported by parse_cidr.
NOT_A_STRING = "not-a-string"
MALFORMED = "malformed"
WHITESPACE = "whitespace"
LEADING_ZEROS = "leading-zeros"
NO_PREFIX = "no-prefix"
HOST_BITS = "host-bits"
IPV4_MAPPED = "ipv4-mapped"


@dataclass(frozen=True)
class CidrProblem:
    code: str
    message: str


@dataclass(frozen=True)
class ParsedCidr:
    """What a CIDR value in a policy means. ``network`` is None when it means nothing."""

    value: object
    network: Optional[Network]
    problems: tuple[CidrProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.network is not None

    @property
    def version(self) -> Optional[int]:
        return self.network.version if self.network is not None else None

    def as_ipset(self) -> IpSet:
        return IpSet.from_networks([self.network] if self.network is not None else [])

    def has(self, code: str) -> bool:
        return any(p.code == code for p in self.problems)


_IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
_DIGITS = re.compile(r"[0-9]+")


def parse_cidr(value: object) -> ParsedCidr:
    """Parse an ``aws:SourceIp``-style value the way IAM reads it; never raises.

    IAM facts used (research doc §A6/§A7): an address without a prefix means /32 (and, by the
    same rule, /128 for IPv6); host bits after the prefix are ignored (Access Analyzer's
    "Improve IP range"); only standard CIDR is accepted, so netmask notation is malformed.
    Leading zeros in IPv4 octets are reported and read as decimal.
    """
    if not isinstance(value, str):
        return _bad(value, NOT_A_STRING, f"{value!r} is not a string")
    problems: list[CidrProblem] = []
    text = value.strip()
    if text != value:
        problems.append(CidrProblem(WHITESPACE, f"{value!r} has surrounding whitespace"))
    if not text:
        return _bad(value, MALFORMED, "empty IP range")
    address_text, slash, prefix_text = text.partition("/")
    if "%" in address_text:
        return _bad(value, MALFORMED, f"{text!r}: zone indexes (%) are not allowed in CIDRs")
    if ":" in address_text:
        address = _parse_ipv6(address_text)
    else:
        address = _parse_ipv4(address_text, problems)
    if address is None:
        return _bad(value, MALFORMED, f"{text!r} is not an IPv4 or IPv6 address/CIDR")
    max_length = address.max_prefixlen
    if not slash:
        problems.append(
            CidrProblem(NO_PREFIX, f"{text!r} has no /prefix; IAM treats it as /{max_length}")
        )
        length = max_length
    elif _DIGITS.fullmatch(prefix_text) and int(prefix_text) <= max_length:
        length = int(prefix_text)
    else:
        return _bad(value, MALFORMED, f"{text!r}: prefix must be a number from 0 to {max_length}")
    network = ipaddress.ip_network((address, length), strict=False)
    if network.network_address != address:
        problems.append(
            CidrProblem(
                HOST_BITS,
                f"{text!r} has host bits set; IAM ignores them, so it means {network}",
            )
        )
    if network.version == 6 and network.subnet_of(_IPV4_MAPPED):  # type: ignore[arg-type]
        problems.append(
            CidrProblem(
                IPV4_MAPPED,
                f"{text!r} is an IPv4-mapped IPv6 range; write the IPv4 form "
                "(it is kept as IPv6 here: AWS documents no mapping for it)",
            )
        )
    return ParsedCidr(value, network, tuple(problems))


def _bad(value: object, code: str, message: str) -> ParsedCidr:
    return ParsedCidr(value, None, (CidrProblem(code, message),))


def _parse_ipv4(text: str, problems: list[CidrProblem]) -> Optional[ipaddress.IPv4Address]:
    octets = text.split(".")
    if len(octets) != 4 or not all(_DIGITS.fullmatch(o) for o in octets):
        return None
    numbers = [int(o) for o in octets]
    if any(n > 255 for n in numbers):
        return None
    if any(len(o) > 1 and o.startswith("0") for o in octets):
        # Some parsers read these as octal; Python's ipaddress rejects them (research §A6).
        problems.append(
            CidrProblem(
                LEADING_ZEROS,
                f"{text!r} has leading zeros in an IPv4 octet, which some parsers read as "
                f"octal; read here as decimal {'.'.join(map(str, numbers))}",
            )
        )
    return ipaddress.IPv4Address(".".join(map(str, numbers)))


def _parse_ipv6(text: str) -> Optional[ipaddress.IPv6Address]:
    try:
        return ipaddress.IPv6Address(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# IANA special-purpose address registries
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecialBlock:
    cidr: str
    name: str
    reference: str
    # The registry's "Globally Reachable" column; None where it says N/A (deprecated blocks).
    globally_reachable: Optional[bool]

    @property
    def network(self) -> Network:
        return ipaddress.ip_network(self.cidr)


# Source: IANA IPv4 Special-Purpose Address Registry,
# https://www.iana.org/assignments/iana-ipv4-special-registry/ (content as of 2025-10).
IPV4_SPECIAL_PURPOSE: tuple[SpecialBlock, ...] = (
    SpecialBlock("0.0.0.0/8", '"This network"', "RFC 791", False),
    SpecialBlock("0.0.0.0/32", '"This host on this network"', "RFC 1122", False),
    SpecialBlock("10.0.0.0/8", "Private-Use", "RFC 1918", False),
    SpecialBlock("100.64.0.0/10", "Shared Address Space", "RFC 6598", False),
    SpecialBlock("127.0.0.0/8", "Loopback", "RFC 1122", False),
    SpecialBlock("169.254.0.0/16", "Link Local", "RFC 3927", False),
    SpecialBlock("172.16.0.0/12", "Private-Use", "RFC 1918", False),
    SpecialBlock("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890", False),
    SpecialBlock("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", False),
    SpecialBlock("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", False),
    SpecialBlock("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", True),
    SpecialBlock("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", True),
    SpecialBlock("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880", False),
    SpecialBlock("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880", False),
    SpecialBlock("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", False),
    SpecialBlock("192.31.196.0/24", "AS112-v4", "RFC 7535", True),
    SpecialBlock("192.52.193.0/24", "AMT", "RFC 7450", True),
    SpecialBlock("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", None),
    SpecialBlock("192.88.99.2/32", "6a44-relay anycast address", "RFC 6751", False),
    SpecialBlock("192.168.0.0/16", "Private-Use", "RFC 1918", False),
    SpecialBlock("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", True),
    SpecialBlock("198.18.0.0/15", "Benchmarking", "RFC 2544", False),
    SpecialBlock("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", False),
    SpecialBlock("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", False),
    SpecialBlock("240.0.0.0/4", "Reserved", "RFC 1112", False),
    SpecialBlock("255.255.255.255/32", "Limited Broadcast", "RFC 8190", False),
)

# Source: IANA IPv6 Special-Purpose Address Registry,
# https://www.iana.org/assignments/iana-ipv6-special-registry/ (content as of 2025-10).
IPV6_SPECIAL_PURPOSE: tuple[SpecialBlock, ...] = (
    SpecialBlock("::1/128", "Loopback Address", "RFC 4291", False),
    SpecialBlock("::/128", "Unspecified Address", "RFC 4291", False),
    SpecialBlock("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", False),
    SpecialBlock("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", True),
    SpecialBlock("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", False),
    SpecialBlock("100::/64", "Discard-Only Address Block", "RFC 6666", False),
    SpecialBlock("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", False),
    SpecialBlock("2001::/23", "IETF Protocol Assignments", "RFC 2928", False),
    SpecialBlock("2001::/32", "TEREDO", "RFC 4380", None),
    SpecialBlock("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", True),
    SpecialBlock("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", True),
    SpecialBlock("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", True),
    SpecialBlock("2001:2::/48", "Benchmarking", "RFC 5180", False),
    SpecialBlock("2001:3::/32", "AMT", "RFC 7450", True),
    SpecialBlock("2001:4:112::/48", "AS112-v6", "RFC 7535", True),
    SpecialBlock("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", None),
    SpecialBlock("2001:20::/28", "ORCHIDv2", "RFC 7343", True),
    SpecialBlock("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", True),
    SpecialBlock("2001:db8::/32", "Documentation", "RFC 3849", False),
    SpecialBlock("2002::/16", "6to4", "RFC 3056", None),
    SpecialBlock("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", True),
    SpecialBlock("3fff::/20", "Documentation", "RFC 9637", False),
    SpecialBlock("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", False),
    SpecialBlock("fc00::/7", "Unique-Local", "RFC 4193", False),
    SpecialBlock("fe80::/10", "Link-Local Unicast", "RFC 4291", False),
)

# Not in the special-purpose registries, but never a source address of a request:
# - IPv4 multicast (IANA IPv4 Multicast Address Space registry, RFC 5771);
# - for IPv6, everything outside Global Unicast 2000::/3 (IANA IPv6 Address Space registry),
#   which is what the research doc (§A6) prescribes as the base of public IPv6 space.
IPV4_MULTICAST = SpecialBlock("224.0.0.0/4", "Multicast", "RFC 5771", False)
IPV6_GLOBAL_UNICAST = "2000::/3"
IPV6_NOT_GLOBAL_UNICAST = SpecialBlock(
    "::/0", "Outside Global Unicast 2000::/3", "IANA IPv6 Address Space", False
)


def _public_space(base: AddressSet, blocks: Iterable[SpecialBlock]) -> AddressSet:
    """Base space with the registry applied; the most specific entry decides.

    Blocks are applied from the shortest prefix to the longest, so e.g. 192.0.0.9/32 (globally
    reachable) is put back after 192.0.0.0/24 (not reachable) was removed. N/A counts as not
    reachable: those blocks are deprecated relays, not client addresses.
    """
    public = base
    for block in sorted(blocks, key=lambda b: b.network.prefixlen):
        block_set = AddressSet.from_networks([block.network], block.network.version)
        public = public | block_set if block.globally_reachable else public - block_set
    return public & base


PUBLIC_V4: AddressSet = _public_space(
    AddressSet.full(IPV4_BITS), IPV4_SPECIAL_PURPOSE
) - AddressSet.of(IPV4_MULTICAST.cidr)
PUBLIC_V6: AddressSet = _public_space(AddressSet.of(IPV6_GLOBAL_UNICAST), IPV6_SPECIAL_PURPOSE)
PUBLIC = IpSet(PUBLIC_V4, PUBLIC_V6)


def _public_for(addresses: AddressSet) -> AddressSet:
    if addresses.family == 4:
        return PUBLIC_V4
    if addresses.family == 6:
        return PUBLIC_V6
    raise ValueError("public space is defined for IPv4 and IPv6 sets only")


def public_share(addresses: AddressSet) -> float:
    """Fraction (0.0-1.0) of the family's public space that ``addresses`` covers."""
    public = _public_for(addresses)
    return (addresses & public).size / public.size


def non_public_part(addresses: Union[AddressSet, IpSet]) -> Union[AddressSet, IpSet]:
    """The addresses that are not globally reachable (private, loopback, link-local, ULA...)."""
    if isinstance(addresses, IpSet):
        return addresses - PUBLIC
    return addresses - _public_for(addresses)


def has_non_public(addresses: Union[AddressSet, IpSet]) -> bool:
    return not non_public_part(addresses).is_empty


def special_blocks_in(addresses: Union[AddressSet, IpSet]) -> list[SpecialBlock]:
    """Special-purpose blocks whose non-public addresses overlap ``addresses`` (for messages)."""
    if isinstance(addresses, IpSet):
        return special_blocks_in(addresses.v4) + special_blocks_in(addresses.v6)
    if addresses.family == 4:
        table = IPV4_SPECIAL_PURPOSE + (IPV4_MULTICAST,)
    else:
        table = IPV6_SPECIAL_PURPOSE
    hidden = non_public_part(addresses)
    found = [
        block
        for block in table
        if block.globally_reachable is not True
        and not (hidden & AddressSet.of(block.cidr)).is_empty
    ]
    if addresses.family == 6:
        listed = AddressSet.of(*(b.cidr for b in found)) if found else AddressSet.empty(IPV6_BITS)
        if not (hidden - listed - AddressSet.of(IPV6_GLOBAL_UNICAST)).is_empty:
            found.append(IPV6_NOT_GLOBAL_UNICAST)
    return found


# ---------------------------------------------------------------------------------------------
# Text for messages
# ---------------------------------------------------------------------------------------------


def format_count(count: int) -> str:
    """``2,147,483,648`` for IPv4-sized numbers; ``2^64`` or ``1.84e+19`` for huge ones."""
    if count < 1 << 40:
        return f"{count:,}"
    if count & (count - 1) == 0:
        return f"2^{count.bit_length() - 1}"
    return f"{count:.3g}"


def format_percent(share: float) -> str:
    """``57.8%``, ``<0.01%``, ``>99.99%``; never rounds a non-zero share to 0 or 100."""
    percent = share * 100
    if percent == 0 or percent == 100:
        return f"{percent:.0f}%"
    if percent < 0.01:
        return "<0.01%"
    if percent > 99.99:
        return ">99.99%"
    return f"{percent:.2f}".rstrip("0").rstrip(".") + "%"


def describe(addresses: AddressSet) -> str:
    """E.g. ``"2,147,483,648 IPv4 addresses (57.8% of public space)"``."""
    family = f"IPv{addresses.family}" if addresses.family else f"{addresses.bits}-bit"
    count = addresses.size
    noun = "address" if count == 1 else "addresses"
    text = f"{format_count(count)} {family} {noun}"
    if addresses.family:
        text += f" ({format_percent(public_share(addresses))} of public space)"
    return text


def format_cidrs(addresses: Union[AddressSet, IpSet], limit: int = 5) -> str:
    """``"10.0.0.0/8, 192.168.0.0/16 and 3 more"``; ``"nothing"`` when empty."""
    names = [str(n) for n in addresses.networks()]
    if not names:
        return "nothing"
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
