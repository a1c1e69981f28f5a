"""Raw IPICO reader lines, checksum verified.

``aa`` | reader id (2 hex) | tag id (12 hex) | I/Q counters (4 hex) | ``YYMMDDHHMMSS`` |
hundredths (2 hex, 00-63) | checksum (2 hex) | optional ``FS``/``LS`` (first/last seen).
The checksum is the sum of the character codes of positions 2-33 modulo 256. The reader's
clock is local wall time, read in the event's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from ..records import Read
from .base import Context, Rejected

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
        line = text.strip()
        if not line:
            ctx.skipped += 1
            continue
        if len(line) not in (36, 38):
            yield Rejected(n, None, f"an IPICO read is 36 or 38 characters, not {len(line)}", text)
            continue
        if not line.startswith("aa"):
            yield Rejected(n, 1, "an IPICO read starts with aa", text)
            continue
        if not set(line[2:36]) <= _HEX:
            yield Rejected(n, None, "an IPICO read is hexadecimal", text)
            continue
        if line[34:36].lower() != checksum(line[2:34]):
            yield Rejected(n, 35, f"checksum {line[34:36]} should be {checksum(line[2:34])}", text)
            continue
        if len(line) == 38 and line[36:] not in ("FS", "LS"):
            yield Rejected(n, 37, f"suffix {line[36:]!r} is not FS or LS", text)
            continue
        stamp, hundredths = line[20:32], int(line[32:34], 16)
        if not stamp.isdigit() or hundredths > 99:
            yield Rejected(n, 21, "bad date or time in the read", text)
            continue
        try:
            day = date(2000 + int(stamp[0:2]), int(stamp[2:4]), int(stamp[4:6]))
            h, m, s = int(stamp[6:8]), int(stamp[8:10]), int(stamp[10:12])
            if h > 23 or m > 59 or s > 59:
                raise ValueError
        except ValueError:
            yield Rejected(n, 21, f"bad date or time {stamp}", text)
            continue
        us = ctx.local_us(day, h, m, s, hundredths * 10_000)
        device = ctx.device or f"ipico-{line[2:4]}"
        yield ctx.read(n, text, line[4:16].upper(), us, device=device, col=5)
