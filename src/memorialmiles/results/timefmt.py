"""Durations as people read them on a results board: ``0:07:58.4``, pace ``7:58``.

Fractions are shown only to the precision the times actually carry (a phone tap in
milliseconds, a chip in hundredths, a typed time in whole seconds), and truncated rather
than rounded, as timing software does, so 7:58.49 never shows as 7:58.5 on one page and
7:58.4 on another.
"""

from __future__ import annotations


def fraction_digits(us: int) -> int:
    """How many decimal places a microsecond value needs (at most 3)."""
    if us % 1_000_000 == 0:
        return 0
    if us % 100_000 == 0:
        return 1
    if us % 10_000 == 0:
        return 2
    return 3


def format_duration(us: int | None, digits: int | None = None) -> str:
    """``H:MM:SS[.f]`` from microseconds; ``None`` gives an empty cell."""
    if us is None:
        return ""
    if us < 0:
        raise ValueError("a race time cannot be negative")
    if digits is None:
        digits = fraction_digits(us)
    whole, frac = divmod(us, 1_000_000)
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    text = f"{h}:{m:02d}:{s:02d}"
    if digits:
        text += "." + f"{frac:06d}"[:digits]
    return text


def format_pace(seconds: float | None) -> str:
    """``M:SS`` (or ``H:MM:SS`` past an hour) per unit, whole seconds truncated."""
    if seconds is None:
        return ""
    whole = int(seconds)
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
