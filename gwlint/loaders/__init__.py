"""Reading input files: bytes -> text -> plain data with positions -> a classified :class:`Document`."""

from __future__ import annotations

import codecs
import os
import stat

from gwlint.classify import classify
from gwlint.source import Document, InputError

#: Files larger than this are refused with a clear message (configurable: `max-file-size`).
DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024

JSON_SUFFIXES = (".json",)


def read_bytes(path: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """Read a regular file, refusing devices, FIFOs, directories and files over the size limit."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a FIFO, socket or device is never read)")
    if info.st_size > max_size:
        raise InputError(f"file is {info.st_size:,} bytes, over the {max_size:,}-byte limit (max-file-size)")
    try:
        with open(path, "rb") as handle:
            # Ask for the size stat gave, not the limit: read(n) allocates n bytes up front, and a
            # 10 MB buffer per file was a tenth of a whole corpus run. A file that grew since the
            # stat is read on, up to the limit.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(max(0, max_size + 1 - len(data)))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_size:
        raise InputError(f"file grew past the {max_size:,}-byte limit (max-file-size) while being read")
    return data


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is tolerated), or UTF-16/32 when a BOM says so. Binary input is refused."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} text at byte {exc.start}") from None
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise InputError(f"binary file (NUL byte at offset {offset}), not a YAML or JSON text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line) from None


def parse_text(path: str, text: str) -> Document:
    """Parse text as JSON or YAML by the file name, falling back where the other format fits."""
    from gwlint.loaders.json_loader import load_json
    from gwlint.loaders.yaml_loader import load_yaml

    if path.lower().endswith(JSON_SUFFIXES):
        data, positions, duplicates = load_json(text)
        fmt = "json"
    else:
        try:
            data, positions, duplicates = load_yaml(text)
            fmt = "yaml"
        except InputError as yaml_error:
            # JSON indented with tabs is valid JSON but not valid YAML.
            if not text.lstrip().startswith(("{", "[")):
                raise
            try:
                data, positions, duplicates = load_json(text)
            except InputError:
                raise yaml_error from None
            fmt = "json"
    document = Document(path=path, text=text, data=data, positions=positions, format=fmt,
                        duplicate_keys=duplicates)
    document.kind = classify(data)
    return document


def load_path(path: str, display: str | None = None, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Document:
    text = decode(read_bytes(path, max_size))
    return parse_text(display or path, text)
