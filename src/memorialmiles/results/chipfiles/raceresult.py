"""RACE RESULT decoder passings: semicolon-separated, one passing per line.

Layout (decoder protocol 3.x, as stored in its passing files and sent for ``#P``):
``PassingNo;Bib/TranspCode;Date;Time;EventID;Hits;MaxRSSI;InternalData;IsActive;Channel;
LoopID;LoopOnly;WakeupCounter;Battery;Temperature;InternalActiveData;BoxName;FileNumber;
MaxRSSIAntenna;BoxId``. Only the first four are required; the decoder's wall clock is local,
so Date and Time are read in the event's zone. A pushed ``#P;`` prefix is accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from ..records import Read
from .base import Context, Rejected

_BOXNAME = 16


def parse_lines(
    lines: Iterable[tuple[int, str | Rejected]], ctx: Context
) -> Iterator[Read | Rejected]:
    for n, text in lines:
        if isinstance(text, Rejected):
            yield text
            continue
        if not text.strip():
            ctx.skipped += 1
            continue
        cells = text.split(";")
        if cells[0] == "#P":
            cells = cells[1:]  # a lone "#P" leaves nothing (a fuzz finding: IndexError)
        if n == 1 and cells and not cells[0].strip().isdigit() and "passing" in cells[0].lower():
            ctx.skipped += 1  # a header row from an exported passing list
            continue
        if len(cells) < 4:
            yield Rejected(n, None, "expected PassingNo;Code;Date;Time;...", text)
            continue
        number, code, day_text, clock = (c.strip() for c in cells[:4])
        if not number.isdigit():
            yield Rejected(n, 1, f"passing number {number!r} is not a number", text)
            continue
        if not code:
            yield Rejected(n, 2, "empty transponder code", text)
            continue
        try:
            day = date.fromisoformat(day_text) if day_text else None
        except ValueError:
            yield Rejected(n, 3, f"date {day_text!r} is not YYYY-MM-DD", text)
            continue
        try:
            us = ctx.tod_us(clock, day)
        except ValueError as exc:
            yield Rejected(n, 4, str(exc), text)
            continue
        box = cells[_BOXNAME].strip() if len(cells) > _BOXNAME else ""
        yield ctx.read(n, text, code, us, device=box or None, seq=int(number), col=2, time_col=4)
