"""A tracker link's life, and storing what its phone sends, each fix once.

The link lives from its making until it is revoked or the run ends (finished, cancelled, or
its scheduled start plus ``TIMING_RUN_HOURS`` gone by): a phone left in a drawer cannot write
into a run a week later. A phone resends its queue whenever the signal returns, maybe twice:
``(tracker, seq)`` is unique and the insert skips what is there, so each fix is stored once.
Fixes are judged (`gps.live.judge`) in the phone's order, under a lock on the tracker, so two
batches racing from one phone judge one after the other; the kept ones are placed on the
course and, once committed, pushed to the watchers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from memorialmiles.audit import record
from memorialmiles.events.models import CLOSED_STATUSES, Event, EventStatus
from memorialmiles.gps.live import KEPT, Fix, LineState, counts, judge
from memorialmiles.live import bus
from memorialmiles.live.models import Position, Tracker, hash_token
from memorialmiles.live.state import course_length, course_line, position_payload, start_of
from memorialmiles.timing.models import run_ends_at

MAX_BATCH = 500


class LinkDead(Exception):
    """The tracker link no longer writes (revoked, or the run is over); the message says which."""


def tracker_for(token: str) -> Tracker | None:
    if not token or "\x00" in token or len(token) > 200:
        return None
    return (
        Tracker.objects.select_related("event", "event__course")
        .filter(token_hash=hash_token(token))
        .first()
    )


def link_end(tracker: Tracker) -> dt.datetime | None:
    return run_ends_at(tracker.event)


def ensure_alive(tracker: Tracker, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if tracker.revoked:
        raise LinkDead("This tracker link was revoked: ask the organizer for a new one.")
    event = tracker.event
    if event.status in CLOSED_STATUSES:
        raise LinkDead(f"The run is {event.get_status_display().lower()}: this link has ended.")
    end = link_end(tracker)
    if end is not None and now >= end:
        raise LinkDead(f"This link ended at {end:%Y-%m-%d %H:%M} UTC, after the run.")


@dataclass(frozen=True)
class BatchResult:
    created: int
    duplicates: int
    accepted: list[int]
    verdicts: dict[str, int]  # of the fixes new in this batch
    live: bool  # whether watchers see them now (the run is live)


def _line_state(tracker: Tracker) -> tuple[LineState, float | None]:
    """The judge's state from the rows: the last fix kept, the refused fast ones after it."""
    last = Position.objects.filter(tracker=tracker, verdict=KEPT).order_by("-id").first()
    tail = Position.objects.filter(tracker=tracker, verdict="too_fast")
    if last is not None:
        tail = tail.filter(id__gt=last.id)
    state = LineState(
        last=_fix(last) if last else None, pending=[_fix(p) for p in tail.order_by("id")]
    )
    return state, (last.along_m if last else None)


def _fix(p: Position) -> Fix:
    return Fix(p.seq, p.time.timestamp(), p.lat, p.lon, p.accuracy_m)


def store(tracker: Tracker, fixes: list[Fix]) -> BatchResult:
    """Store a batch (validated by the caller's schema); safe to send again."""
    if len(fixes) > MAX_BATCH:
        raise ValueError(f"a batch holds at most {MAX_BATCH} positions")
    event: Event = tracker.event
    with transaction.atomic():
        Tracker.objects.select_for_update().filter(pk=tracker.pk).values_list("pk").first()
        event.status = Event.objects.filter(pk=event.pk).values_list("status", flat=True)[0]
        ensure_alive(tracker)
        seqs = {f.seq for f in fixes}
        held = set(
            Position.objects.filter(tracker=tracker, seq__in=seqs).values_list("seq", flat=True)
        )
        fresh: dict[int, Fix] = {}
        for f in sorted(fixes, key=lambda f: f.seq):
            if f.seq not in held:
                fresh.setdefault(f.seq, f)  # the same seq twice in one batch: the first
        new = list(fresh.values())
        state, after_m = _line_state(tracker)
        start = start_of(event)
        verdicts, _ = judge(new, state, start=start.timestamp() if start else None)
        line = course_line(event)
        rows = []
        for f, verdict in zip(new, verdicts, strict=True):
            row = Position(
                tracker=tracker,
                event=event,
                seq=f.seq,
                time=dt.datetime.fromtimestamp(f.time, tz=dt.UTC),
                lat=f.lat,
                lon=f.lon,
                accuracy_m=f.accuracy_m,
                verdict=verdict,
            )
            if verdict == KEPT and line is not None:
                snap = line.snap(f.lat, f.lon, after_m=after_m)
                row.along_m, row.shown_lat, row.shown_lon = snap.along_m, snap.lat, snap.lon
                after_m = max(after_m or 0.0, snap.along_m)
            rows.append(row)
        Position.objects.bulk_create(rows, ignore_conflicts=True)
        tally = counts(verdicts)
        if rows:
            record.bulk(tracker, "live.positions", {"positions new": len(rows), **tally})
        Tracker.objects.filter(pk=tracker.pk).update(last_seen_at=timezone.now())
        live = event.status == EventStatus.LIVE
        if live and tally[KEPT]:
            kept = [r.seq for r in rows if r.verdict == KEPT]
            length = course_length(event, line)
            transaction.on_commit(lambda: _push(tracker, kept, start, length))
    return BatchResult(
        created=len(rows),
        duplicates=len(fixes) - len(rows),
        accepted=sorted(seqs),
        verdicts=tally,
        live=live,
    )


def _push(
    tracker: Tracker, seqs: list[int], start: dt.datetime | None, length: float | None
) -> None:
    """The kept fixes, read back with their ids (the stream's cursor), to every watcher; the
    start and the course's length are the batch's own (read once, under its lock)."""
    event = tracker.event
    rows = Position.objects.filter(tracker=tracker, verdict=KEPT, seq__in=seqs).order_by("id")
    for p in rows:
        if start is not None and p.time < start:
            continue
        bus.publish(event.pk, "position", position_payload(p, start, length), p.pk)
