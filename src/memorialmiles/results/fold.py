"""Fold repeats and drop reads before the start, with the counts an import reports.

A chip is read many times while a runner crosses the mat; repeats of the same tag (and kind)
within ``window_s`` of the read kept before are folded into it, first read wins. Because the
results core also takes the first read, folding never changes a result: it only keeps the
stored data small and honest about what was seen.

The work is done on columns with numpy: reads sorted by (bib, kind, time, device, seq) split
into runs whose steps are all within the window. A run no longer than the window keeps its
first read only; a longer run (a tag left lying by the mat) is walked read by read, since
"within the window of the read kept before" depends on which reads were kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .chipfiles.base import ParseResult
from .records import Read, TimeLike, to_us
from .table import ReadTable


@dataclass(frozen=True, slots=True)
class FoldReport:
    reads: list[Read]
    lines_read: int
    reads_stored: int
    repeats_folded: int
    before_start: int
    rejected: int


def _sorted_codes(values: Sequence) -> np.ndarray:
    """Codes that follow the values' sort order, so ties break the same for any input order."""
    n = len(values)
    if isinstance(values, np.ndarray) and values.dtype.kind == "S" and values.itemsize <= 8:
        values = _as_number(values)  # same order, and numbers sort far faster than bytes
    if isinstance(values, np.ndarray) and values.dtype.kind in "SUu":
        return np.unique(values, return_inverse=True)[1].reshape(n).astype(np.int64)
    if isinstance(values, list) and n and values.count(values[0]) == n:
        return np.zeros(n, dtype=np.int64)  # one device for the whole file, as usual
    rank = {v: i for i, v in enumerate(sorted(set(values)))}
    return np.fromiter(map(rank.__getitem__, values), dtype=np.int64, count=n)


def fold(
    reads: ParseResult | Iterable[Read], start_time: TimeLike | None, window_s: float = 5.0
) -> FoldReport:
    """Keep the first read of each cluster; ``start_time=None`` keeps reads of any time."""
    lines_read = rejected = 0
    columns = None
    if isinstance(reads, ParseResult):
        lines_read, rejected = reads.lines_read, len(reads.rejected)
        columns = reads.columns
        reads = reads.reads if columns is None else []
    reads = reads if isinstance(reads, list) else list(reads)
    n = len(columns) if columns is not None else len(reads)
    if not lines_read:
        lines_read = n + rejected
    if not n:
        return FoldReport([], lines_read, 0, 0, 0, rejected)
    if columns is not None:
        t, devices, seqs = columns.time_us, columns.devices, columns.seqs
        keys = _sorted_codes(columns.bibs) * 2 + columns.is_start
    else:
        table = ReadTable.from_reads(reads)
        t, devices, seqs = table.time_us, table.devices, table.seqs
        bib_codes = _sorted_codes([r[0] for r in reads])
        kind_codes = _sorted_codes([r[5] for r in reads])
        keys = bib_codes * (int(kind_codes.max()) + 1) + kind_codes
    dev = _sorted_codes(devices)
    before = np.zeros(n, bool) if start_time is None else t < to_us(start_time)
    kept = _kept(t, keys, dev, seqs, before, round(window_s * 1_000_000))
    kept = kept[_lexsort(seqs[kept], dev[kept], keys[kept], t[kept])]
    n_before = int(before.sum())
    return FoldReport(
        reads=columns.to_reads(kept) if columns is not None else [reads[i] for i in kept.tolist()],
        lines_read=lines_read,
        reads_stored=len(kept),
        repeats_folded=n - n_before - len(kept),
        before_start=n_before,
        rejected=rejected,
    )


def _kept(t, keys, dev, seqs, before, window: int) -> np.ndarray:
    """Indices of the reads kept: the first of each run, and more where a run is long."""
    idx = np.flatnonzero(~before)
    order = idx[_lexsort(seqs[idx], dev[idx], t[idx], keys[idx])]
    k, tt = keys[order], t[order]
    m = len(order)
    if not m:
        return order
    starts = np.ones(m, dtype=bool)
    starts[1:] = (k[1:] != k[:-1]) | (tt[1:] - tt[:-1] > window)
    first = np.flatnonzero(starts)
    run = np.cumsum(starts) - 1
    long_runs = np.flatnonzero(np.maximum.reduceat(tt - tt[first][run], first) > window)
    keep = starts
    if len(long_runs):
        ends = np.append(first[1:], m)
        tl = tt.tolist()
        for r in long_runs.tolist():
            lo, hi = int(first[r]), int(ends[r])
            last = tl[lo]
            for j in range(lo + 1, hi):
                if tl[j] - last > window:
                    keep[j] = True
                    last = tl[j]
    return order[keep]


def _lexsort(*keys: np.ndarray) -> np.ndarray:
    """``np.lexsort`` (last key most significant), with fewer passes where it can.

    Keys that hold one value are dropped; the two most significant are packed into one
    int64 when they fit; and a least significant key that already rises through the array
    (line numbers, as parsed) is left to a stable sort of the rest.
    """
    n = len(keys[0])
    used = [k for k in keys if len(k) and k.min() != k.max()]
    if len(used) >= 2:
        packed = _pack(used[-1], used[-2])
        if packed is not None:
            used = [*used[:-2], packed]
    if not used:
        return np.arange(n)
    if len(used) >= 2 and bool(np.all(used[0][1:] > used[0][:-1])):
        used = used[1:]
    if len(used) == 1:
        return np.argsort(used[0], kind="stable")
    return np.lexsort(used)


def _as_number(values: np.ndarray) -> np.ndarray:
    """Bytes of up to 8 as one big-endian unsigned number: the byte order is kept."""
    padded = np.zeros((len(values), 8), dtype=np.uint8)
    padded[:, : values.itemsize] = values.view(np.uint8).reshape(len(values), values.itemsize)
    return padded.view(">u8").ravel().astype(np.uint64)


def _pack(major: np.ndarray, minor: np.ndarray) -> np.ndarray | None:
    """One int64 that sorts as (major, minor), when both fit; None otherwise."""
    lo_major, lo_minor = int(major.min()), int(minor.min())
    span = int(minor.max()) - lo_minor + 1
    if (int(major.max()) - lo_major + 1) * span >= 2**63:
        return None
    return (major - lo_major) * span + (minor - lo_minor)
