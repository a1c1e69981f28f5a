"""Raw IPICO reader lines, checksum verified.

``aa`` | reader id (2 hex) | tag id (12 hex) | I/Q counters (4 hex) | ``YYMMDDHHMMSS`` |
hundredths (2 hex, 00-63) | checksum (2 hex) | optional ``FS``/``LS`` (first/last seen).
The checksum is the sum of the character codes of positions 2-33 modulo 256. The reader's
clock is local wall time, read in the event's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import numpy as np

from ..records import EARLIEST_US, LATEST_US, START, Read
from . import bulk
from .base import Context, Rejected
from .columns import ReadColumns

_HEX = set("0123456789abcdefABCDEF")


def checksum(body: str) -> str:
    return f"{sum(body.encode('ascii')) & 0xFF:02x}"


def parse_lines(
    lines: Iterable[tuple[int, str | Rejected]], ctx: Context
) -> Iterator[Read | Rejected]:
    for n, text in lines:
        if isinstance(text, Rejected):
            yield text
            continue
        item = _line(n, text, ctx)
        if item is not None:
            yield item


def _line(n: int, text: str, ctx: Context) -> Read | Rejected | None:
    line = text.strip()
    if not line:
        ctx.skipped += 1
        return None
    if len(line) not in (36, 38):
        return Rejected(n, None, f"an IPICO read is 36 or 38 characters, not {len(line)}", text)
    if not line.startswith("aa"):
        return Rejected(n, 1, "an IPICO read starts with aa", text)
    if not set(line[2:36]) <= _HEX:
        return Rejected(n, None, "an IPICO read is hexadecimal", text)
    if line[34:36].lower() != checksum(line[2:34]):
        return Rejected(n, 35, f"checksum {line[34:36]} should be {checksum(line[2:34])}", text)
    if len(line) == 38 and line[36:] not in ("FS", "LS"):
        return Rejected(n, 37, f"suffix {line[36:]!r} is not FS or LS", text)
    stamp, hundredths = line[20:32], int(line[32:34], 16)
    if not stamp.isdigit() or hundredths > 99:
        return Rejected(n, 21, "bad date or time in the read", text)
    try:
        day = date(2000 + int(stamp[0:2]), int(stamp[2:4]), int(stamp[4:6]))
        h, m, s = int(stamp[6:8]), int(stamp[8:10]), int(stamp[10:12])
        if h > 23 or m > 59 or s > 59:
            raise ValueError
    except ValueError:
        return Rejected(n, 21, f"bad date or time {stamp}", text)
    us = ctx.local_us(day, h, m, s, hundredths * 10_000)
    device = ctx.device or f"ipico-{line[2:4]}"
    return ctx.read(n, text, line[4:16].upper(), us, device=device, col=5, time_col=21)


def parse_bulk(lb: bulk.LineBuffer, ctx: Context) -> tuple[ReadColumns, list[Rejected]]:
    """Well-formed 36/38-character reads in bulk; every other line by the reference."""
    width = lb.end - lb.start
    fit = np.flatnonzero(lb.plain & ((width == 36) | (width == 38)) & (ctx.tz is not None))
    done = np.zeros(lb.n, dtype=bool)
    parts = []
    for lo in range(0, len(fit), bulk.CHUNK):  # in blocks: temporaries stay small
        rows, part = _bulk_block(lb, fit[lo : lo + bulk.CHUNK], width, ctx)
        done[rows] = True
        parts.append(part)
    fast = ReadColumns.concat(parts)
    return bulk.finish(lb, fast, np.flatnonzero(~done), lambda n, text: _line(n, text, ctx))


def _bulk_block(lb: bulk.LineBuffer, rows: np.ndarray, width: np.ndarray, ctx: Context):
    """The reads among ``rows`` (0-based lines) that pass every check of ``_line``."""
    m = lb.matrix(lb.start[rows], 36)
    long = width[rows] == 38
    ok = (m[:, 0] == 97) & (m[:, 1] == 97)
    hex_ok = bulk.all_hex(m, 2, 36)
    said, _ = bulk.hexes(m, 34, 36)
    ok &= hex_ok & (bulk.column_sum(m, 2, 34) & 0xFF == said)
    if long.any():
        tail = lb.matrix(lb.start[rows[long]] + 36, 2)
        ok[long] &= ((tail[:, 0] == 70) | (tail[:, 0] == 76)) & (tail[:, 1] == 83)
    stamp_ok = np.ones(len(rows), dtype=bool)
    parts = []
    for lo in range(20, 32, 2):
        value, good = bulk.digits(m, lo, lo + 2)
        parts.append(value)
        stamp_ok &= good
    yy, mo, dd, h, mi, s = parts
    hundredths, _ = bulk.hexes(m, 32, 34)
    days, real = bulk.days_from_civil(2000 + yy, mo, dd)
    ok &= stamp_ok & real & (hundredths <= 99) & (h <= 23) & (mi <= 59) & (s <= 59)
    rows, m, days = rows[ok], m[ok], days[ok]
    minute, s, hundredths = (h * 60 + mi)[ok], s[ok], hundredths[ok]
    us = bulk.local_us(ctx, days, minute) + s * 1_000_000 + hundredths * 10_000
    bounded = np.flatnonzero(
        (us + ctx.offset_us >= EARLIEST_US) & (us + ctx.offset_us <= LATEST_US)
    )
    if len(bounded) < len(rows):  # the rest go to the reference, which rejects them
        rows, m, us = rows[bounded], m[bounded], us[bounded]
    upper = m[:, 4:16] - ((m[:, 4:16] >= 97) & (m[:, 4:16] <= 122)) * np.uint8(32)
    tags = np.ascontiguousarray(upper, dtype=np.uint8).view("S12").ravel()
    if ctx.tags is not None:
        table = ctx.tags
        mapped = [table.get(t) for t in tags.astype("U12").tolist()]
        known = np.flatnonzero(np.array([b is not None for b in mapped], dtype=bool))
        if len(known) < len(rows):
            rows, m, us = rows[known], m[known], us[known]
            mapped = [mapped[i] for i in known.tolist()]
        tags = mapped
    if ctx.device:
        devices = [ctx.device] * len(rows)
    else:
        names: dict[str, str] = {}
        readers = m[:, 2:4].copy().view("S2").ravel().astype("U2").tolist()
        devices = [names.get(r) or names.setdefault(r, f"ipico-{r}") for r in readers]
    lines = rows + 1
    is_start = np.full(len(rows), ctx.kind == START)
    return rows, ReadColumns(tags, us + ctx.offset_us, is_start, devices, lines, lines)
