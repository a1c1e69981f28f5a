"""`read_registry`: open a memorial-registry export and stream its rows as heroes or rejects.

Everything that can make the whole file unusable (size, encoding, not CSV, unknown format, a
required column missing, a bad mapping) is checked before `read_registry` returns, so the
caller learns it before writing anything. Rows then stream, each a HeroRow or a RejectedRow.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache, partial
from pathlib import Path

from .errors import RegistryError
from .formats import FORMATS, SYNONYMS, TARGETS, RegistryFormat, detect_format, header_key
from .heroes import RowContext, row_builder, service_value
from .rows import HeroRow, KnownRow, RegistryFile, RejectedRow
from .sources import csv_records, header_record, line_breaks, read_decoded

DEFAULT_MAX_BYTES = 50_000_000


def read_registry(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    mapping: dict[str, str] | None = None,
    service: str | None = None,
    date_format: str | None = None,
    today: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RegistryFile:
    """Open `path`; the format comes from the header unless given, `mapping` implies "csv".

    `mapping` maps file columns to targets (`formats.TARGETS`); in generic mode the columns it
    leaves out are still matched by their header names ("Date of Death" -> end_of_watch).
    """
    name = str(path)
    decoded = read_decoded(path, max_bytes)
    records = csv_records(name, decoded.text)
    header_line, header = header_record(name, records)
    header_end = header_line + sum(line_breaks(field) for field in header)
    for line in range(header_line, header_end + 1):
        if line in decoded.undecided:  # no row can be trusted without its header
            raise RegistryError(name, f"header: {decoded.undecided[line]}", line=line)
    header = [column.strip() for column in header]
    if format is None:
        format = "csv" if mapping else (detect_format(header) or "csv")
    if format not in FORMATS:
        known = ", ".join(FORMATS)
        raise RegistryError(name, f"unknown format {format!r} (known formats: {known})")
    fmt = FORMATS[format]
    if mapping and format != "csv":
        raise RegistryError(name, f"--map applies to the generic csv format, not {format!r}")
    default_service = _service(name, service) or fmt.service
    columns = _columns(name, header, fmt, mapping or {})
    ctx = RowContext(
        source_registry=fmt.source_registry or Path(name).name,
        service=default_service,
        date_format=date_format,
        today=today or date.today(),
        prefixes=fmt.prefixes,
        columns={target: column for column, target in columns.items()},
    )
    fingerprint = _fingerprint(format, columns, fmt, ctx)
    rows = partial(_rows, records, header, columns, fmt, ctx, decoded.undecided, fingerprint)
    return RegistryFile(
        path=name,
        format=format,
        encoding=decoded.encoding,
        attribution=fmt.attribution or f"Source: {Path(name).name}",
        license=fmt.license,
        source_registry=ctx.source_registry,
        columns=columns,
        records_at_most=max(decoded.text.count("\n"), decoded.text.count("\r")),
        rows=rows({}),
        _skipping=rows,
    )


@cache
def _code_digest() -> bytes:
    """The reader's own code: a record read by another version of it is read again."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


def _fingerprint(format: str, columns: dict[str, str], fmt: RegistryFormat, ctx) -> bytes:
    """What, besides a record's fields, decides the HeroRow it becomes."""
    options = repr(
        (
            format,
            sorted(columns.items()),
            ctx.source_registry,
            ctx.service,
            ctx.date_format,
            sorted(ctx.prefixes.items()),
            fmt.source_id_from_ordinal,
        )
    )
    return _code_digest() + options.encode()


def count_records(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """How many records follow the header: a progress bar's total."""
    text = read_decoded(path, max_bytes).text
    return max(sum(1 for _ in csv_records(str(path), text)) - 1, 0)


def _service(name: str, service: str | None) -> str:
    if not service:
        return ""
    code = service_value(service)
    if not code:
        raise RegistryError(
            name, f"unknown service {service!r} (use police, fire, ems, corrections or other)"
        )
    return code


def _columns(
    name: str, header: list[str], fmt: RegistryFormat, mapping: dict[str, str]
) -> dict[str, str]:
    """File column -> target, after checking the file has what the format needs."""
    if fmt.columns:
        missing = [column for column in fmt.columns if column not in header]
        if missing:
            raise RegistryError(
                name, f"missing required column for {fmt.name}", line=1, column=missing[0]
            )
        return dict(fmt.columns)
    columns: dict[str, str] = {}
    for column, target in mapping.items():
        if column not in header:
            raise RegistryError(
                name,
                f"--map names a column the file does not have (columns: {', '.join(header)})",
                line=1,
                column=column,
            )
        if target not in TARGETS:
            raise RegistryError(
                name,
                f"--map target {target!r} is unknown (targets: {', '.join(TARGETS)})",
                column=column,
            )
        if target in columns.values():
            raise RegistryError(
                name, f"--map gives two columns the target {target!r}", column=column
            )
        columns[column] = target
    for column in header:
        target = SYNONYMS.get(header_key(column))
        if column not in columns and target and target not in columns.values():
            columns[column] = target
    if "name" not in columns.values() and "last_name" not in columns.values():
        raise RegistryError(
            name,
            "missing required column: a full name or a last name (map one with --map COLUMN=name"
            " or COLUMN=last_name)",
            line=1,
        )
    return columns


def _rows(
    records: Iterator[tuple[int, list[str]]],
    header: list[str],
    columns: dict[str, str],
    fmt: RegistryFormat,
    ctx: RowContext,
    undecided: dict[int, str] | None = None,
    fingerprint: bytes = b"",
    known: Mapping[str, str] | None = None,
    share: tuple[int, int, int] | None = None,
) -> Iterator[HeroRow | RejectedRow | KnownRow]:
    width = len(header)
    mine, readers, block = share or (0, 1, 1)
    positions = {target: header.index(column) for column, target in columns.items()}
    kept = [(i, column) for i, column in enumerate(header) if column not in fmt.excluded]
    build = row_builder(positions, ctx, partial(_raw, kept=kept))
    by_ordinal = fmt.source_id_from_ordinal
    # Each digest goes on from the fingerprint's hash state: copying it is cheaper than hashing
    # the fingerprint again with every record.
    seeded = hashlib.blake2b(fingerprint, digest_size=16)
    for ordinal, (line, fields) in enumerate(records, start=1):
        if readers > 1 and (ordinal - 1) // block % readers != mine:
            continue  # another reader's record
        if undecided:
            rejected = _undecided(line, fields, header, _raw(fields, kept), undecided)
            if rejected is not None:
                yield rejected
                continue
        if len(fields) != width:
            yield RejectedRow(
                line,
                None,
                f"the row has {len(fields)} fields, the header has {width}",
                _raw(fields, kept),
            )
            continue
        joined = "\x00".join(fields)
        digest = ""
        # A NUL inside a field would let two records join alike: such a record gets none.
        if joined.count("\x00") == width - 1:
            text = f"{ordinal}\x00{joined}" if by_ordinal else joined
            hasher = seeded.copy()
            hasher.update(text.encode())
            digest = hasher.hexdigest()
            if known and digest in known:
                yield KnownRow(line, known[digest], digest)
                continue
        yield build(fields, line, ordinal if by_ordinal else 0, digest)


def _raw(fields: list[str], kept: list[tuple[int, str]]) -> dict[str, str]:
    """The row as the file had it, by column (a memorial site's own columns left out)."""
    return {column: fields[i] for i, column in kept if i < len(fields)}


_SUSPECT = re.compile("[\ufffd\x80-\x9f]")


def _undecided(
    line: int, fields: list[str], header: list[str], raw: dict[str, str], undecided: dict
) -> RejectedRow | None:
    """A record on a line whose encoding is undecided: refused whole, never guessed, with the
    column that holds the doubtful bytes (a name on the public wall must be right or absent)."""
    last = line + sum(line_breaks(field) for field in fields)
    hits = [n for n in range(line, last + 1) if n in undecided]
    if not hits:
        return None
    column = next(
        (header[i] for i, f in enumerate(fields) if i < len(header) and _SUSPECT.search(f)),
        None,
    )
    where = "" if hits[0] == line else f"line {hits[0]}: "
    return RejectedRow(line, column, f"{where}{undecided[hits[0]]}", raw)
