"""Random YAML text through the whole check: loaders, classification, model, every rule."""

import sys

import atheris

if True:  # imported first, then instrumented: see atheris.instrument_all() below
    import common  # noqa: F401
    from gwlint.engine import Options, check_documents
    from gwlint.loaders import decode, parse_text
    from gwlint.registry import load_rules
    from gwlint.source import InputError

OPTIONS = Options(rules=dict(load_rules()), max_file_size=10_000_000)


def test_one_input(raw: bytes) -> None:
    try:
        document = parse_text("fuzz.yaml", decode(raw))
    except InputError:
        return
    if document.kind == "unknown":
        return
    for finding in check_documents([document], OPTIONS):
        if finding.rule_id == "GW003":
            raise RuntimeError(finding.message)


if __name__ == "__main__":
    atheris.instrument_all()  # every loaded module, gwlint included (instrument_imports missed the editable install)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
