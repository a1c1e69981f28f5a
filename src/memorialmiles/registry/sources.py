"""Opening a file someone uploaded: size limit, encoding, and a first check that it is CSV.

Registries export UTF-8 (often with a BOM, from Excel) or Windows-1252. Decoding strictly in
that order is right for real files: cp1252 text is almost never valid UTF-8, and the few bytes
cp1252 leaves undefined catch binary files. The whole file is decoded up front (it is capped at
`max_bytes`) so an encoding error stops the import before any row is written.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator

from .errors import RegistryError

_MAGIC = {
    b"PK\x03\x04": "a zip archive or an Excel workbook; save it as CSV",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word file; save it as CSV",
    b"\x1f\x8b": "a gzip archive",
}


def read_text(path: str | os.PathLike[str], max_bytes: int) -> tuple[str, str]:
    """The decoded text and the encoding's name; RegistryError if it is not a text file."""
    name = str(path)
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise RegistryError(name, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        with open(path, "rb") as handle:
            data = handle.read()  # read(max_bytes + 1) would allocate max_bytes up front
    except OSError as exc:
        raise RegistryError(name, f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise RegistryError(name, f"file is over the limit of {max_bytes:,} bytes")
    return decode_text(name, data)


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Bytes of a CSV from a stranger -> (text, encoding): UTF-8 with or without BOM, UTF-16,
    or Windows-1252; RegistryError naming `name` for anything that is not a text file."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise RegistryError(name, f"not a CSV file: it is {what}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(name, data, "utf-16"), "utf-16"
    if b"\x00" in data:
        raise RegistryError(name, "not a CSV file: it contains binary data (NUL bytes)")
    try:
        text, encoding = (
            data.decode("utf-8-sig"),
            "utf-8-sig" if data[:3] == b"\xef\xbb\xbf" else "utf-8",
        )
    except UnicodeDecodeError:
        text, encoding = _decode(name, data, "cp1252"), "cp1252"
    if not text.strip():
        raise RegistryError(name, "file is empty")
    first = text.lstrip()[:1]
    if first in {"{", "[", "<"}:
        raise RegistryError(name, "not a CSV file: it looks like JSON, HTML or XML", line=1)
    return text, encoding


def _decode(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RegistryError(
            name,
            f"unknown encoding: byte 0x{data[exc.start]:02x} is neither UTF-8 nor Windows-1252",
            line=line,
        ) from None


def csv_records(name: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """(start line, fields) per CSV record, blank lines skipped.

    The start line counts physical lines, so a quoted field with newlines in it (ODMP's
    narratives) moves the next record's line number on correctly.
    """
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = (
            max("\t;|", key=first_line.count) if any(c in first_line for c in "\t;|") else ","
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for fields in reader:
            if fields and any(f.strip() for f in fields):
                yield start, fields
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RegistryError(name, f"not valid CSV ({exc})", line=start) from None
