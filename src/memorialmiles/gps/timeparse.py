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
    n = len(values)
    out = np.full(n, np.nan)
    raw: list = [v.encode() if isinstance(v, str) else v for v in values]
    for i, v in enumerate(raw):
        if isinstance(v, float):
            out[i] = v
            raw[i] = None
    present = [i for i, v in enumerate(raw) if v]
    if not present:
        return out, None
    texts = [raw[i].strip() for i in present]  # type: ignore[union-attr]
    if all(_PLAIN_UTC.match(t) for t in texts):
        stamps = np.array([t[:-1] for t in texts]).astype("datetime64[us]")
        out[present] = stamps.astype(np.int64) / 1e6
        return out, None
    for i, t in zip(present, texts, strict=True):
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
