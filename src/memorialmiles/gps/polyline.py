"""Google's encoded polyline (precision 5 by default), decoded without a loop per character."""

from __future__ import annotations

import numpy as np

from .errors import GpsError
from .track import Track

ALPHABET = frozenset(range(63, 127))


def looks_like_polyline(data: bytes) -> bool:
    text = data.strip()
    return bool(text) and len(text) >= 2 and all(b in ALPHABET for b in text[:4096])


def decode(text: str | bytes, precision: int = 5) -> tuple[np.ndarray, np.ndarray]:
    raw = text.strip().encode() if isinstance(text, str) else text.strip()
    values = np.frombuffer(raw, dtype=np.uint8).astype(np.int64) - 63
    if values.size == 0 or (values < 0).any() or (values > 63).any():
        raise ValueError("characters outside the polyline alphabet")
    ends = (values & 0x20) == 0
    if not ends[-1]:
        raise ValueError("the polyline ends in the middle of a number")
    group = np.concatenate([[0], np.cumsum(ends)[:-1]])
    starts = np.flatnonzero(np.concatenate([[True], ends[:-1]]))
    shift = 5 * (np.arange(values.size) - starts[group])
    if shift.max() > 60:
        raise ValueError("a number in the polyline is too long")
    numbers = np.add.reduceat((values & 0x1F) << shift, starts)
    deltas = np.where(numbers & 1, ~(numbers >> 1), numbers >> 1)
    if deltas.size % 2:
        raise ValueError("odd count of numbers: a latitude without its longitude")
    coords = np.cumsum(deltas.reshape(-1, 2), axis=0) / 10**precision
    return coords[:, 0].copy(), coords[:, 1].copy()


def encode(lat: np.ndarray, lon: np.ndarray, precision: int = 5) -> str:
    scaled = np.round(np.column_stack([lat, lon]) * 10**precision).astype(np.int64)
    deltas = np.diff(scaled, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).reshape(-1)
    out = []
    for v in deltas.tolist():
        v = ~(v << 1) if v < 0 else v << 1
        while v >= 0x20:
            out.append(chr((0x20 | (v & 0x1F)) + 63))
            v >>= 5
        out.append(chr(v + 63))
    return "".join(out)


def read_polyline(data: bytes | str, file: str = "<polyline>", precision: int = 5) -> Track:
    try:
        lat, lon = decode(data, precision)
    except ValueError as exc:
        raise GpsError(file, line=1, message=f"not an encoded polyline: {exc}") from None
    return Track(lat, lon)
