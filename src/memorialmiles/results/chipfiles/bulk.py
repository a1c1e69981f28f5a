"""The whole-file road: a chip file as one byte array, its lines found and read with numpy.

A fast parser handles the lines that fit the usual layout exactly (ASCII, fixed-width times)
in bulk and hands every other line to the format's line-by-line parser, the reference; so
a strange line gets the very reason and column it always got, and nothing is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..records import Read
from .base import Context, Rejected, decode_line
from .columns import ReadColumns

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
CHUNK = 1 << 18  # lines read in bulk at once: about 30 MB of temporaries for a plain CSV
_WHITESPACE = np.zeros(256, dtype=bool)
_WHITESPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True  # what str.strip() removes, ASCII
_ODD = np.zeros(256, dtype=bool)
_ODD[[0, 34, *range(128, 256)]] = True  # NUL, quote, not ASCII: such lines go line by line
_HEX = np.full(256, 255, dtype=np.uint8)
for _i, _c in enumerate(b"0123456789abcdef"):
    _HEX[_c] = _i
    _HEX[bytes([_c]).upper()[0]] = _i


class LineBuffer:
    """Lines of a file as ``[start, end)`` byte spans; ``plain[i]`` says line i is bulk-safe.

    A bulk-safe line is ASCII without NUL, quote or BOM; its span excludes the line ending.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.buf = buf = np.frombuffer(data, dtype=np.uint8)
        nl = np.flatnonzero(buf == 10)
        raw_end = nl + 1
        if len(data) and data[-1:] != b"\n":
            raw_end = np.append(raw_end, len(data))
        self.raw_start = np.concatenate(([0], raw_end[:-1])).astype(np.int64)
        self.raw_end = raw_end.astype(np.int64)
        self.n = len(raw_end)
        self.start = self.raw_start.copy()
        end = self.raw_end - (buf[self.raw_end - 1] == 10) if self.n else self.raw_end
        while self.n:  # rstrip("\r") like the reference
            cr = (end > self.start) & (buf[np.maximum(end - 1, 0)] == 13)
            if not cr.any():
                break
            end = end - cr
        self.end = end
        self.plain = ~self.lines_with(_ODD[buf])

    def line_of(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.raw_start, positions, side="right") - 1

    def lines_with(self, byte_mask: np.ndarray) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        out[self.line_of(np.flatnonzero(byte_mask))] = True
        return out

    def text(self, i: int) -> str | Rejected:
        """Line ``i`` (0-based) exactly as the line-by-line road sees it."""
        return decode_line(i + 1, self.data[self.raw_start[i] : self.raw_end[i]])

    def matrix(self, left: np.ndarray, width: int) -> np.ndarray:
        """Bytes ``[left, left + width)`` of each row, as a (rows, width) array."""
        if len(self.buf) < width:
            return np.zeros((0, width), dtype=np.uint8)
        return sliding_window_view(self.buf, width)[left]

    def cells(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """ASCII cells ``[left, right)`` as a numpy bytes array (rows must be bulk-safe)."""
        if not len(left):
            return np.zeros(0, dtype="S1")
        width = right - left
        w = max(int(width.max()), 1)
        cut = max(len(self.buf) - w, 0)  # windows starting after ``cut`` run off the end
        near = left > cut
        cells = np.zeros((len(left), w), dtype=np.uint8)
        if len(self.buf) >= w:
            cells[~near] = sliding_window_view(self.buf, w)[left[~near]]
        if near.any():
            tail = np.concatenate([self.buf[cut:], np.zeros(w, dtype=np.uint8)])
            cells[near] = sliding_window_view(tail, w)[left[near] - cut]
        cells[np.arange(w) >= width[:, None]] = 0
        return cells.view(f"S{w}").ravel()

    def strings(self, left: np.ndarray, right: np.ndarray) -> list[str]:
        cells = self.cells(left, right)
        return cells.astype(f"U{max(cells.itemsize, 1)}").tolist()


def digits(m: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns ``lo:hi`` as a decimal number, and whether they all were digits."""
    value = np.zeros(len(m), dtype=np.int64)
    ok = np.ones(len(m), dtype=bool)
    for k in range(lo, hi):
        d = m[:, k] - np.uint8(48)  # wraps: anything but a digit is > 9
        ok &= d <= 9
        value *= 10
        value += d
    return value, ok


def all_hex(m: np.ndarray, lo: int, hi: int) -> np.ndarray:
    ok = np.ones(len(m), dtype=bool)
    for k in range(lo, hi):
        ok &= _HEX[m[:, k]] < 16
    return ok


def column_sum(m: np.ndarray, lo: int, hi: int) -> np.ndarray:
    total = np.zeros(len(m), dtype=np.int64)
    for k in range(lo, hi):
        total += m[:, k]
    return total


def hexes(m: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns ``lo:hi`` as a hexadecimal number, and whether they all were hex digits."""
    value = np.zeros(len(m), dtype=np.int64)
    ok = np.ones(len(m), dtype=bool)
    for k in range(lo, hi):
        h = _HEX[m[:, k]]
        ok &= h < 16
        value *= 16
        value += h
    return value, ok


def is_ws(b: np.ndarray) -> np.ndarray:
    return _WHITESPACE[b]


def days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 of a proleptic Gregorian date, and whether the date exists."""
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    dim = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(m - 1, 0, 11)]
    dim = dim + ((m == 2) & leap)
    ok = (y >= 1) & (y <= 9999) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= dim)
    yy = y - (m <= 2)
    era = np.floor_divide(yy, 400)
    yoe = yy - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468, ok


def local_us(ctx: Context, days: np.ndarray, minute_of_day: np.ndarray) -> np.ndarray:
    """Epoch microseconds of local wall-clock minutes, each distinct minute asked of the zone
    once through the reference ``Context.local_us`` (so DST folds resolve the same way)."""
    key = days * 1440 + minute_of_day
    uniq, inv = np.unique(key, return_inverse=True)
    base = np.array(
        [
            ctx.local_us(
                date.fromordinal(int(k) // 1440 + _EPOCH_ORDINAL), *divmod(int(k) % 1440, 60), 0, 0
            )
            for k in uniq.tolist()
        ],
        dtype=np.int64,
    )
    return base[inv.ravel()]


def finish(
    lb: LineBuffer,
    fast: ReadColumns,
    slow: np.ndarray,
    one_line: Callable[[int, str], Read | Rejected | None],
) -> tuple[ReadColumns, list[Rejected]]:
    """Send lines ``slow`` (0-based) through the reference, then merge all in line order.

    ``one_line(n, text)`` returns a Read, a Rejected, or None for a skipped line.
    """
    reads: list[Read] = []
    read_lines: list[int] = []
    rejected: list[Rejected] = []
    for i in slow.tolist():
        text = lb.text(i)
        item = text if isinstance(text, Rejected) else one_line(i + 1, text)
        if item is None:
            continue
        if type(item) is Read:
            reads.append(item)
            read_lines.append(i + 1)
        else:
            rejected.append(item)
    slow_cols = ReadColumns.from_reads(reads, read_lines) if reads else ReadColumns.empty()
    return ReadColumns.merge([fast, slow_cols]), rejected
