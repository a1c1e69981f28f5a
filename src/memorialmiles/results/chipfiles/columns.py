"""Parsed chip reads as columns, so a million-line import never builds a million tuples.

``ReadColumns`` holds what ``Read`` holds (source is always ``chip``), one array or list per
field, plus the file line each read came from. ``to_reads()`` gives the very ``Read`` tuples
the line-by-line parser gives, for callers that want objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from ..records import FINISH, START, Read


@dataclass(frozen=True, slots=True)
class ReadColumns:
    """``bibs[i]`` read at ``time_us[i]`` (epoch microseconds, clock offset applied).

    ``bibs`` is a list of str, or a numpy bytes array when every bib is ASCII (the bulk
    road): then sorting and grouping bibs stays in numpy and only kept reads become str.
    """

    bibs: list[str] | np.ndarray
    time_us: np.ndarray
    is_start: np.ndarray
    devices: Sequence[str]
    seqs: np.ndarray
    lines: np.ndarray
    time_s: np.ndarray | None = None  # the seconds a Read carries; None: time_us / 1e6

    def __len__(self) -> int:
        return len(self.bibs)

    @classmethod
    def empty(cls) -> ReadColumns:
        z = np.zeros(0, dtype=np.int64)
        return cls([], z, np.zeros(0, dtype=bool), [], z, z)

    @classmethod
    def from_reads(cls, reads: Sequence[Read], lines: Sequence[int] | None = None) -> ReadColumns:
        """Columns of ``reads`` (times in seconds, as parsers give them)."""
        n = len(reads)
        secs = np.fromiter((r[1] for r in reads), dtype=np.float64, count=n)
        return cls(
            [r[0] for r in reads],
            np.rint(secs * 1_000_000).astype(np.int64),
            np.fromiter((r[5] == START for r in reads), dtype=bool, count=n),
            [r[3] for r in reads],
            np.fromiter((r[4] for r in reads), dtype=np.int64, count=n),
            np.asarray(lines if lines is not None else np.zeros(n), dtype=np.int64),
            secs,
        )

    def seconds(self) -> np.ndarray:
        """Read times in seconds; exact division while ``time_us`` is below 2**53."""
        return self.time_us / 1_000_000 if self.time_s is None else self.time_s

    def bib_list(self, idx: np.ndarray | None = None) -> list[str]:
        bibs = self.bibs
        if isinstance(bibs, np.ndarray):
            picked = bibs if idx is None else bibs[idx]
            return picked.astype(f"U{max(picked.itemsize, 1)}").tolist()
        return list(bibs) if idx is None else [bibs[i] for i in idx.tolist()]

    def to_reads(self, idx: np.ndarray | None = None) -> list[Read]:
        """``Read`` tuples (all, or rows ``idx`` in that order), equal to the parser's own."""
        bibs = self.bib_list(idx)
        if idx is None:
            devices = self.devices
            t, starts, seqs = self.seconds(), self.is_start, self.seqs
        else:
            devices = _pick(self.devices, idx)
            t, starts, seqs = self.seconds()[idx], self.is_start[idx], self.seqs[idx]
        kinds = list(map((FINISH, START).__getitem__, starts.tolist()))
        rows = zip(bibs, t.tolist(), repeat("chip"), devices, seqs.tolist(), kinds)
        return list(map(tuple.__new__, repeat(Read), rows))

    @staticmethod
    def concat(parts: list[ReadColumns]) -> ReadColumns:
        """Parts that follow each other in the file, as one table."""
        parts = [p for p in parts if len(p)]
        if len(parts) <= 1:
            return parts[0] if parts else ReadColumns.empty()
        if all(isinstance(p.bibs, np.ndarray) for p in parts):
            bibs = np.concatenate([p.bibs for p in parts])
        else:
            bibs = [b for p in parts for b in p.bib_list()]
        return ReadColumns(
            bibs,
            np.concatenate([p.time_us for p in parts]),
            np.concatenate([p.is_start for p in parts]),
            [d for p in parts for d in p.devices],
            np.concatenate([p.seqs for p in parts]),
            np.concatenate([p.lines for p in parts]),
            None
            if all(p.time_s is None for p in parts)
            else np.concatenate([p.seconds() for p in parts]),
        )

    @staticmethod
    def merge(parts: list[ReadColumns]) -> ReadColumns:
        """One table in file-line order from parts that each are in line order."""
        parts = [p for p in parts if len(p)]
        if not parts:
            return ReadColumns.empty()
        if len(parts) == 1:
            return parts[0]
        lines = np.concatenate([p.lines for p in parts])
        order = np.argsort(lines, kind="stable")
        bibs = np.array([b for p in parts for b in p.bib_list()], dtype=object)[order].tolist()
        devs = np.array([d for p in parts for d in p.devices], dtype=object)[order].tolist()
        return ReadColumns(
            bibs,
            np.concatenate([p.time_us for p in parts])[order],
            np.concatenate([p.is_start for p in parts])[order],
            devs,
            np.concatenate([p.seqs for p in parts])[order],
            lines[order],
            np.concatenate([p.seconds() for p in parts])[order],
        )


def _pick(values: Sequence[str], idx: np.ndarray) -> list[str]:
    if isinstance(values, list) and values and values.count(values[0]) == len(values):
        return [values[0]] * len(idx)  # one device for the whole file, as usual
    return [values[i] for i in idx.tolist()]
