"""Fold repeats and drop reads before the start, with the counts an import reports.

A chip is read many times while a runner crosses the mat; repeats of the same tag (and kind)
within ``window_s`` of the read kept before are folded into it, first read wins. Because the
results core also takes the first read, folding never changes a result: it only keeps the
stored data small and honest about what was seen.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def _sorted_codes(values: list) -> np.ndarray:
    """Codes that follow the values' sort order, so ties break the same for any input order."""
    rank = {v: i for i, v in enumerate(sorted(set(values)))}
    return np.fromiter((rank[v] for v in values), dtype=np.int64, count=len(values))


def fold(
    reads: ParseResult | Iterable[Read], start_time: TimeLike | None, window_s: float = 5.0
) -> FoldReport:
    """Keep the first read of each cluster; ``start_time=None`` keeps reads of any time."""
    lines_read = rejected = 0
    if isinstance(reads, ParseResult):
        lines_read, rejected, reads = reads.lines_read, len(reads.rejected), reads.reads
    reads = list(reads)
    if not lines_read:
        lines_read = len(reads) + rejected
    if not reads:
        return FoldReport([], lines_read, 0, 0, 0, rejected)
    table = ReadTable.from_reads(reads)
    t = table.time_us
    keys = _sorted_codes([(r[0], r[5]) for r in reads])
    devices = _sorted_codes(list(table.devices))
    order = np.lexsort((table.seqs, devices, t, keys))
    before = np.zeros(len(reads), bool) if start_time is None else t < to_us(start_time)
    window = round(window_s * 1_000_000)
    kept: list[int] = []
    folded = 0
    last_key, last_t = -1, 0
    keys_l, t_l, before_l = keys.tolist(), t.tolist(), before.tolist()
    for i in order.tolist():
        if before_l[i]:
            continue
        k, ti = keys_l[i], t_l[i]
        if k == last_key and ti - last_t <= window:
            folded += 1
            continue
        kept.append(i)
        last_key, last_t = k, ti
    kept_arr = np.array(kept, dtype=np.int64)
    kept_arr = kept_arr[
        np.lexsort((table.seqs[kept_arr], devices[kept_arr], keys[kept_arr], t[kept_arr]))
    ]
    return FoldReport(
        reads=[reads[i] for i in kept_arr.tolist()],
        lines_read=lines_read,
        reads_stored=len(kept),
        repeats_folded=folded,
        before_start=int(before.sum()),
        rejected=rejected,
    )
