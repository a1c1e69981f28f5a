"""The plain CSV: a header ``bib,time`` or ``tag,time`` (an optional ``kind`` column).

A time is ISO 8601 with its UTC offset, or ``HH:MM:SS[.fff]`` on the event's date in the
event's zone. Other columns are allowed and ignored, so a spreadsheet export still loads.
``parse_lines`` is the line-by-line reference; ``parse_bulk`` reads the usual layout of a
whole file with numpy and gives every other line to the reference.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import numpy as np

from ..records import EARLIEST_US, KINDS, LATEST_US, MAX_BIB, START, Read
from . import bulk
from .base import Context, Rejected, out_of_bounds, time_us
from .columns import ReadColumns


class Header(NamedTuple):
    cells: int
    id_col: int
    time_col: int
    kind_col: int
    is_tag: bool


def _cells(text: str) -> list[str]:
    """The line's fields; ValueError for a quoted line the csv module refuses (fuzzing found a
    lone carriage return inside a line escaping as csv.Error)."""
    if '"' in text:
        try:
            return next(csv.reader([text]), [])
        except csv.Error as exc:
            if "new-line" in str(exc):
                raise ValueError("a line break inside the line: not a CSV line") from None
            raise ValueError(f"not a CSV line ({exc})") from None
    return text.split(",")


def _header(n: int, text: str) -> Header | Rejected:
    try:
        cells = _cells(text)
    except ValueError as exc:
        return Rejected(n, None, str(exc), text)
    names = [c.strip().lower() for c in cells]
    if "time" not in names or not ({"bib", "tag"} & set(names)):
        return Rejected(n, None, "expected a header with bib,time or tag,time", text)
    is_tag = "tag" in names and "bib" not in names
    kind_col = names.index("kind") if "kind" in names else -1
    return Header(len(names), names.index("tag" if is_tag else "bib"), names.index("time"),
                  kind_col, is_tag)  # fmt: skip


def _row(n: int, text: str, hdr: Header, ctx: Context) -> Read | Rejected | None:
    if not text.strip():
        ctx.skipped += 1
        return None
    try:
        cells = _cells(text)
    except ValueError as exc:
        return Rejected(n, None, str(exc), text)
    id_col, time_col, kind_col, is_tag = hdr.id_col, hdr.time_col, hdr.kind_col, hdr.is_tag
    if len(cells) <= max(id_col, time_col, kind_col):
        return Rejected(n, None, f"expected at least {max(id_col, time_col) + 1} columns", text)
    ident = cells[id_col].strip()
    if not ident:
        return Rejected(n, id_col + 1, "empty tag" if is_tag else "empty bib", text)
    kind = None
    if kind_col >= 0:
        kind = cells[kind_col].strip().lower() or None
        if kind is not None and kind not in KINDS:
            return Rejected(n, kind_col + 1, f"kind {kind!r} is not start or finish", text)
    try:
        us = time_us(cells[time_col], ctx)
    except ValueError as exc:
        return Rejected(n, time_col + 1, str(exc), text)
    if is_tag:
        return ctx.read(n, text, ident, us, kind=kind, col=id_col + 1, time_col=time_col + 1)
    us += ctx.offset_us
    bad = out_of_bounds(n, text, ident, us, id_col + 1, time_col + 1)
    if bad is not None:
        return bad
    return Read(ident, us / 1_000_000, "chip", ctx.device, n, kind or ctx.kind)


def parse_lines(
    lines: Iterable[tuple[int, str | Rejected]], ctx: Context
) -> Iterator[Read | Rejected]:
    hdr: Header | None = None
    for n, text in lines:
        if isinstance(text, Rejected):
            yield text
            continue
        if hdr is None:
            if not text.strip():
                ctx.skipped += 1
                continue
            found = _header(n, text)
            if isinstance(found, Rejected):
                yield found
                continue
            hdr = found
            ctx.skipped += 1
            continue
        item = _row(n, text, hdr, ctx)
        if item is not None:
            yield item


def parse_bulk(lb: bulk.LineBuffer, ctx: Context) -> tuple[ReadColumns, list[Rejected]]:
    """The whole file: lines up to the header and odd lines by the reference, the rest in bulk."""
    rejected: list[Rejected] = []
    hdr: Header | None = None
    first = 0
    while hdr is None and first < lb.n:
        text = lb.text(first)
        first += 1
        if isinstance(text, Rejected):
            rejected.append(text)
        elif not text.strip():
            ctx.skipped += 1
        else:
            found = _header(first, text)
            if isinstance(found, Rejected):
                rejected.append(found)
            else:
                hdr, ctx.skipped = found, ctx.skipped + 1
    if hdr is None:
        return ReadColumns.empty(), rejected
    done, parts = np.zeros(0, dtype=bool), []
    for lo in range(first, lb.n, bulk.CHUNK):  # in blocks: temporaries stay small
        block_done, block = _bulk_rows(lb, lo, min(lo + bulk.CHUNK, lb.n), hdr, ctx)
        done, parts = np.concatenate([done, block_done]), [*parts, block]
    fast = ReadColumns.concat(parts)
    slow = first + np.flatnonzero(~done)
    cols, more = bulk.finish(lb, fast, slow, lambda n, text: _row(n, text, hdr, ctx))
    return cols, rejected + more


def _bulk_rows(lb: bulk.LineBuffer, first: int, stop: int, hdr: Header, ctx: Context):
    """Rows ``first:stop`` that have the header's column count and a usual time, in bulk."""
    n_rows = stop - first
    done = np.zeros(n_rows, dtype=bool)
    if n_rows <= 0 or hdr.cells < 2:
        return done, ReadColumns.empty()
    lo, hi = lb.raw_start[first], lb.raw_end[stop - 1]
    commas = np.flatnonzero(lb.buf[lo:hi] == 44) + lo
    row_of = lb.line_of(commas) - first
    count = np.bincount(row_of, minlength=n_rows)
    ok = (count == hdr.cells - 1) & lb.plain[first:stop]
    rows = np.flatnonzero(ok)
    c = commas[ok[row_of]].reshape(-1, hdr.cells - 1)
    start, end = lb.start[first + rows], lb.end[first + rows]
    left = np.column_stack([start, c + 1])
    right = np.column_stack([c, end])

    id_l, id_r = left[:, hdr.id_col], right[:, hdr.id_col]
    buf = lb.buf
    # A bib over MAX_BIB goes to the reference, which rejects it; a tag may be longer when a
    # table maps it to a bib (load_tags and the context keep the table's bibs in bounds).
    longest = 64 if hdr.is_tag and ctx.tags is not None else MAX_BIB
    good = (id_r > id_l) & (id_r - id_l <= longest)
    last = len(buf) - 1
    edges = buf[np.minimum(id_l, last)], buf[np.clip(id_r - 1, 0, last)]
    good &= ~bulk.is_ws(edges[0]) & ~bulk.is_ws(edges[1])  # empty cells are not good anyway
    is_start = np.zeros(len(rows), dtype=bool) if ctx.kind != START else np.ones(len(rows), bool)
    if hdr.kind_col >= 0:
        kinds = [
            k.strip().lower() for k in lb.strings(left[:, hdr.kind_col], right[:, hdr.kind_col])
        ]
        known = np.array([k in ("", "start", "finish") for k in kinds], dtype=bool)
        good &= known
        said = np.array([k == "start" for k in kinds], dtype=bool)
        blank = np.array([k == "" for k in kinds], dtype=bool)
        is_start = np.where(blank, is_start, said)
    us, timed = _times(lb, left[:, hdr.time_col], right[:, hdr.time_col], ctx)
    stored = us + ctx.offset_us
    good &= timed & (stored >= EARLIEST_US) & (stored <= LATEST_US)  # else: the reference rejects
    rows, id_l, id_r, us, is_start = rows[good], id_l[good], id_r[good], us[good], is_start[good]
    bibs = lb.cells(id_l, id_r)
    if hdr.is_tag and ctx.tags is not None:
        table = ctx.tags
        mapped = [table.get(t.upper()) for t in lb.strings(id_l, id_r)]
        known = np.array([b is not None for b in mapped], dtype=bool)
        if not known.all():
            keep = np.flatnonzero(known)
            rows, us, is_start = rows[keep], us[keep], is_start[keep]
            mapped = [mapped[i] for i in keep.tolist()]
        bibs = mapped
    done[rows] = True
    lines = first + rows + 1
    devices = [ctx.device] * len(rows)
    cols = ReadColumns(bibs, us + ctx.offset_us, is_start, devices, lines, lines)
    return done, cols


def _times(lb: bulk.LineBuffer, left: np.ndarray, right: np.ndarray, ctx: Context):
    """Epoch microseconds of the usual time layouts; ``ok`` is False for anything else."""
    width = right - left
    us = np.zeros(len(left), dtype=np.int64)
    ok = np.zeros(len(left), dtype=bool)
    for w in np.unique(width).tolist():
        sel = np.flatnonzero(width == w)
        if 20 <= w <= 32:
            got, good = _iso(lb.matrix(left[sel], w))
        elif 8 <= w <= 15 and ctx.tz is not None and ctx.event_date is not None:
            got, good = _time_of_day(lb.matrix(left[sel], w), ctx)
        else:
            continue
        us[sel], ok[sel] = got, good
    return us, ok


def _fraction_us(m: np.ndarray, at: int, chars: int) -> tuple[np.ndarray, np.ndarray]:
    """``.d{1,6}`` in ``chars`` columns from ``at`` (0 columns: no fraction) -> microseconds."""
    n_digits = chars - 1
    if chars == 0:
        return np.zeros(len(m), dtype=np.int64), np.ones(len(m), dtype=bool)
    if not 1 <= n_digits <= 6:
        return np.zeros(len(m), dtype=np.int64), np.zeros(len(m), dtype=bool)
    value, ok = bulk.digits(m, at + 1, at + chars)
    return value * 10 ** (6 - n_digits), ok & (m[:, at] == ord("."))


def _clock(m: np.ndarray, at: int) -> tuple[np.ndarray, np.ndarray]:
    """``HH:MM:SS`` at column ``at`` -> seconds of the day, range-checked."""
    h, ok1 = bulk.digits(m, at, at + 2)
    mi, ok2 = bulk.digits(m, at + 3, at + 5)
    s, ok3 = bulk.digits(m, at + 6, at + 8)
    ok = ok1 & ok2 & ok3 & (m[:, at + 2] == 58) & (m[:, at + 5] == 58)
    ok &= (h <= 23) & (mi <= 59) & (s <= 59)
    return h * 3600 + mi * 60 + s, ok


def _iso(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``YYYY-MM-DDTHH:MM:SS[.f{1,6}](Z|+HH:MM|-HH:MM)``, as ``datetime.fromisoformat`` reads it."""
    w = m.shape[1]
    y, ok_y = bulk.digits(m, 0, 4)
    mo, ok_m = bulk.digits(m, 5, 7)
    d, ok_d = bulk.digits(m, 8, 10)
    days, real = bulk.days_from_civil(y, mo, d)
    ok = ok_y & ok_m & ok_d & real & (m[:, 4] == 45) & (m[:, 7] == 45) & (m[:, 10] == 84)
    secs, ok_c = _clock(m, 11)
    ok &= ok_c
    zulu = m[:, w - 1] == ord("Z")
    us = np.zeros(len(m), dtype=np.int64)
    good = np.zeros(len(m), dtype=bool)
    for is_z in (True, False):
        sel = np.flatnonzero(zulu == is_z)
        if not len(sel):
            continue
        sub = m[sel]
        tail = 1 if is_z else 6
        frac, ok_f = _fraction_us(sub, 19, w - 19 - tail)
        off = np.zeros(len(sel), dtype=np.int64)
        ok_o = np.ones(len(sel), dtype=bool)
        if not is_z:
            oh, ok1 = bulk.digits(sub, w - 5, w - 3)
            om, ok2 = bulk.digits(sub, w - 2, w)
            sign = np.where(sub[:, w - 6] == 45, -1, 1)
            ok_o = ok1 & ok2 & np.isin(sub[:, w - 6], (43, 45)) & (sub[:, w - 3] == 58)
            ok_o &= (oh <= 23) & (om <= 59)
            off = sign * (oh * 3600 + om * 60)
        us[sel] = (days[sel] * 86400 + secs[sel] - off) * 1_000_000 + frac
        good[sel] = ok[sel] & ok_f & ok_o
    return us, good


def _time_of_day(m: np.ndarray, ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """``HH:MM:SS[.f{1,6}]`` on the event's date in its zone."""
    secs, ok = _clock(m, 0)
    frac, ok_f = _fraction_us(m, 8, m.shape[1] - 8)
    ok &= ok_f
    day = ctx.event_date.toordinal() - bulk._EPOCH_ORDINAL
    minute = np.where(ok, secs // 60, 0)
    base = bulk.local_us(ctx, np.full(len(m), day, dtype=np.int64), minute)
    return base + (secs % 60) * 1_000_000 + frac, ok
