"""Joining a device to an event and storing what a phone sends, exactly once.

A phone queues records offline and sends them in batches, maybe twice, maybe from two phones
at once. Each record carries the phone's own sequence number; ``(device, device_seq)`` is
unique in the database and the insert skips conflicts (``ON CONFLICT DO NOTHING`` on both
SQLite and PostgreSQL), so a repeated or concurrent batch stores each record once without
a lock and without an error. The answer lists every sequence number the server holds from
that batch, so the phone can forget exactly those.

Once the run is finished or cancelled a batch with anything new is refused (``TimingClosed``,
409): published results do not move. A batch the server already holds entirely is still
answered, so a phone that lost the first answer can forget what it sent.

A gun tap sets the start signal only when its wave has none yet: the first phone to tap
"Start" starts the race, and no phone (nor a volunteer) can move the start afterwards; only
the timing lead (an organizer, on the lead page) sets or replaces a start signal. A later
gun tap is kept as a raw record, like every tap, and listed in ``refused_starts``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from memorialmiles.audit import record
from memorialmiles.events.models import Event
from memorialmiles.results.records import EARLIEST_US, LATEST_US, MAX_BIB
from memorialmiles.timing.models import (
    JOIN_CODE_MINUTES,
    DeviceRole,
    JoinCode,
    Kind,
    RawRecord,
    Source,
    StartSignal,
    TimingDevice,
    ensure_timing_open,
    normalize_join_code,
)
from memorialmiles.timing.signals import announce_results

MAX_BATCH = 500
MAX_WAVE = 20  # the column's length
MAX_SEQ = 2**63 - 1  # a BigIntegerField: SQLite and PostgreSQL both stop here


class SyncError(ValueError):
    """A batch the server refuses as a whole (nothing of it is stored)."""


class JoinError(ValueError):
    pass


@dataclass(frozen=True)
class SyncResult:
    created: int
    duplicates: int
    accepted: list[int]
    server_count: int
    event_count: int
    refused_starts: list[int]


def create_join_code(event, user, minutes: int = JOIN_CODE_MINUTES) -> JoinCode:
    expires = timezone.now() + dt.timedelta(minutes=minutes)
    return JoinCode.objects.create(event=event, created_by=user, expires_at=expires)


def join(code: str, name: str, role: str = DeviceRole.BOTH) -> TimingDevice:
    """Trade a valid join code for a device token that may time that one event.

    The code may be typed in any case, with or without its dash or spaces. A finished or
    cancelled run takes no new phone (``TimingClosed``).
    """
    code = normalize_join_code(code)[:20]
    readable = code.isascii() and code.isalnum()  # no NUL or symbols reach the query
    found = JoinCode.objects.select_related("event").filter(code=code).first() if readable else None
    if found is None or not found.is_valid(timezone.now()):
        raise JoinError("That code is unknown or has expired: ask the timing lead for a new one.")
    ensure_timing_open(found.event)
    if role not in DeviceRole.values:
        raise JoinError(f"role must be one of {', '.join(DeviceRole.values)}")
    name = (name or "").replace("\x00", "").strip()[:80] or "Phone"
    return TimingDevice.objects.create(event=found.event, name=name, join_code=found, role=role)


def _seq(value, what: str) -> int:
    """A phone's sequence number: a whole number from 1 to 2**63 - 1 (the column's range)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise SyncError(f"{what} must be a whole number")
    try:
        seq = int(value)
    except ValueError:
        raise SyncError(f"{what} must be a whole number") from None
    if not 1 <= seq <= MAX_SEQ:
        raise SyncError(f"{what} {seq}: must be from 1 to {MAX_SEQ}")
    return seq


def _text(value, seq: int, what: str, limit: int) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise SyncError(f"seq {seq}: {what} holds a NUL character")
    if len(text) > limit:
        raise SyncError(f"seq {seq}: {what} is longer than {limit} characters")
    return text


def _clean(item: dict, device: TimingDevice) -> RawRecord:
    """One record of a batch -> an unsaved RawRecord; SyncError says which and why."""
    if not isinstance(item, dict) or "seq" not in item:
        raise SyncError("every record needs an integer seq")
    seq = _seq(item["seq"], "seq")
    kind = item.get("kind", Kind.FINISH)
    if kind not in Kind.values:
        raise SyncError(f"seq {seq}: kind must be one of {', '.join(Kind.values)}")
    bib = _text(item.get("bib"), seq, "bib", MAX_BIB)
    time_us = item.get("time_us")
    source = item.get("source") or (Source.TAP if time_us is not None else Source.TYPED)
    if source not in (Source.TAP, Source.TYPED):
        raise SyncError(f"seq {seq}: source must be tap or typed")
    if source == Source.TYPED and (kind != Kind.FINISH or not bib):
        raise SyncError(f"seq {seq}: a typed record is a bib in finish order")
    if time_us is not None:
        try:
            time_us = int(time_us)
        except (TypeError, ValueError):
            raise SyncError(f"seq {seq}: time_us must be an integer") from None
        if not EARLIEST_US <= time_us <= LATEST_US:
            raise SyncError(f"seq {seq}: time_us is outside 2000-2100")
    elif source == Source.TAP:
        raise SyncError(f"seq {seq}: a tap needs time_us")
    group = item.get("group_bibs") if kind == Kind.GROUP else None
    if group is not None:
        if not isinstance(group, list) or len(group) > 5000:
            raise SyncError(f"seq {seq}: group_bibs must be a list of bibs")
        group = [b for b in (_text(b, seq, "a group bib", MAX_BIB) for b in group) if b]
    ref = item.get("ref_seq")
    ref = None if ref is None else _seq(ref, f"seq {seq}: ref_seq")
    return RawRecord(
        event_id=device.event_id,
        device=device,
        device_seq=seq,
        source=source,
        kind=kind,
        bib=bib,
        group_bibs=group or None,
        wave=_text(item.get("wave"), seq, "wave", MAX_WAVE),
        ref_seq=ref,
        device_time_us=time_us,
    )


def sync_batch(device: TimingDevice, items: list[dict]) -> SyncResult:
    """Store a batch from a phone; safe to call again with the same batch, or concurrently.

    Raises SyncError (nothing stored) for a bad record and TimingClosed when the batch holds
    anything new for a finished or cancelled run.
    """
    if not isinstance(items, list) or len(items) > MAX_BATCH:
        raise SyncError(f"a batch is a list of at most {MAX_BATCH} records")
    rows = [_clean(item, device) for item in items]
    seqs = sorted({r.device_seq for r in rows})
    with transaction.atomic():
        before = set(
            RawRecord.objects.filter(device=device, device_seq__in=seqs).values_list(
                "device_seq", flat=True
            )
        )
        fresh = [r for r in rows if r.device_seq not in before]
        if fresh:
            ensure_timing_open(device.event)
        RawRecord.objects.bulk_create(fresh, ignore_conflicts=True)
        refused = _start_signals_from_guns(device, seqs)
        _record_sync(device, rows, fresh)
        if fresh:
            announce_results(device.event_id)
        TimingDevice.objects.filter(pk=device.pk).update(last_seen_at=timezone.now())
    stored = set(
        RawRecord.objects.filter(device=device, device_seq__in=seqs).values_list(
            "device_seq", flat=True
        )
    )
    return SyncResult(
        created=len(stored - before),
        duplicates=len(rows) - len(stored - before),
        accepted=sorted(stored),
        server_count=RawRecord.objects.filter(device=device).count(),
        event_count=RawRecord.objects.filter(event_id=device.event_id).count(),
        refused_starts=refused,
    )


def _record_sync(device: TimingDevice, rows: list[RawRecord], fresh: list[RawRecord]) -> None:
    """One audit entry per batch that stored something: raw records skip model signals."""
    if not fresh:
        return
    counts = {
        "records sent": len(rows),
        "records new": len(fresh),
        "gun taps": sum(1 for r in fresh if r.kind == Kind.GUN),
    }
    seqs = [r.device_seq for r in fresh]
    record.bulk(device, "timing.sync", counts, first_seq=min(seqs), last_seq=max(seqs))


def _start_signals_from_guns(device: TimingDevice, seqs: list[int]) -> list[int]:
    """The first gun tap of a wave becomes its start signal; the seqs of the others.

    The event row is locked first, so two phones tapping "Start" at once make one signal.
    The one-to-one link keeps a resent gun tap single.
    """
    guns = list(
        RawRecord.objects.filter(device=device, device_seq__in=seqs, kind=Kind.GUN)
        .filter(start_signal__isnull=True)
        .order_by("device_time_us", "device_seq")
    )
    if not guns:
        return []
    list(Event.objects.select_for_update().filter(pk=device.event_id).values_list("pk"))
    started = set(
        StartSignal.objects.filter(event_id=device.event_id).values_list("wave", flat=True)
    )
    refused: list[int] = []
    for g in guns:
        if g.wave in started:
            refused.append(g.device_seq)
            continue
        StartSignal.objects.create(
            event_id=g.event_id,
            wave=g.wave,
            gun_time_us=g.device_time_us,
            source=Source.TAP,
            raw_record=g,
        )
        started.add(g.wave)
    return sorted(refused)
