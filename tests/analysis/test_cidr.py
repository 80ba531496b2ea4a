"""Tests for gwlint.analysis.cidr: interval arithmetic, parsing, IANA tables, formatting."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwlint.analysis.cidr import (
    HOST_BITS,
    IPV4_MAPPED,
    LEADING_ZEROS,
    MALFORMED,
    NO_PREFIX,
    NOT_A_STRING,
    PUBLIC_V4,
    PUBLIC_V6,
    WHITESPACE,
    AddressSet,
    IpSet,
    describe,
    format_cidrs,
    format_percent,
    has_non_public,
    non_public_part,
    parse_cidr,
    public_share,
    special_blocks_in,
)

# No example database: other engineers share this checkout, and runs must be deterministic.
FAST = settings(max_examples=150, deadline=None, database=None)

# ---------------------------------------------------------------------------------------------
# Brute force on a small address space: every set is a Python set of ints.
# ---------------------------------------------------------------------------------------------

SMALL_BITS = 6
SMALL_LIMIT = 1 << SMALL_BITS

small_intervals = st.lists(
    st.tuples(st.integers(0, SMALL_LIMIT), st.integers(0, SMALL_LIMIT)).map(lambda t: (min(t), max(t))),
    max_size=6,
)


def small_set(intervals) -> AddressSet:
    return AddressSet(SMALL_BITS, tuple(intervals))


def members(intervals) -> set[int]:
    return {a for start, end in intervals for a in range(start, end)}


def as_python_set(addresses: AddressSet) -> set[int]:
    return {a for a in range(1 << addresses.bits) if a in addresses}


@FAST
@given(small_intervals, small_intervals)
def test_set_algebra_matches_brute_force(a, b):
    left, right = small_set(a), small_set(b)
    universe = set(range(SMALL_LIMIT))
    assert as_python_set(left) == members(a)
    assert as_python_set(left | right) == members(a) | members(b)
    assert as_python_set(left & right) == members(a) & members(b)
    assert as_python_set(left - right) == members(a) - members(b)
    assert as_python_set(~left) == universe - members(a)
    assert (left | right).size == len(members(a) | members(b))
    assert left.is_empty == (not members(a))
    assert left.is_full == (members(a) == universe)
    assert left.issubset(right) == (members(a) <= members(b))


@FAST
@given(small_intervals, small_intervals)
def test_equal_sets_are_equal_values(a, b):
    assert (small_set(a) == small_set(b)) == (members(a) == members(b))


@FAST
@given(small_intervals)
def test_intervals_are_sorted_merged_and_disjoint(a):
    intervals = small_set(a).intervals
    for (s1, e1), (s2, e2) in zip(intervals, intervals[1:]):
        assert s1 < e1 < s2 < e2  # strictly apart: touching intervals were merged


@FAST
@given(small_intervals)
def test_covering_cidrs_are_exact_aligned_and_maximal(a):
    addresses = small_set(a)
    covered: list[int] = []
    for start, length in addresses.cidrs():
        size = 1 << (SMALL_BITS - length)
        assert start % size == 0  # aligned
        covered.extend(range(start, start + size))
        if length > 0:
            # Maximal: the enclosing block one bit shorter is not inside the set, so no two
            # blocks could have been merged and the list is the minimal prefix cover.
            parent = start - start % (size * 2)
            assert not set(range(parent, parent + 2 * size)) <= members(a)
    assert sorted(covered) == sorted(members(a))
    assert len(covered) == len(set(covered))


def test_full_space_is_one_prefix():
    assert list(AddressSet.full(SMALL_BITS).cidrs()) == [(0, 0)]
    assert list(AddressSet.full(32).networks()) == [ipaddress.ip_network("0.0.0.0/0")]


def test_from_prefixes_ignores_host_bits():
    assert AddressSet.from_prefixes(SMALL_BITS, [(5, 4)]) == small_set([(4, 8)])


def test_invalid_interval_is_rejected():
    with pytest.raises(ValueError):
        AddressSet(SMALL_BITS, ((0, SMALL_LIMIT + 1),))


def test_mixing_widths_is_rejected():
    with pytest.raises(TypeError):
        AddressSet.full(32) | AddressSet.full(128)


# ---------------------------------------------------------------------------------------------
# Against ipaddress on random real networks
# ---------------------------------------------------------------------------------------------


def networks_of(version: int):
    bits = 32 if version == 4 else 128
    make = ipaddress.IPv4Network if version == 4 else ipaddress.IPv6Network
    # Bias towards short and long prefixes so that overlaps actually happen.
    lengths = st.one_of(st.integers(0, bits), st.integers(0, 12), st.integers(bits - 8, bits))
    return st.builds(
        lambda address, length: make((address, length), strict=False),
        st.integers(0, (1 << bits) - 1),
        lengths,
    )


network_lists = st.sampled_from([4, 6]).flatmap(
    lambda v: st.tuples(st.just(v), st.lists(networks_of(v), max_size=5), st.lists(networks_of(v), max_size=5))
)


def ip_intersection(a, b):
    out = []
    for x in a:
        for y in b:
            if x.overlaps(y):
                out.append(x if x.prefixlen >= y.prefixlen else y)
    return list(ipaddress.collapse_addresses(out))


def ip_difference(a, b):
    remaining = list(ipaddress.collapse_addresses(a))
    for y in b:
        next_remaining = []
        for x in remaining:
            if not x.overlaps(y):
                next_remaining.append(x)
            elif x.subnet_of(y):
                continue
            else:  # y inside x
                next_remaining.extend(x.address_exclude(y))
        remaining = next_remaining
    return list(ipaddress.collapse_addresses(remaining))


@FAST
@given(network_lists)
def test_against_ipaddress(case):
    version, a, b = case
    left, right = AddressSet.from_networks(a, version), AddressSet.from_networks(b, version)
    assert list(left.networks()) == list(ipaddress.collapse_addresses(a))
    assert list((left | right).networks()) == list(ipaddress.collapse_addresses(a + b))
    assert list((left & right).networks()) == ip_intersection(a, b)
    assert list((left - right).networks()) == ip_difference(a, b)
    assert left.size == sum(n.num_addresses for n in ipaddress.collapse_addresses(a))


@FAST
@given(network_lists, st.integers(min_value=0))
def test_membership_against_ipaddress(case, seed):
    version, a, _ = case
    addresses = AddressSet.from_networks(a, version)
    bits = 32 if version == 4 else 128
    probes = [seed % (1 << bits)] + [int(n.network_address) for n in a] + [int(n.broadcast_address) + 1 for n in a]
    for probe in probes:
        if probe >= 1 << bits:
            continue
        address = ipaddress.ip_address(probe) if version == 4 else ipaddress.IPv6Address(probe)
        assert (address in addresses) == any(address in n for n in a)
        assert (str(address) in addresses) == any(address in n for n in a)


def test_ipset_keeps_families_apart():
    both = IpSet.of("10.0.0.0/8", "2001:db8::/32")
    assert "10.1.2.3" in both and "2001:db8::1" in both
    assert "11.0.0.0" not in both and "::1" not in both
    assert (both - IpSet.of("10.0.0.0/9")) == IpSet.of("10.128.0.0/9", "2001:db8::/32")
    assert (~IpSet.empty()).is_full
    assert str(IpSet.of("10.0.0.0/9", "10.128.0.0/9")) == "10.0.0.0/8"
    assert AddressSet.of("0.0.0.0/1", "128.0.0.0/1").is_full


# ---------------------------------------------------------------------------------------------
# parse_cidr
# ---------------------------------------------------------------------------------------------


def codes(parsed):
    return [p.code for p in parsed.problems]


def test_host_bits_say_which_network_is_meant():
    parsed = parse_cidr("203.0.113.5/24")
    assert parsed.network == ipaddress.ip_network("203.0.113.0/24")
    assert codes(parsed) == [HOST_BITS]
    assert "203.0.113.0/24" in parsed.problems[0].message


def test_address_without_prefix_is_host_route():
    assert parse_cidr("198.51.100.7").network == ipaddress.ip_network("198.51.100.7/32")
    assert codes(parse_cidr("198.51.100.7")) == [NO_PREFIX]
    assert parse_cidr("2001:db8::1").network == ipaddress.ip_network("2001:db8::1/128")


@pytest.mark.parametrize(
    "value",
    ["", "abc", "999.1.1.1/8", "10.0.0.0/33", "1.2.3.4/255.0.0.0", "1.2.3/24", "::/129", "fe80::1%eth0",
     "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/8/8", "10.0.0.0/ 8"],
)
def test_malformed_values_have_no_network(value):
    parsed = parse_cidr(value)
    assert parsed.network is None and not parsed.ok
    assert codes(parsed) == [MALFORMED]


@pytest.mark.parametrize("value", [None, 5, True, ["10.0.0.0/8"], {"a": 1}])
def test_non_strings(value):
    assert codes(parse_cidr(value)) == [NOT_A_STRING]


def test_leading_zeros_are_reported_and_read_as_decimal():
    parsed = parse_cidr("010.0.0.0/8")
    assert parsed.network == ipaddress.ip_network("10.0.0.0/8")
    assert codes(parsed) == [LEADING_ZEROS]


def test_whitespace_is_reported():
    parsed = parse_cidr(" 10.0.0.0/8 ")
    assert parsed.network == ipaddress.ip_network("10.0.0.0/8")
    assert codes(parsed) == [WHITESPACE]


def test_ipv4_mapped_ipv6_is_reported_and_stays_ipv6():
    parsed = parse_cidr("::ffff:203.0.113.0/120")
    assert parsed.version == 6
    assert codes(parsed) == [IPV4_MAPPED]
    assert codes(parse_cidr("::/0")) == []


def test_clean_values_have_no_problems():
    for value in ("0.0.0.0/0", "::/0", "10.0.0.0/8", "2001:db8::/32", "192.0.2.1/32"):
        parsed = parse_cidr(value)
        assert parsed.ok and codes(parsed) == []
        assert parsed.as_ipset() == IpSet.of(value)


@FAST
@given(st.one_of(st.text(max_size=40), st.text(alphabet="0123456789abcdef:./% ", max_size=45)))
def test_parse_never_raises_and_agrees_with_ipaddress(text):
    parsed = parse_cidr(text)
    try:
        expected = ipaddress.ip_network(text, strict=False)
    except ValueError:
        expected = None
    if expected is not None and "/" in text and not any(c.isspace() for c in text):
        prefix = text.rsplit("/", 1)[1]
        if prefix.isdigit():  # ipaddress also accepts netmask notation, IAM does not
            assert parsed.network == expected
    if parsed.ok:
        assert parsed.network.version in (4, 6)


@FAST
@given(st.sampled_from([4, 6]).flatmap(networks_of))
def test_round_trip_of_valid_networks(network):
    parsed = parse_cidr(str(network))
    assert parsed.network == network
    mapped = network.version == 6 and network.subnet_of(ipaddress.ip_network("::ffff:0:0/96"))
    assert codes(parsed) == ([IPV4_MAPPED] if mapped else [])


# ---------------------------------------------------------------------------------------------
# IANA tables and public space
# ---------------------------------------------------------------------------------------------

# Non-public IPv4 written out by hand from the registry (plus multicast), to check the
# most-specific-wins construction of PUBLIC_V4.
EXPECTED_NON_PUBLIC_V4 = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/29", "192.0.0.8/32", "192.0.0.11/32", "192.0.0.12/30", "192.0.0.16/28",
    "192.0.0.32/27", "192.0.0.64/26", "192.0.0.128/25", "192.0.2.0/24", "192.88.99.0/24",
    "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
]


def test_public_v4_is_everything_but_the_special_blocks():
    assert ~PUBLIC_V4 == AddressSet.of(*EXPECTED_NON_PUBLIC_V4)
    assert PUBLIC_V4.size == 3_702_258_434


@pytest.mark.parametrize(
    "address, public",
    [
        ("8.8.8.8", True), ("192.0.0.9", True), ("192.0.0.10", True), ("192.31.196.1", True),
        ("10.1.2.3", False), ("172.31.255.255", False), ("172.32.0.0", True), ("192.0.0.8", False),
        ("100.64.0.1", False), ("169.254.169.254", False), ("239.1.1.1", False), ("255.255.255.255", False),
        ("2600:1f18::1", True), ("2001:20::1", True), ("2001:1::1", True), ("2001:4:112::1", True),
        ("2001:db8::1", False), ("3fff::1", False), ("fc00::1", False), ("fd12::1", False),
        ("fe80::1", False), ("::1", False), ("::ffff:8.8.8.8", False), ("2002::1", False),
        ("2001::1", False), ("2001:2::1", False), ("5f00::1", False), ("64:ff9b::8.8.8.8", False),
        ("ff02::1", False), ("4000::1", False),
    ],
)
def test_public_membership(address, public):
    assert (address in PUBLIC_V4 or address in PUBLIC_V6) == public


def test_public_share():
    assert public_share(AddressSet.of("0.0.0.0/0")) == 1.0
    assert public_share(AddressSet.of("10.0.0.0/8")) == 0.0
    halves = public_share(AddressSet.of("0.0.0.0/1")) + public_share(AddressSet.of("128.0.0.0/1"))
    assert halves == pytest.approx(1.0)
    assert public_share(AddressSet.of("2000::/3")) == 1.0
    assert public_share(AddressSet.of("::/3")) == 0.0
    assert public_share(AddressSet.of("2000::/4")) == pytest.approx(0.5, abs=1e-3)


def test_non_public_detection_and_names():
    assert has_non_public(IpSet.of("8.8.8.0/24", "192.168.1.0/24"))
    assert not has_non_public(IpSet.of("8.8.8.0/24", "2600::/16"))
    assert non_public_part(IpSet.of("8.8.8.0/24", "192.168.1.0/24")) == IpSet.of("192.168.1.0/24")
    names = {b.name for b in special_blocks_in(IpSet.of("10.1.0.0/16", "fd00::/8", "fe80::/64", "::1"))}
    assert names == {"Private-Use", "Unique-Local", "Link-Local Unicast", "Loopback Address"}
    assert [b.cidr for b in special_blocks_in(AddressSet.of("4000::/8"))] == ["::/0"]


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------


def test_describe_messages():
    assert describe(AddressSet.of("203.0.113.0/24")) == "256 IPv4 addresses (0% of public space)"
    assert describe(AddressSet.of("8.8.8.8/32")) == "1 IPv4 address (<0.01% of public space)"
    assert describe(AddressSet.of("0.0.0.0/0")) == "4,294,967,296 IPv4 addresses (100% of public space)"
    assert describe(AddressSet.of("0.0.0.0/1")) == "2,147,483,648 IPv4 addresses (56.53% of public space)"
    assert describe(AddressSet.of("::/0")) == "2^128 IPv6 addresses (100% of public space)"


def test_format_percent_never_rounds_to_the_ends():
    assert format_percent(0.0) == "0%"
    assert format_percent(1.0) == "100%"
    assert format_percent(0.5) == "50%"
    assert format_percent(1e-9) == "<0.01%"
    assert format_percent(1 - 1e-9) == ">99.99%"


def test_format_cidrs():
    assert format_cidrs(IpSet.empty()) == "nothing"
    many = AddressSet.of(*(f"10.{i}.0.0/16" for i in range(0, 20, 2)))
    assert format_cidrs(many, limit=2) == "10.0.0.0/16, 10.2.0.0/16 and 8 more"
