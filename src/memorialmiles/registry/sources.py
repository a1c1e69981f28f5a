"""Opening a file someone uploaded: size limit, encoding, and a first check that it is CSV.

Registries export UTF-8 (often with a BOM, from Excel) or Windows-1252, and a file pasted
together from two exports has both, line by line: read whole as Windows-1252 it put "JosÃ©" on
the public wall. So the encoding is decided per line (`decode_lines`): a line that is valid
UTF-8 is UTF-8 (Windows-1252 text is valid UTF-8 only where an accented capital is followed by
a symbol, which names never do), any other line is Windows-1252. Three kinds of line cannot be
decided, and are reported, never guessed:

- bytes that are neither UTF-8 nor Windows-1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D in a line that
  is not UTF-8);
- a line that is part UTF-8 and part not (a valid "é" beside a lone byte): read as
  Windows-1252 its UTF-8 part would be mojibake, read as UTF-8 the rest is lost;
- valid UTF-8 that decodes to C1 control characters (U+0080 to U+009F), which no name has:
  its Windows-1252 reading ("Â" and a symbol) is no more likely.

The whole file is decoded up front (it is capped at `max_bytes`) so a whole-file problem stops
the import before any row is written; the registry reader turns each undecided line into a
rejected row with its line and column.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .errors import RegistryError

_MAGIC = {
    b"PK\x03\x04": "a zip archive or an Excel workbook; save it as CSV",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word file; save it as CSV",
    b"\x1f\x8b": "a gzip archive",
}


@dataclass(frozen=True)
class Decoded:
    """A file's text, how it was decoded, and the lines that could not be decided.

    `undecided` maps the physical line (1-based) to why; those lines are in `text` as UTF-8
    with U+FFFD for the bytes that are not, so the CSV around them still parses.
    """

    text: str
    encoding: str
    undecided: dict[int, str] = field(default_factory=dict)


def read_bytes(path: str | os.PathLike[str], max_bytes: int) -> bytes:
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
    return data


def read_text(path: str | os.PathLike[str], max_bytes: int) -> tuple[str, str]:
    """The decoded text and the encoding's name; RegistryError if it is not a text file or
    has a line whose encoding cannot be decided."""
    return decode_text(str(path), read_bytes(path, max_bytes))


def read_decoded(path: str | os.PathLike[str], max_bytes: int) -> Decoded:
    """The decoded text with its undecided lines, for readers that report them per row."""
    return decode_lines(str(path), read_bytes(path, max_bytes))


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Bytes of a CSV from a stranger -> (text, encoding): UTF-8 with or without BOM, UTF-16,
    Windows-1252, or UTF-8 and Windows-1252 line by line; RegistryError naming `name` for
    anything that is not a text file, and for the first line whose encoding is undecided."""
    decoded = decode_lines(name, data)
    if decoded.undecided:
        line, reason = min(decoded.undecided.items())
        raise RegistryError(name, f"unknown encoding: {reason}", line=line)
    return decoded.text, decoded.encoding


# Windows-1252 leaves these five bytes undefined.
_UNDEFINED_1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_C1 = re.compile("[\x80-\x9f]")
SHOWN_LINES = 10


def decode_lines(name: str, data: bytes) -> Decoded:
    """Decode per line (see the module's docstring); RegistryError for a file that is no text."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise RegistryError(name, f"not a CSV file: it is {what}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(name, Decoded(_decode(name, data, "utf-16"), "utf-16"))
    if b"\x00" in data:
        raise RegistryError(name, "not a CSV file: it contains binary data (NUL bytes)")
    bom = data[:3] == b"\xef\xbb\xbf"
    body = data[3:] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _checked(name, _per_line(body, bom))
    encoding = "utf-8-sig" if bom else "utf-8"
    undecided = {}
    if _C1.search(text):  # rare: only then look line by line
        for number, line in enumerate(io.StringIO(text, newline=""), 1):  # as csv counts
            if _C1.search(line):
                undecided[number] = _C1_REASON
    return _checked(name, Decoded(text, encoding, undecided))


_C1_REASON = (
    'the line could be UTF-8 or Windows-1252 (control characters in UTF-8, "Â" and a '
    "symbol in Windows-1252); not imported"
)


def _per_line(body: bytes, bom: bool) -> Decoded:
    parts: list[str] = []
    cp1252: list[int] = []
    utf8 = 0
    undecided: dict[int, str] = {}
    # Lines end as the csv module ends them (\n, \r\n or a lone \r), so numbers agree.
    for number, line in enumerate(body.splitlines(keepends=True), 1):
        if line.isascii():
            parts.append(line.decode("ascii"))
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = line[exc.start]
            undefined = _UNDEFINED_1252.search(line)
            if undefined:
                undecided[number] = (
                    f"byte 0x{line[undefined.start()]:02x} is neither UTF-8 nor Windows-1252; "
                    "not imported"
                )
            elif _UTF8_SEQUENCE.search(line):
                undecided[number] = (
                    f"the line is part UTF-8 and part not (byte 0x{bad:02x} at byte "
                    f"{exc.start + 1} of the line); not imported"
                )
            else:
                parts.append(line.decode("cp1252"))
                cp1252.append(number)
                continue
            parts.append(line.decode("utf-8", "replace"))
            continue
        if _C1.search(text):
            undecided[number] = _C1_REASON
        utf8 += 1
        parts.append(text)
    if not utf8 and not bom:
        encoding = "cp1252"
    else:
        shown = ", ".join(str(n) for n in cp1252[:SHOWN_LINES])
        more = f" and {len(cp1252) - SHOWN_LINES:,} more" if len(cp1252) > SHOWN_LINES else ""
        encoding = f"utf-8, and cp1252 on {len(cp1252):,} line(s): {shown}{more}"
        if not cp1252:
            encoding = "utf-8-sig" if bom else "utf-8"
    return Decoded("".join(parts), encoding, undecided)


def line_breaks(text: str) -> int:
    """Line ends in a field, counted as csv counts them."""
    return len(_BREAK.findall(text))


_BREAK = re.compile("\r\n|\r|\n")


def _checked(name: str, decoded: Decoded) -> Decoded:
    text = decoded.text
    if not text.strip():
        raise RegistryError(name, "file is empty")
    first = text.lstrip()[:1]
    if first in {"{", "[", "<"}:
        raise RegistryError(name, "not a CSV file: it looks like JSON, HTML or XML", line=1)
    return decoded


def _decode(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RegistryError(
            name,
            f"unknown encoding: byte 0x{data[exc.start]:02x} is not {encoding.upper()}",
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
            # Not blank: some field has more than whitespace (one join, not a test per field).
            if (joined := "".join(fields)) and not joined.isspace():
                yield start, fields
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RegistryError(name, f"not valid CSV ({exc})", line=start) from None


def header_record(name: str, records: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The first record, the header; RegistryError when every line is blank or separators only
    (fuzzing found "; " escaping as StopIteration: text, but no record in it)."""
    first = next(records, None)
    if first is None:
        raise RegistryError(name, "no header: every line is blank or only separators", line=1)
    return first
