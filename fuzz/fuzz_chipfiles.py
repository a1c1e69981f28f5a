"""Fuzz the chip-file readers: nothing may leave ``parse`` when the format is given.

Every unreadable line must come back as a ``Rejected`` line (docs/results.md); the timing
import calls ``parse`` without catching anything, so any exception here would be a 500. The
first byte picks the format, the road (whole file, which takes the numpy bulk reader for csv
and ipico, or lines one by one) and whether a tag table is given; only format detection
(``format=None``) may answer ``ValueError``, as documented.
"""

import io
from datetime import date

from harness import fuzz, instrumented

with instrumented():
    from memorialmiles.results.chipfiles import FORMATS, parse

NAMES = sorted(FORMATS)
TAGS = {"E200A": "42", "058001234567": "7", "E28011606000020497CB0065": "12", "KDHRT12": "1"}


def test_one_input(data: bytes) -> None:
    if not data:
        return
    choice, body = data[0], data[1:]
    pick = choice & 0x07  # 0-4: a format; 5-7: let parse() detect it
    fmt = NAMES[pick] if pick < len(NAMES) else None
    whole = bool(choice & 0x10)
    tags = TAGS if choice & 0x20 else None
    source = io.BytesIO(body) if whole else body.splitlines(keepends=True)
    try:
        parse(source, fmt, event_date=date(2025, 5, 1), tz="America/Chicago", tags=tags)
    except ValueError as exc:
        if fmt is not None or "chip-file format" not in str(exc):
            raise


if __name__ == "__main__":
    fuzz(test_one_input)
