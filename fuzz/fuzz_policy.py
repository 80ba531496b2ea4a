"""Structured random policy documents (grammar-driven from the fuzzer's bytes) and CIDR strings
into the policy evaluator."""

import sys

import atheris

if True:  # imported first, then instrumented: see atheris.instrument_all() below
    import common  # noqa: F401
    from gwlint.analysis import cidr, iam_policy

OPERATORS = ["IpAddress", "NotIpAddress", "IpAddressIfExists", "StringEquals", "StringNotEquals",
             "StringLike", "ForAnyValue:IpAddress", "ForAllValues:NotIpAddress", "Null", "ArnLike", "Bogus"]
KEYS = ["aws:SourceIp", "aws:VpcSourceIp", "aws:SourceVpc", "aws:SourceVpce", "aws:PrincipalAccount",
        "aws:Referer", "execute-api:Foo", "AWS:SOURCEIP"]
CIDRS = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "203.0.113.5/24", "::/0", "2001:db8::/32",
         "1.2.3.4", "300.1.1.1/8", "::ffff:1.2.3.4/128", "", "vpc-123", "vpce-1"]
RESOURCES = ["execute-api:/*", "execute-api:/prod/GET/pets", "arn:aws:execute-api:*:*:*/*/*/*", "*",
             "execute-api:/*/POST/{id}", 7]


def value(provider, choices):
    if provider.ConsumeIntInRange(0, 9) == 0:
        return provider.ConsumeUnicodeNoSurrogates(12)
    return choices[provider.ConsumeIntInRange(0, len(choices) - 1)]


def some(provider, choices):
    if provider.ConsumeBool():
        return value(provider, choices)
    return [value(provider, choices) for _ in range(provider.ConsumeIntInRange(0, 4))]


def statement(provider):
    result = {"Effect": value(provider, ["Allow", "Deny", "allow", None]),
              "Principal": value(provider, ["*", {"AWS": "*"}, {"AWS": ["123456789012"]}, {"Service": "x"}, 3]),
              "Action": some(provider, ["execute-api:Invoke", "execute-api:*", "*", "s3:GetObject"]),
              "Resource": some(provider, RESOURCES)}
    if provider.ConsumeBool():
        result["Condition"] = {value(provider, OPERATORS): {value(provider, KEYS): some(provider, CIDRS)}
                               for _ in range(provider.ConsumeIntInRange(0, 3))}
    if provider.ConsumeIntInRange(0, 5) == 0:
        result["NotPrincipal"] = result.pop("Principal")
    return result


def test_one_input(raw: bytes) -> None:
    provider = atheris.FuzzedDataProvider(raw)
    cidr.parse_cidr(provider.ConsumeUnicodeNoSurrogates(40))
    document = {"Version": "2012-10-17",
                "Statement": [statement(provider) for _ in range(provider.ConsumeIntInRange(0, 5))]}
    if provider.ConsumeIntInRange(0, 7) == 0:
        document["Statement"] = statement(provider)
    policy = iam_policy.parse_policy(document)
    for endpoint in ("REGIONAL", "PRIVATE", "EDGE"):
        access = iam_policy.evaluate(policy, iam_policy.RequestContext(endpoint_type=endpoint))
        cidr.describe(access.may_invoke.v4) if hasattr(access.may_invoke, "v4") else None
    iam_policy.find_issues(policy)


if __name__ == "__main__":
    atheris.instrument_all()  # every loaded module, gwlint included (instrument_imports missed the editable install)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
