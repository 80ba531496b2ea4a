"""Random bytes into decode + the YAML and JSON loaders, and positions for every path."""

import sys

import atheris

if True:  # imported first, then instrumented: see atheris.instrument_all() below
    import common  # noqa: F401
    from gwlint.loaders import decode, parse_text
    from gwlint.source import InputError


def walk(data, path, document, budget=[0]):
    if isinstance(data, dict):
        for key, value in data.items():
            walk(value, path + (key,), document)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            walk(value, path + (index,), document)
    document.locate(path)


def test_one_input(raw: bytes) -> None:
    for name in ("fuzz.yaml", "fuzz.json"):
        try:
            document = parse_text(name, decode(raw))
        except InputError:
            continue
        walk(document.data, (), document)


if __name__ == "__main__":
    atheris.instrument_all()  # every loaded module, gwlint included (instrument_imports missed the editable install)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
