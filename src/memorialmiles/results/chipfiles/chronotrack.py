"""ChronoTrack raw reads: ``CT01_33~seq~location~tag~time~...`` lines.

The same record appears tilde-separated (the TCP stream and its log files) and
comma-separated (CSV saved from the controller), so both separators are accepted. The time is
the reader's local time of day (``HH:MM:SS.ss``) or a full local date-time; a location named
``start`` marks start-mat reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from ..records import START, Read
from .base import Context, Rejected


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
        sep = "~" if "~" in text else ","
        cells = [c.strip() for c in text.split(sep)]
        if not cells[0].upper().startswith("CT01"):
            yield Rejected(n, 1, "not a ChronoTrack CT01 read line", text)
            continue
        if len(cells) < 5:
            yield Rejected(n, None, "expected CT01_xx~seq~location~tag~time", text)
            continue
        seq, location, tag, clock = cells[1], cells[2], cells[3], cells[4]
        if not seq.isdigit():
            yield Rejected(n, 2, f"sequence {seq!r} is not a number", text)
            continue
        if not tag:
            yield Rejected(n, 4, "empty tag", text)
            continue
        day, _, tod = clock.rpartition(" ")
        try:
            us = ctx.tod_us(tod, date.fromisoformat(day) if day else None)
        except ValueError as exc:
            yield Rejected(n, 5, str(exc), text)
            continue
        kind = START if location.lower() == "start" else None
        device = f"{ctx.device}:{location}" if ctx.device else location
        yield ctx.read(n, text, tag, us, device=device, seq=int(seq), kind=kind, col=4, time_col=5)
