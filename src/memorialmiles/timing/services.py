"""Results of an event from its database rows, through the pure ``memorialmiles.results`` core.

Reads are loaded as columns with one plain SQL query (no model instances: an event may hold a
million chip reads) and handed to ``ReadTable.from_columns``. Bare phone taps and typed bibs
are merged here first (see ``merge_taps``); everything else is the core's job, so the same
rows always give the same results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import operator
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import Max

from memorialmiles.events.models import Event, RegistrationStatus
from memorialmiles.results import (
    MILE_M,
    Entry,
    GroupFinish,
    ReadTable,
    Result,
    Results,
    Start,
    Status,
    compute,
    to_us,
)
from memorialmiles.results.corrections import resolve
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

    def __reduce__(self):
        """Pickle rows as plain tuples: 50,000 frozen dataclasses pickle ten times slower."""
        r = self.results
        rows = [(_plain_values(row), row.status.value, _entry_values(row.entry)) for row in r.rows]
        packed = (rows, {name: getattr(r, name) for name in _RESULTS_COUNTS})
        rest = (self.merge, self.starts, self.gun_from_schedule, self.distance_m)
        return (_unpickle_event_results, (packed, *rest, self.group_times))


_PLAIN_FIELDS = [f.name for f in dataclasses.fields(Result) if f.name not in ("entry", "status")]
_ENTRY_AT = [f.name for f in dataclasses.fields(Result)].index("entry")
_STATUS_AT = [f.name for f in dataclasses.fields(Result)].index("status")
if not _ENTRY_AT < _STATUS_AT:
    raise ImportError("Result's field order changed: update _unpickle_event_results")
_RESULTS_COUNTS = [f.name for f in dataclasses.fields(Results) if f.name != "rows"]
_plain_values = operator.attrgetter(*_PLAIN_FIELDS)
_entry_values = operator.attrgetter(*(f.name for f in dataclasses.fields(Entry)))


def _unpickle_event_results(packed, *rest) -> EventResults:
    rows, counts = packed
    statuses = {s.value: s for s in Status}
    e, st = _ENTRY_AT, _STATUS_AT  # entry comes before status in Result
    built = tuple(
        Result(*plain[:e], Entry(*entry), *plain[e : st - 1], statuses[status], *plain[st - 1 :])
        for plain, status, entry in rows
    )
    return EventResults(Results(built, **counts), *rest)


def merge_taps(event: Event, voided: frozenset[int] = frozenset()) -> Merge:
    """Pair bare taps with typed bibs: by reference first, then in finish order.

    A typed bib that names its tap (``ref_seq`` on the same device) labels it. The rest are
    the two-device crew: the n-th typed bib, in the order typed, goes with the n-th bare tap,
    in time order. Extra taps or bibs, and a bib typed twice, are left for the timing lead.

    ``voided`` holds the raw record ids a correction deleted: a deleted tap (and the bib that
    labels it) or a deleted typed bib takes no part, so deleting a stray tap in two-device mode
    moves the later bibs onto the right taps, as Webscorer does.
    """
    rows = [
        r
        for r in RawRecord.objects.filter(
            event=event, kind=Kind.FINISH, source__in=(Source.TAP, Source.TYPED)
        ).only("id", "device_id", "device_seq", "source", "bib", "ref_seq", "device_time_us")
        if r.id not in voided
    ]
    gone = {(r.device_id, r.device_seq) for r in _voided_taps(event, voided)}
    rows = [r for r in rows if r.source != Source.TYPED or (r.device_id, r.ref_seq) not in gone]
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


def _voided_taps(event: Event, voided: frozenset[int]):
    if not voided:
        return []
    return RawRecord.objects.filter(event=event, pk__in=voided, source=Source.TAP).only(
        "device_id", "device_seq"
    )


def _age(age: int | None, birth: dt.date | None, day: dt.date | None) -> int | None:
    if age is not None:
        return age
    if birth and day:
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return None


def _entry_rows(event: Event):
    """What results read of each registered runner: plain tuples, no model instances."""
    return (
        event.registrations.filter(status=RegistrationStatus.REGISTERED, bib__isnull=False)
        .order_by("bib")
        .values_list(
            "bib", "first_name", "last_name", "sex", "age", "birth_date", "agency_id",
            "agency__name", "team",
        )
    )  # fmt: skip


def entries_for(event: Event) -> list[Entry]:
    day = event.local_start.date() if event.starts_at else None
    return [
        Entry(
            bib=str(bib),
            first_name=first,
            last_name=last,
            sex=(sex or "").strip().upper()[:1] or None,
            age=_age(age, birth, day),
            agency=(agency_name if agency_id else team) or None,
        )
        for bib, first, last, sex, age, birth, agency_id, agency_name, team in _entry_rows(event)
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


_READS_WHERE = (
    "WHERE event_id = %s AND kind IN ('finish', 'start') AND bib <> '' "
    "AND source IN ('chip', 'manual', 'tap') AND device_time_us IS NOT NULL"
)
_SEP = "\x1f"  # ASCII unit separator between bibs; a bib holding one takes the slow road


def _aggregate_sql(table: str) -> str:
    """One row: the reads' columns packed by the database (same row order in every aggregate).

    PostgreSQL packs ids and times as big-endian int8 bytes (``int8send``), SQLite as
    comma-separated text; either way numpy reads them with no Python object per read.
    """
    if connection.vendor == "postgresql":
        return (
            "SELECT count(*), string_agg(int8send(id), ''), "  # noqa: S608
            "string_agg(int8send(device_time_us), ''), "
            "string_agg(CASE WHEN kind = 'start' THEN '\\x01'::bytea ELSE '\\x00'::bytea END, ''), "
            f"string_agg(bib, chr(31)) FROM {table} {_READS_WHERE}"
        )
    return (
        "SELECT count(*), group_concat(id), group_concat(device_time_us), "  # noqa: S608
        "group_concat(CASE WHEN kind = 'start' THEN '1' ELSE '0' END, ''), "
        f"group_concat(bib, char(31)) FROM {table} {_READS_WHERE}"
    )


def _ints(packed, n: int) -> np.ndarray:
    if isinstance(packed, bytes | memoryview):
        return np.frombuffer(packed, dtype=">i8").astype(np.int64)
    out = np.fromstring(packed, dtype=np.int64, sep=",")  # text mode: exact int64 parsing
    if len(out) != n:
        raise ValueError("packed column has the wrong length")
    return out


def read_columns(event: Event) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """The event's chip reads and bib-carrying taps as columns: ids, bibs, time_us, is_start.

    A million reads in one aggregate query, unpacked by numpy; the row-by-row fetch is the
    fallback when a bib holds the separator.
    """
    table = connection.ops.quote_name(RawRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_aggregate_sql(table), [event.pk])
        n, ids, times, starts, bibs = cursor.fetchone()
        if not n:
            z = np.zeros(0, dtype=np.int64)
            return z, [], z, np.zeros(0, dtype=bool)
        bib_list = bibs.split(_SEP)
        if len(bib_list) == n:
            flags = starts if isinstance(starts, bytes | memoryview) else starts.encode("ascii")
            is_start = np.frombuffer(flags, dtype=np.uint8) % 48 == 1  # b"\x01" or b"1"
            return _ints(ids, n), bib_list, _ints(times, n), is_start
        cursor.execute(
            f"SELECT id, bib, device_time_us, kind FROM {table} {_READS_WHERE}",  # noqa: S608
            [event.pk],
        )
        rows = cursor.fetchall()
    ids_col, bibs_col, times_col, kinds = zip(*rows, strict=True)
    return (
        np.array(ids_col, dtype=np.int64),
        list(bibs_col),
        np.array(times_col, dtype=np.int64),
        np.array([k == "start" for k in kinds], dtype=bool),
    )


def read_table(event: Event, merge: Merge) -> ReadTable:
    """Chip reads and labelled taps as columns; a read is named ("", raw record id)."""
    ids, bibs, times, is_start = read_columns(event)
    # Bare taps nobody paired stay in, with no bib: unmatched until a correction assigns one.
    extra = merge.pairs + [(t.id, "", t.device_time_us) for t in merge.unpaired_taps]
    if extra:
        ids = np.concatenate([ids, np.array([e[0] for e in extra], dtype=np.int64)])
        times = np.concatenate([times, np.array([e[2] for e in extra], dtype=np.int64)])
        is_start = np.concatenate([is_start, np.zeros(len(extra), dtype=bool)])
        bibs = bibs + [e[1] for e in extra]
    return ReadTable.from_columns(bibs, times, is_start, _Blank(len(bibs)), ids)


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
    """Changes whenever anything results depend on changes; the cache key of the results.

    Raw records and corrections are only ever added, so the highest id of each table is
    enough (the primary key index answers it at once, whatever the event holds). Runners
    have no "updated at", so the columns results read of them are hashed (by PostgreSQL
    itself there): 50,000 short rows, a small fraction of a compute.
    """
    top = [
        RawRecord.objects.aggregate(m=Max("id"))["m"],
        Correction.objects.aggregate(m=Max("id"))["m"],
        StartSignal.objects.filter(event=event).aggregate(m=Max("id"))["m"],
    ]
    people = _people_digest(event)
    distance = event.course.distance_m if event.course_id else None
    return f"{top}|{people}|{event.starts_at}|{event.course_id}|{distance}|{event.time_zone}"


def _people_digest(event: Event) -> str:
    sql, params = _entry_rows(event).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT md5(string_agg(t::text, chr(30) ORDER BY t::text)) FROM ({sql}) t",  # noqa: S608
                params,
            )
            return cursor.fetchone()[0] or ""
        cursor.execute(sql, params)
        return hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()


def compute_event(event: Event) -> EventResults:
    corrections = [c.to_core() for c in Correction.objects.filter(event=event)]
    voided = frozenset(seq for device, seq in resolve(corrections).void if device == "")
    merge = merge_taps(event, voided)
    starts, from_schedule = starts_for(event)
    distance = (event.course.distance_m if event.course_id else None) or MILE_M
    groups = group_finishes_for(event)
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
    """Cached by a version key, so a projector and a hundred phones polling cost one compute.

    Two levels: this process keeps the latest results of a few events as objects (a hit
    costs only ``version``), and the shared cache serves the other app servers (unpickling
    50,000 rows takes about as long as computing them, so it is the second choice).
    """
    digest = hashlib.sha256(version(event).encode()).hexdigest()[:24]
    key = f"timing:results:{event.pk}:{digest}"
    now = time.monotonic()
    if not fresh:
        held = _LOCAL.get(event.pk)
        if held is not None and held[0] == key and now - held[1] < CACHE_SECONDS:
            return held[2]
        hit = cache.get(key)
        if hit is not None:
            _remember(event.pk, key, now, hit)
            return hit
    out = compute_event(event)
    cache.set(key, out, CACHE_SECONDS)
    _remember(event.pk, key, now, out)
    return out


_LOCAL: dict[int, tuple[str, float, EventResults]] = {}
LOCAL_EVENTS = 4  # events whose results one process keeps (a race day has one or two live)


_LOCAL_LOCK = threading.Lock()


def _remember(event_id: int, key: str, now: float, out: EventResults) -> None:
    with _LOCAL_LOCK:
        _LOCAL.pop(event_id, None)
        _LOCAL[event_id] = (key, now, out)
        while len(_LOCAL) > LOCAL_EVENTS:
            del _LOCAL[next(iter(_LOCAL))]


PROJECTOR_LATEST = 8
PROJECTOR_LEADERS = 5


def projector_rows(out: EventResults) -> dict:
    """What the finish-area screen shows: who just crossed (latest first) and the leaders."""
    finishers = [r for r in out.results.rows if r.place is not None]
    latest = sorted(finishers, key=lambda r: (r.finish_us or 0, r.place), reverse=True)
    gun = min((to_us(s.time) for s in out.starts), default=None)
    return {
        "latest": latest[:PROJECTOR_LATEST],
        "leaders": finishers[:PROJECTOR_LEADERS],
        "finished": len(finishers),
        "entrants": len(out.results.rows),
        "start_us": None if out.gun_from_schedule else gun,
    }
