"""The plain CSV: a header ``bib,time`` or ``tag,time`` (an optional ``kind`` column).

A time is ISO 8601 with its UTC offset, or ``HH:MM:SS[.fff]`` on the event's date in the
event's zone. Other columns are allowed and ignored, so a spreadsheet export still loads.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from ..records import KINDS, Read
from .base import Context, Rejected, time_us


def _cells(text: str) -> list[str]:
    if '"' in text:
        return next(csv.reader([text]), [])
    return text.split(",")


def parse_lines(
    lines: Iterable[tuple[int, str | Rejected]], ctx: Context
) -> Iterator[Read | Rejected]:
    id_col = time_col = kind_col = -1
    is_tag = False
    for n, text in lines:
        if isinstance(text, Rejected):
            yield text
            continue
        if not text.strip():
            ctx.skipped += 1
            continue
        cells = _cells(text)
        if id_col < 0:
            names = [c.strip().lower() for c in cells]
            if "time" not in names or not ({"bib", "tag"} & set(names)):
                yield Rejected(n, None, "expected a header with bib,time or tag,time", text)
                continue
            is_tag = "tag" in names and "bib" not in names
            id_col = names.index("tag" if is_tag else "bib")
            time_col = names.index("time")
            kind_col = names.index("kind") if "kind" in names else -1
            ctx.skipped += 1
            continue
        if len(cells) <= max(id_col, time_col, kind_col):
            yield Rejected(n, None, f"expected at least {max(id_col, time_col) + 1} columns", text)
            continue
        ident = cells[id_col].strip()
        if not ident:
            yield Rejected(n, id_col + 1, "empty tag" if is_tag else "empty bib", text)
            continue
        kind = None
        if kind_col >= 0:
            kind = cells[kind_col].strip().lower() or None
            if kind is not None and kind not in KINDS:
                yield Rejected(n, kind_col + 1, f"kind {kind!r} is not start or finish", text)
                continue
        try:
            us = time_us(cells[time_col], ctx)
        except ValueError as exc:
            yield Rejected(n, time_col + 1, str(exc), text)
            continue
        if is_tag:
            yield ctx.read(n, text, ident, us, kind=kind, col=id_col + 1)
        else:
            yield Read(
                ident, (us + ctx.offset_us) / 1_000_000, "chip", ctx.device, n, kind or ctx.kind
            )
