"""Results of an event from its database rows, through the pure ``memorialmiles.results`` core.

Reads are loaded as columns with one plain SQL query (no model instances: an event may hold a
million chip reads) and handed to ``ReadTable.from_columns``. Bare phone taps and typed bibs
are merged here first (see ``merge_taps``); everything else is the core's job, so the same
rows always give the same results.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max

from memorialmiles.events.models import Event, Registration, RegistrationStatus
from memorialmiles.results import (
    MILE_M,
    Entry,
    GroupFinish,
    ReadTable,
    Results,
    Start,
    compute,
    to_us,
)
from memorialmiles.timing.models import Correction, Kind, RawRecord, Source, StartSignal

CACHE_SECONDS = 30


@dataclass
class Merge:
    """Taps paired with typed bibs; what could not be paired goes to the review page."""

    pairs: list[tuple[int, str, int]] = field(default_factory=list)  # (tap id, bib, time_us)
    unpaired_taps: list[RawRecord] = field(default_factory=list)
    unpaired_bibs: list[RawRecord] = field(default_factory=list)
    duplicate_bibs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EventResults:
    results: Results
    merge: Merge
    starts: list[Start]
    gun_from_schedule: bool
    distance_m: float
    group_times: list[int]


def merge_taps(event: Event) -> Merge:
    """Pair bare taps with typed bibs: by reference first, then in finish order.

    A typed bib that names its tap (``ref_seq`` on the same device) labels it. The rest are
    the two-device crew: the n-th typed bib, in the order typed, goes with the n-th bare tap,
    in time order. Extra taps or bibs, and a bib typed twice, are left for the timing lead.
    """
    rows = list(
        RawRecord.objects.filter(
            event=event, kind=Kind.FINISH, source__in=(Source.TAP, Source.TYPED)
        ).only("id", "device_id", "device_seq", "source", "bib", "ref_seq", "device_time_us")
    )
    taps = {(r.device_id, r.device_seq): r for r in rows if r.source == Source.TAP and not r.bib}
    typed = sorted(
        (r for r in rows if r.source == Source.TYPED),
        key=lambda r: (r.device_time_us or 0, r.device_id or 0, r.device_seq, r.id),
    )
    out = Merge()
    labelled: set[tuple[int | None, int]] = set()
    loose = []
    for r in typed:
        key = (r.device_id, r.ref_seq)
        if r.ref_seq is not None and key in taps and key not in labelled:
            labelled.add(key)
            tap = taps[key]
            out.pairs.append((tap.id, r.bib, tap.device_time_us))
        else:
            loose.append(r)
    free = sorted(
        (t for k, t in taps.items() if k not in labelled),
        key=lambda t: (t.device_time_us, t.device_id or 0, t.device_seq),
    )
    for tap, r in zip(free, loose, strict=False):
        out.pairs.append((tap.id, r.bib, tap.device_time_us))
    out.unpaired_taps = free[len(loose) :]
    out.unpaired_bibs = loose[len(free) :]
    seen: dict[str, int] = {}
    for _, bib, _ in out.pairs:
        seen[bib] = seen.get(bib, 0) + 1
    out.duplicate_bibs = sorted(b for b, n in seen.items() if n > 1)
    return out


def _age(r: Registration, day: dt.date | None) -> int | None:
    if r.age is not None:
        return r.age
    if r.birth_date and day:
        b = r.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))
    return None


def entries_for(event: Event) -> list[Entry]:
    day = event.local_start.date() if event.starts_at else None
    regs = (
        event.registrations.filter(status=RegistrationStatus.REGISTERED, bib__isnull=False)
        .select_related("agency")
        .order_by("bib")
    )
    return [
        Entry(
            bib=str(r.bib),
            first_name=r.first_name,
            last_name=r.last_name,
            sex=(r.sex or "").strip().upper()[:1] or None,
            age=_age(r, day),
            agency=(r.agency.name if r.agency_id else r.team) or None,
        )
        for r in regs
    ]


def starts_for(event: Event) -> tuple[list[Start], bool]:
    """The latest start signal per wave; without any, the scheduled start (and say so)."""
    latest: dict[str, int] = {}
    for s in StartSignal.objects.filter(event=event).order_by("created_at", "id"):
        latest[s.wave] = s.gun_time_us
    if latest:
        return [Start(us / 1_000_000, wave or None) for wave, us in latest.items()], False
    if event.starts_at:
        return [Start(event.starts_at)], True
    return [], True


def read_table(event: Event, merge: Merge) -> ReadTable:
    """Chip reads and labelled taps as columns; a read is named ("", raw record id)."""
    table = connection.ops.quote_name(RawRecord._meta.db_table)
    sql = (
        f"SELECT id, bib, device_time_us, kind FROM {table} "  # noqa: S608
        "WHERE event_id = %s AND kind IN ('finish', 'start') AND bib <> '' "
        "AND source IN ('chip', 'manual', 'tap') AND device_time_us IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
        rows = cursor.fetchall()
    # Bare taps nobody paired stay in, with no bib: unmatched until a correction assigns one.
    extra = merge.pairs + [(t.id, "", t.device_time_us) for t in merge.unpaired_taps]
    n = len(rows) + len(extra)
    ids = np.empty(n, dtype=np.int64)
    times = np.empty(n, dtype=np.int64)
    if rows:
        ids_col, bibs, times_col, kinds = zip(*rows, strict=True)
        ids[: len(rows)] = ids_col
        times[: len(rows)] = times_col
        is_start = np.fromiter((k == "start" for k in kinds), dtype=bool, count=len(rows))
        bibs = list(bibs)
    else:
        bibs, is_start = [], np.zeros(0, dtype=bool)
    for i, (tap_id, bib, t) in enumerate(extra, start=len(rows)):
        ids[i], times[i] = tap_id, t
        bibs.append(bib)
    is_start = np.concatenate([is_start, np.zeros(len(extra), dtype=bool)])
    return ReadTable.from_columns(bibs, times, is_start, _Blank(n), ids)


class _Blank:
    """``devices`` for the core: every read's device is "" (reads are named by id)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        return iter([""] * self.n)

    def __getitem__(self, i):
        return ""


def group_finishes_for(event: Event) -> list[GroupFinish]:
    groups = RawRecord.objects.filter(event=event, kind=Kind.GROUP).exclude(
        device_time_us__isnull=True
    )
    return [
        GroupFinish(
            g.device_time_us / 1_000_000,
            tuple(g.group_bibs) if g.group_bibs else None,
            "",
            g.id,
        )
        for g in groups
    ]


def version(event: Event) -> str:
    """Changes whenever anything results depend on changes; the cache key of the results."""
    parts = [
        RawRecord.objects.filter(event=event).aggregate(m=Max("id"), n=Count("id")),
        Correction.objects.filter(event=event).aggregate(m=Max("id")),
        StartSignal.objects.filter(event=event).aggregate(m=Max("id")),
        Registration.objects.filter(event=event).aggregate(m=Max("id"), n=Count("bib")),
    ]
    regs = event.registrations.values_list("bib", "status", "first_name", "last_name", "sex")
    people = hashlib.sha256(repr(list(regs)).encode()).hexdigest()
    return f"{parts}|{people}|{event.starts_at}|{event.course_id}"


def compute_event(event: Event) -> EventResults:
    merge = merge_taps(event)
    starts, from_schedule = starts_for(event)
    distance = (event.course.distance_m if event.course_id else None) or MILE_M
    groups = group_finishes_for(event)
    corrections = [c.to_core() for c in Correction.objects.filter(event=event)]
    entries = entries_for(event) if starts else []  # no gun yet: nobody can have a time
    results = compute(
        entries,
        read_table(event, merge),
        starts,
        corrections=corrections,
        group_finishes=groups,
        distance_m=distance,
    )
    gun = min((to_us(s.time) for s in starts), default=None)
    group_times = sorted(to_us(g.time) - gun for g in groups if gun is not None)
    return EventResults(results, merge, starts, from_schedule, distance, group_times)


def results_for(event: Event, *, fresh: bool = False) -> EventResults:
    """Cached by a version key, so a projector and a hundred phones polling cost one compute."""
    digest = hashlib.sha256(version(event).encode()).hexdigest()[:24]
    key = f"timing:results:{event.pk}:{digest}"
    if not fresh:
        hit = cache.get(key)
        if hit is not None:
            return hit
    out = compute_event(event)
    cache.set(key, out, CACHE_SECONDS)
    return out
