"""Reads as columns (numpy arrays) so the results hot loop never touches a Python object."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .records import START, Read, to_us


@dataclass(frozen=True, slots=True)
class ReadTable:
    """Columnar reads: ``bibs[i]``, ``time_us[i]``, ``is_start[i]``, ``devices[i]``, ``seqs[i]``.

    Build it once from ``Read`` objects, or directly from columns when a parser or a database
    query already has them (no million tuples in between).
    """

    bibs: Sequence[str]
    time_us: np.ndarray
    is_start: np.ndarray
    devices: Sequence[str]
    seqs: np.ndarray

    def __len__(self) -> int:
        return len(self.bibs)

    @classmethod
    def from_reads(cls, reads: Iterable[Read]) -> ReadTable:
        reads = reads if isinstance(reads, list | tuple) else list(reads)
        n = len(reads)
        bibs = [str(r[0]) for r in reads]
        times = [r[1] for r in reads]
        try:
            secs = np.asarray(times, dtype=np.float64)
            time_us = np.rint(secs * 1_000_000).astype(np.int64)
        except TypeError:
            time_us = np.fromiter((to_us(t) for t in times), dtype=np.int64, count=n)
        is_start = np.fromiter((r[5] == START for r in reads), dtype=bool, count=n)
        devices = [r[3] for r in reads]
        seqs = np.fromiter((r[4] for r in reads), dtype=np.int64, count=n)
        return cls(bibs, time_us, is_start, devices, seqs)

    @classmethod
    def from_columns(
        cls,
        bibs: Sequence[str],
        time_us: np.ndarray,
        is_start: np.ndarray | None = None,
        devices: Sequence[str] | None = None,
        seqs: np.ndarray | None = None,
    ) -> ReadTable:
        n = len(bibs)
        time_us = np.asarray(time_us, dtype=np.int64)
        if len(time_us) != n:
            raise ValueError("bibs and time_us differ in length")
        if is_start is None:
            is_start = np.zeros(n, dtype=bool)
        if devices is None:
            devices = [""] * n
        if seqs is None:
            seqs = np.arange(n, dtype=np.int64)
        return cls(bibs, time_us, np.asarray(is_start, dtype=bool), devices, np.asarray(seqs))
