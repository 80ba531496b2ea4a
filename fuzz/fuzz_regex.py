"""Random patterns into the Java-dialect regex analyser (and matching a token with it)."""

import sys

import atheris

if True:  # imported first, then instrumented: see atheris.instrument_all() below
    import common  # noqa: F401
    from gwlint.analysis import java_regex


def test_one_input(raw: bytes) -> None:
    provider = atheris.FuzzedDataProvider(raw)
    pattern = provider.ConsumeUnicodeNoSurrogates(200)
    java_regex.analyze(pattern)
    java_regex.matches(pattern, provider.ConsumeUnicodeNoSurrogates(40))


if __name__ == "__main__":
    atheris.instrument_all()  # every loaded module, gwlint included (instrument_imports missed the editable install)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
