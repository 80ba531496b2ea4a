"""Random JSON-ish policy documents and CIDR strings into the policy evaluator."""

import json
import sys

import atheris

with atheris.instrument_imports():
    import common  # noqa: F401
    from gwlint.analysis import cidr, iam_policy


def test_one_input(raw: bytes) -> None:
    provider = atheris.FuzzedDataProvider(raw)
    cidr.parse_cidr(provider.ConsumeUnicodeNoSurrogates(40))
    text = provider.ConsumeUnicodeNoSurrogates(2000)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        document = text
    policy = iam_policy.parse_policy(document)
    for endpoint in ("REGIONAL", "PRIVATE"):
        iam_policy.evaluate(policy, iam_policy.RequestContext(endpoint_type=endpoint))
    iam_policy.find_issues(policy)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
