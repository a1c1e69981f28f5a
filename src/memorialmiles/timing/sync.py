"""Joining a device to an event and storing what a phone sends, exactly once.

A phone queues records offline and sends them in batches, maybe twice, maybe from two phones
at once. Each record carries the phone's own sequence number; ``(device, device_seq)`` is
unique in the database and the insert skips conflicts (``ON CONFLICT DO NOTHING`` on both
SQLite and PostgreSQL), so a repeated or concurrent batch stores each record once without
a lock and without an error. The answer lists every sequence number the server holds from
that batch, so the phone can forget exactly those.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from memorialmiles.audit import record
from memorialmiles.timing.models import (
    JOIN_CODE_MINUTES,
    DeviceRole,
    JoinCode,
    Kind,
    RawRecord,
    Source,
    StartSignal,
    TimingDevice,
)

MAX_BATCH = 500
# A phone clock may be off, but not by years: refuse nonsense before it reaches results.
_EARLIEST_US = 946_684_800 * 1_000_000  # 2000-01-01
_LATEST_US = 4_102_444_800 * 1_000_000  # 2100-01-01


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


def create_join_code(event, user, minutes: int = JOIN_CODE_MINUTES) -> JoinCode:
    expires = timezone.now() + dt.timedelta(minutes=minutes)
    return JoinCode.objects.create(event=event, created_by=user, expires_at=expires)


def join(code: str, name: str, role: str = DeviceRole.BOTH) -> TimingDevice:
    """Trade a valid join code for a device token that may time that one event."""
    code = "".join(code.split()).upper()
    found = JoinCode.objects.select_related("event").filter(code=code).first()
    if found is None or not found.is_valid(timezone.now()):
        raise JoinError("That code is unknown or has expired: ask the timing lead for a new one.")
    if role not in DeviceRole.values:
        raise JoinError(f"role must be one of {', '.join(DeviceRole.values)}")
    name = (name or "").strip()[:80] or "Phone"
    return TimingDevice.objects.create(event=found.event, name=name, join_code=found, role=role)


def _clean(item: dict, device: TimingDevice) -> RawRecord:
    """One record of a batch -> an unsaved RawRecord; SyncError says which and why."""
    try:
        seq = int(item["seq"])
    except (KeyError, TypeError, ValueError):
        raise SyncError("every record needs an integer seq") from None
    if seq < 1:
        raise SyncError(f"seq {seq}: must be 1 or more")
    kind = item.get("kind", Kind.FINISH)
    if kind not in Kind.values:
        raise SyncError(f"seq {seq}: kind must be one of {', '.join(Kind.values)}")
    bib = str(item.get("bib") or "").strip()[:40]
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
        if not _EARLIEST_US <= time_us <= _LATEST_US:
            raise SyncError(f"seq {seq}: time_us is outside 2000-2100")
    elif source == Source.TAP:
        raise SyncError(f"seq {seq}: a tap needs time_us")
    group = item.get("group_bibs") if kind == Kind.GROUP else None
    if group is not None:
        if not isinstance(group, list) or len(group) > 5000:
            raise SyncError(f"seq {seq}: group_bibs must be a list of bibs")
        group = [str(b).strip()[:40] for b in group if str(b).strip()]
    ref = item.get("ref_seq")
    return RawRecord(
        event_id=device.event_id,
        device=device,
        device_seq=seq,
        source=source,
        kind=kind,
        bib=bib,
        group_bibs=group or None,
        wave=str(item.get("wave") or "")[:20],
        ref_seq=int(ref) if isinstance(ref, int) else None,
        device_time_us=time_us,
    )


def sync_batch(device: TimingDevice, items: list[dict]) -> SyncResult:
    """Store a batch from a phone; safe to call again with the same batch, or concurrently."""
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
        RawRecord.objects.bulk_create(fresh, ignore_conflicts=True)
        _start_signals_from_guns(device, seqs)
        _record_sync(device, rows, fresh)
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


def _start_signals_from_guns(device: TimingDevice, seqs: list[int]) -> None:
    """A gun tap is a raw record and a start signal; the one-to-one link keeps it single."""
    guns = RawRecord.objects.filter(
        device=device, device_seq__in=seqs, kind=Kind.GUN, start_signal__isnull=True
    )
    StartSignal.objects.bulk_create(
        [
            StartSignal(
                event_id=g.event_id,
                wave=g.wave,
                gun_time_us=g.device_time_us,
                source=Source.TAP,
                raw_record=g,
            )
            for g in guns
        ],
        ignore_conflicts=True,
    )
