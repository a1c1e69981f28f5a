"""Entries + start signals + raw reads + corrections -> ranked results, always recomputed.

Rules (see docs/results.md for the why):
- A runner's finish is the first finish read at or after their wave's gun (plus
  ``min_time_s``); their own start is the first start-mat read at or after the gun and
  before the finish. First read wins, so folding repeats never changes a result.
- Gun time = finish - gun; net time = finish - own start (the gun when there is none).
- Places use competition ranking (1, 1, 3) on the gun time (USATF practice) or the net time.
- Every sort key ends in the canonical bib order, so any input order gives the same output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from .corrections import resolve
from .divisions import DivisionSpec, parse_divisions
from .records import FINISH, START, Correction, Entry, GroupFinish, Read, Start, Status, to_us
from .table import ReadTable
from .timefmt import format_duration, format_pace

MILE_M = 1609.344
_NEVER = np.iinfo(np.int64).max
_TAIL_ORDER = (Status.DNF, Status.DQ, Status.DNS)


def bib_key(bib: str) -> tuple[int, int, str]:
    """Total order on bibs: numbers numerically first, then the rest as text."""
    return (0, int(bib), bib) if bib.isdigit() else (1, 0, bib)


@dataclass(frozen=True, slots=True)
class Result:
    place: int | None
    bib: str
    entry: Entry
    status: Status
    division: str | None
    sex_place: int | None
    division_place: int | None
    agency_place: int | None
    gun_us: int | None
    net_us: int | None
    finish_us: int | None
    start_us: int | None
    pace_mile_s: float | None
    pace_km_s: float | None
    group_finish: bool

    @property
    def gun_time(self) -> str:
        return format_duration(self.gun_us)

    @property
    def net_time(self) -> str:
        return format_duration(self.net_us)

    @property
    def pace_per_mile(self) -> str:
        return format_pace(self.pace_mile_s)

    @property
    def pace_per_km(self) -> str:
        return format_pace(self.pace_km_s)


@dataclass(frozen=True, slots=True)
class Results:
    """Ranked rows (finishers by place, then DNF, DQ, DNS) and counts for the review page."""

    rows: tuple[Result, ...]
    reads_used: int
    unmatched_reads: int
    before_start: int
    voided_reads: int
    ignored_corrections: int

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> Result:
        return self.rows[i]

    def by_bib(self) -> dict[str, Result]:
        return {r.bib: r for r in self.rows}


def _guns(entries: Sequence[Entry], starts: Iterable[Start]) -> np.ndarray:
    by_wave: dict[str | None, int] = {}
    for s in starts:
        t = to_us(s.time)
        if by_wave.setdefault(s.wave, t) != t:
            raise ValueError(f"two different start signals for wave {s.wave or '(event)'}")
    guns = np.empty(len(entries), dtype=np.int64)
    for i, e in enumerate(entries):
        t = by_wave.get(e.wave, by_wave.get(None))
        if t is None:
            raise ValueError(f"bib {e.bib}: no start signal for wave {e.wave or '(event)'}")
        guns[i] = t
    return guns


def _competition_places(order: np.ndarray, times: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Places 1,1,3 within each group, for the rows in ``order`` (already sorted)."""
    t, g = times[order], groups[order]
    n = len(order)
    pos = np.arange(n)
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = g[1:] != g[:-1]
    new_time = new_group.copy()
    new_time[1:] |= t[1:] != t[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, pos, 0))
    tie_start = np.maximum.accumulate(np.where(new_time, pos, 0))
    places = np.empty(len(times), dtype=np.int64)
    places[order] = tie_start - group_start + 1
    return places


def _codes(values: list[str | None]) -> np.ndarray:
    table: dict[str, int] = {}
    return np.array(
        [-1 if v is None else table.setdefault(v, len(table)) for v in values], dtype=np.int64
    )


def _apply_read_corrections(table, idx, void, bib_index, force) -> None:
    """Only called when a correction names a read: the one per-read Python loop left."""
    for i, (dev, seq) in enumerate(zip(table.devices, table.seqs.tolist(), strict=True)):
        key = (dev, seq)
        if key in force.void:
            void[i] = True
        elif key in force.assign:
            idx[i] = bib_index.get(force.assign[key], -1)


def compute(
    entries: Iterable[Entry],
    reads: Iterable[Read] | ReadTable,
    starts: Iterable[Start],
    *,
    corrections: Iterable[Correction] = (),
    group_finishes: Iterable[GroupFinish] = (),
    distance_m: float = MILE_M,
    divisions: DivisionSpec | str = "5y",
    min_time_s: float = 0.0,
    rank_by: str = "gun",
) -> Results:
    """Compute results from raw records; the same inputs in any order give equal results."""
    if rank_by not in ("gun", "net"):
        raise ValueError("rank_by must be 'gun' or 'net'")
    if distance_m <= 0:
        raise ValueError("distance must be positive")
    spec = parse_divisions(divisions) if isinstance(divisions, str) else divisions
    ents = sorted(entries, key=lambda e: bib_key(e.bib))
    bib_index: dict[str, int] = {}
    for i, e in enumerate(ents):
        if bib_index.setdefault(e.bib, i) != i:
            raise ValueError(f"bib {e.bib} entered twice")
    n = len(ents)
    gun = _guns(ents, starts)
    force = resolve(corrections)
    table = reads if isinstance(reads, ReadTable) else ReadTable.from_reads(reads)

    idx = np.fromiter(map(bib_index.get, table.bibs, repeat(-1)), np.int64, count=len(table))
    void = np.zeros(len(table), dtype=bool)
    if force.touches_reads:
        _apply_read_corrections(table, idx, void, bib_index, force)
    t = table.time_us
    matched = (idx >= 0) & ~void
    # With nobody entered every read is unmatched, and there is no gun to index.
    gun_of = np.where(matched, gun[np.where(matched, idx, 0)], 0) if n else np.zeros_like(t)
    min_us = round(min_time_s * 1_000_000)
    early = matched & (t < gun_of)
    fin_ok = matched & ~table.is_start & (t >= gun_of + min_us)
    start_ok = matched & table.is_start & (t >= gun_of)

    fin = np.full(n, _NEVER, dtype=np.int64)
    np.minimum.at(fin, idx[fin_ok], t[fin_ok])
    own = np.full(n, _NEVER, dtype=np.int64)
    np.minimum.at(own, idx[start_ok], t[start_ok])

    group = np.full(n, _NEVER, dtype=np.int64)
    unmatched_group = 0
    for g in group_finishes:
        tg = to_us(g.time)
        if g.bibs is None:
            members = np.arange(n)
        else:
            found = [bib_index.get(b, -1) for b in g.bibs]
            unmatched_group += found.count(-1)
            members = np.array([i for i in found if i >= 0], dtype=np.int64)
        members = members[tg >= gun[members] + min_us]
        np.minimum.at(group, members, tg)
    via_group = group < fin
    fin = np.minimum(fin, group)

    ignored = 0
    for (bib, kind), tu in force.times.items():
        i = bib_index.get(bib)
        if i is None or kind not in (FINISH, START) or (tu is not None and tu < gun[i]):
            ignored += 1
            continue
        target = fin if kind == FINISH else own
        if tu is None:
            continue  # a cleared manual time: the reads count again
        target[i] = tu
        if kind == FINISH:
            via_group[i] = False
    finished = fin != _NEVER
    own = np.where(own < fin, own, _NEVER)  # a start-mat read after the finish is noise
    started = own != _NEVER

    statuses = []
    for i, e in enumerate(ents):
        s = force.status.get(e.bib) or e.status
        if s is None or s == Status.FINISHED:
            s = Status.FINISHED if finished[i] else (Status.DNF if started[i] else Status.DNS)
        statuses.append(s)
    timed = finished & np.array([s in (Status.FINISHED, Status.DQ) for s in statuses], bool)
    ranked = finished & np.array([s == Status.FINISHED for s in statuses], bool)

    net_from = np.where(started, own, gun)
    gun_us = fin - gun
    net_us = fin - net_from
    rank_time = gun_us if rank_by == "gun" else net_us

    canon = np.arange(n)
    rk = np.flatnonzero(ranked)
    order = rk[np.lexsort((canon[rk], rank_time[rk]))]
    zero = np.zeros(n, dtype=np.int64)
    place = _competition_places(order, rank_time, zero)

    div_labels = [spec.label(e.sex, e.age) for e in ents]
    place_sets = []
    for labels in (
        [e.sex or None for e in ents],
        div_labels,
        [(e.agency or "").strip() or None for e in ents],
    ):
        codes = _codes(labels)
        sub = rk[codes[rk] >= 0]
        sub_order = sub[np.lexsort((canon[sub], rank_time[sub], codes[sub]))]
        places = _competition_places(sub_order, rank_time, codes)
        place_sets.append((places, codes))

    miles = distance_m / MILE_M
    km = distance_m / 1000.0

    def row(i: int) -> Result:
        e, s = ents[i], statuses[i]
        has_time = bool(timed[i])
        is_ranked = bool(ranked[i])

        def grp(k: int) -> int | None:
            places, codes = place_sets[k]
            return int(places[i]) if is_ranked and codes[i] >= 0 else None

        net = int(net_us[i]) if has_time else None
        return Result(
            place=int(place[i]) if is_ranked else None,
            bib=e.bib,
            entry=e,
            status=s,
            division=div_labels[i],
            sex_place=grp(0),
            division_place=grp(1),
            agency_place=grp(2),
            gun_us=int(gun_us[i]) if has_time else None,
            net_us=net,
            finish_us=int(fin[i]) if has_time else None,
            start_us=int(own[i]) if has_time and started[i] else None,
            pace_mile_s=net / 1e6 / miles if net is not None else None,
            pace_km_s=net / 1e6 / km if net is not None else None,
            group_finish=bool(via_group[i]) and has_time,
        )

    rows = [row(int(i)) for i in order]
    for tail in _TAIL_ORDER:
        rows.extend(row(i) for i in range(n) if statuses[i] == tail)
    return Results(
        rows=tuple(rows),
        reads_used=int(fin_ok.sum() + start_ok.sum()),
        unmatched_reads=int(((idx < 0) & ~void).sum()) + unmatched_group,
        before_start=int(early.sum()),
        voided_reads=int(void.sum()),
        ignored_corrections=ignored,
    )
