"""ISO 8601 times to float seconds, for a whole column at once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

# The shape almost every device writes: UTC with a Z, optional fraction.
_PLAIN_UTC = re.compile(rb"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z\Z")


def parse_times(
    values: Sequence[bytes | str | float | None],
) -> tuple[np.ndarray, int | None]:
    """Seconds since the epoch (NaN for missing) and the index of the first unreadable value.

    Numbers are taken as seconds already (FIT gives datetimes, converted by the reader).
    """
    out = np.full(len(values), np.nan)
    texts: list[bytes] = []
    for i, v in enumerate(values):
        if isinstance(v, float):
            out[i] = v
            texts.append(b"")
        else:
            texts.append(v.encode() if isinstance(v, str) else (v or b""))
    if not any(texts):
        return out, None
    parsed, bad = parse_time_column(np.array(texts, dtype="S"))
    given = np.array([bool(t) for t in texts])
    out[given] = parsed[given]
    return out, bad


# Offsets of the fixed characters of YYYY-MM-DDTHH:MM:SS and of its digits.
_DIGITS = np.array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])
_MARKS = np.array([4, 7, 10, 13, 16])
_MARK_BYTES = np.frombuffer(b"--T::", dtype=np.uint8)


def parse_time_column(texts: np.ndarray) -> tuple[np.ndarray, int | None]:
    """A column of times given as a numpy bytes array (``b""`` for none): both GPX roads use it.

    The usual column (every time present or absent, all of one width, UTC with a Z) is checked
    and converted by numpy without a Python step per value; anything else goes value by value
    through the same rules (so the fast and the streaming reader cannot disagree).
    """
    out = np.full(texts.size, np.nan)
    if texts.size == 0:
        return out, None
    present = texts != b""
    if not present.any():
        return out, None
    values = texts[present]
    stamps = _fixed_width_utc(values)
    if stamps is None:
        return _one_by_one(texts, out)
    out[present] = stamps
    return out, None


def _fixed_width_utc(values: np.ndarray) -> np.ndarray | None:
    """Seconds for ``YYYY-MM-DDTHH:MM:SS[.fff...]Z`` values all of one width, else None."""
    width = values.dtype.itemsize
    if width < 20 or width == 21 or width > 26:
        return None
    grid = values.view(np.uint8).reshape(values.size, width)
    digits = grid[:, _DIGITS]
    if (
        not ((digits >= 48) & (digits <= 57)).all()
        or not (grid[:, _MARKS] == _MARK_BYTES).all()
        or not (grid[:, -1] == ord("Z")).all()
    ):
        return None  # also catches shorter values (NUL padded) and surrounding whitespace
    if width > 20:
        frac = grid[:, 20:-1]
        if not (grid[:, 19] == ord(".")).all() or not ((frac >= 48) & (frac <= 57)).all():
            return None
    try:
        body = np.ascontiguousarray(grid[:, :-1]).view(f"S{width - 1}").reshape(-1)
        return body.astype("datetime64[us]").astype(np.int64) / 1e6
    except ValueError:
        return None  # a month 13 or a 30 February: the value-by-value road names it


def _one_by_one(texts: np.ndarray, out: np.ndarray) -> tuple[np.ndarray, int | None]:
    items = texts.tolist()
    present = [i for i, t in enumerate(items) if t.strip()]
    if not present:
        return out, None
    stripped = [items[i].strip() for i in present]
    if all(_PLAIN_UTC.match(t) for t in stripped):
        try:
            stamps = np.array([t[:-1] for t in stripped]).astype("datetime64[us]")
        except ValueError:
            pass
        else:
            out[present] = stamps.astype(np.int64) / 1e6
            return out, None
    for i, t in zip(present, stripped, strict=True):
        try:
            out[i] = _one(t.decode("ascii", errors="replace"))
        except ValueError:
            return out, i
    return out, None


def _one(text: str) -> float:
    stamp = datetime.fromisoformat(text)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)  # GPX and TCX times are UTC by definition
    return stamp.timestamp()


def format_time(seconds: float) -> str:
    """ISO 8601 UTC with a Z, with milliseconds only when there are any."""
    stamp = datetime.fromtimestamp(round(seconds, 3), UTC)
    text = stamp.isoformat(timespec="milliseconds" if stamp.microsecond else "seconds")
    return text.replace("+00:00", "Z")
