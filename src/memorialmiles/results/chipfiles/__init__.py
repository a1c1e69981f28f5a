"""Chip-read file parsers: streaming, pure, every unreadable line kept aside with its number.

``parse(source, format, event_date=..., tz=..., offset_s=..., tags=...)`` returns a
``ParseResult``; ``iter_parse`` streams ``Read`` and ``Rejected`` items for big files.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date, tzinfo

from ..records import FINISH, KINDS, Read, bib_problem, clock_offset
from . import chronotrack, impinj, ipico, plain, raceresult
from .base import Context, ParseResult, Rejected, load_tags, load_zone, numbered_lines
from .bulk import LineBuffer
from .columns import ReadColumns

BULK = {"csv": plain.parse_bulk, "ipico": ipico.parse_bulk}
FORMATS = {
    "csv": plain.parse_lines,
    "raceresult": raceresult.parse_lines,
    "chronotrack": chronotrack.parse_lines,
    "impinj": impinj.parse_lines,
    "ipico": ipico.parse_lines,
}

_IPICO = re.compile(r"^aa[0-9a-fA-F]{34}(FS|LS)?$")
_RACERESULT = re.compile(r"^(#P;)?\d+;[^;]+;(\d{4}-\d{2}-\d{2})?;\d{1,2}:\d{2}:\d{2}")

__all__ = [
    "FORMATS",
    "ParseResult",
    "ReadColumns",
    "Rejected",
    "detect_format",
    "iter_parse",
    "load_tags",
    "parse",
]


def detect_format(first_lines: Iterable[str]) -> str | None:
    """Guess the format from the first non-blank lines; None when nothing fits."""
    for line in first_lines:
        text = line.strip().lstrip("\ufeff")
        if not text:
            continue
        head = text.lower()
        if _IPICO.match(text):
            return "ipico"
        if head.startswith("ct01"):
            return "chronotrack"
        if text.startswith("{"):
            return "impinj"
        if _RACERESULT.match(text):
            return "raceresult"
        names = [c.strip().strip('"').lower() for c in head.split(",")]
        if "time" in names and ({"bib", "tag"} & set(names)):
            return "csv"
        if "epc" in names:
            return "impinj"
        if "passing" in head and ";" in head:
            continue  # a RACE RESULT header row; the next line decides
        return None
    return None


def iter_parse(
    source: str | os.PathLike | Iterable[str] | Iterable[bytes],
    format: str,
    *,
    event_date: date | None = None,
    tz: str | tzinfo | None = None,
    offset_s: float = 0.0,
    tags: dict[str, str] | None = None,
    device: str = "",
    kind: str = FINISH,
    context: Context | None = None,
) -> Iterator[Read | Rejected]:
    """Stream reads and rejects; pass ``context`` to read its ``skipped`` count afterwards."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    ctx = _context(event_date, tz, offset_s, tags, device, kind, context)
    yield from FORMATS[format](_counted(numbered_lines(source), ctx), ctx)


def _context(event_date, tz, offset_s, tags, device, kind, context=None) -> Context:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    ctx = context or Context(None, None)
    ctx.event_date, ctx.tz = event_date, load_zone(tz)
    ctx.offset_us = round(clock_offset(offset_s) * 1_000_000)
    ctx.tags = None if tags is None else {k.strip().upper(): v for k, v in tags.items()}
    for tag, bib in (ctx.tags or {}).items():
        problem = bib_problem(bib)
        if problem:
            raise ValueError(f"tag table, tag {tag}: {problem}")
    ctx.device, ctx.kind = device, kind
    return ctx


def parse(
    source: str | os.PathLike | Iterable[str] | Iterable[bytes],
    format: str | None = None,
    *,
    event_date: date | None = None,
    tz: str | tzinfo | None = None,
    offset_s: float = 0.0,
    tags: dict[str, str] | None = None,
    device: str = "",
    kind: str = FINISH,
) -> ParseResult:
    """Parse a whole file (path or lines); ``format=None`` detects it from the first lines."""
    if format is None:
        source, format = _detect(source)
    if not device and isinstance(source, str | os.PathLike):
        device = os.path.basename(os.fspath(source))
    data = _whole_file(source) if format in BULK else None
    if data is not None:
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
        ctx = _context(event_date, tz, offset_s, tags, device, kind)
        lb = LineBuffer(data)
        columns, rejected = BULK[format](lb, ctx)
        return ParseResult.from_columns(columns, rejected, lb.n, ctx.skipped)
    ctx = Context(None, None)
    reads: list[Read] = []
    rejected = []
    add_read, add_reject = reads.append, rejected.append
    for item in iter_parse(
        source,
        format,
        event_date=event_date,
        tz=tz,
        offset_s=offset_s,
        tags=tags,
        device=device,
        kind=kind,
        context=ctx,
    ):
        if type(item) is Read:
            add_read(item)
        else:
            add_reject(item)
    return ParseResult(reads, rejected, ctx.lines, ctx.skipped)


def _whole_file(source) -> bytes | None:
    """The bytes of a path or binary file for the bulk road; None for lines given one by one."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return handle.read()
    if isinstance(source, io.BufferedIOBase | io.RawIOBase):
        data = source.read()
        return data if isinstance(data, bytes) else None
    return None


def _counted(lines, ctx: Context):
    for item in lines:
        ctx.lines = item[0]
        yield item


def _detect(source):
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            head = [handle.readline().decode("utf-8", "replace") for _ in range(5)]
        found = detect_format(head)
    else:
        source = list(source)
        head = [s.decode("utf-8", "replace") if isinstance(s, bytes) else s for s in source[:5]]
        found = detect_format(head)
    if found is None:
        raise ValueError("cannot tell the chip-file format; give it with --format")
    return source, found
