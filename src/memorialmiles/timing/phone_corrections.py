"""Corrections made on a timer phone: delete a tap, fix its bib, insert a missed finish.

Webscorer lets the finish-line volunteer fix a mistake where it happens, on the phone; here the
fix is a ``Correction`` row, never an edit of the raw tap, so the review page shows who (the
phone), when (the phone's clock, and when the server got it) and why, and the lead can undo it.

A phone queues corrections offline beside its taps and sends them the same way: each carries
the phone's own sequence number, and ``(device, device_seq)`` is unique, so a batch sent twice,
or by two tabs at once, stores each correction once. A correction names its tap by the phone's
sequence number; if that tap has not reached the server yet, the correction is answered as
``waiting`` (nothing stored) and the phone sends it again after its taps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from memorialmiles.results.records import EARLIEST_US, LATEST_US, MAX_BIB
from memorialmiles.timing.models import (
    Correction,
    Kind,
    RawRecord,
    Source,
    TimingDevice,
    ensure_timing_open,
)
from memorialmiles.timing.sync import SyncError, _seq, _text

MAX_CORRECTIONS = 200
MAX_WHY = 300
# What a phone may do, by the name its page uses -> the correction it becomes.
PHONE_ACTIONS = {
    "delete_tap": Correction.Action.VOID_READ,
    "fix_bib": Correction.Action.ASSIGN_READ,
    "insert_finish": Correction.Action.SET_TIME,
}


@dataclass(frozen=True)
class PhoneCorrections:
    created: int
    accepted: list[int]  # the seqs the server holds: the phone may forget them
    waiting: list[int]  # their tap is not on the server yet: send them again after the taps


@dataclass(frozen=True)
class _Item:
    seq: int
    action: str
    record_seq: int | None
    bib: str
    time_us: int | None
    made_us: int | None
    why: str


def _time(value, seq: int, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SyncError(f"correction {seq}: {what} must be an integer")
    if not EARLIEST_US <= value <= LATEST_US:
        raise SyncError(f"correction {seq}: {what} is outside 2000-2100")
    return value


def _clean(item) -> _Item:
    if not isinstance(item, dict) or "seq" not in item:
        raise SyncError("every correction needs an integer seq")
    seq = _seq(item["seq"], "seq")
    action = item.get("action")
    if action not in PHONE_ACTIONS:
        raise SyncError(f"correction {seq}: action must be one of {', '.join(PHONE_ACTIONS)}")
    why = _text(item.get("why"), seq, "why", MAX_WHY)
    if not why:
        raise SyncError(f"correction {seq}: say why (every correction keeps its reason)")
    bib = _text(item.get("bib"), seq, "bib", MAX_BIB)
    ref = item.get("record_seq")
    ref = None if ref is None else _seq(ref, f"correction {seq}: record_seq")
    time_us = _time(item.get("time_us"), seq, "time_us")
    if action != "insert_finish" and ref is None:
        raise SyncError(f"correction {seq}: {action} names its tap (record_seq)")
    if action != "delete_tap" and not bib:
        raise SyncError(f"correction {seq}: {action} needs the bib")
    if action == "insert_finish" and time_us is None:
        raise SyncError(f"correction {seq}: insert_finish needs the finish time (time_us)")
    made = _time(item.get("made_us"), seq, "made_us")
    return _Item(seq, action, ref, bib, time_us, made, why)


def _target(item: _Item, taps: dict[int, RawRecord]) -> RawRecord | None:
    """The raw record a correction reads differently: the tap itself; a typed bib that labels a
    tap (``ref_seq``) stands for that tap, since the tap is the read results use."""
    record = taps.get(item.record_seq or 0)
    if record is not None and record.source == Source.TYPED and record.ref_seq is not None:
        labelled = taps.get(record.ref_seq)
        if labelled is not None and item.action == "fix_bib":
            return labelled
    return record


def _refuse_target(item: _Item, record: RawRecord) -> None:
    if record.kind != Kind.FINISH:
        raise SyncError(f"correction {item.seq}: only a finish tap or bib can be corrected here")
    if item.action == "fix_bib" and record.source != Source.TAP:
        raise SyncError(
            f"correction {item.seq}: a bib typed in finish order is fixed on the review page"
        )


def store(device: TimingDevice, items: list) -> PhoneCorrections:
    """Store a phone's corrections once each; SyncError (nothing stored) for a bad one, and
    TimingClosed when anything new would change a finished or cancelled run."""
    if not isinstance(items, list) or len(items) > MAX_CORRECTIONS:
        raise SyncError(f"a batch is a list of at most {MAX_CORRECTIONS} corrections")
    cleaned = [_clean(i) for i in items]
    seqs = {i.seq for i in cleaned}
    wanted = {i.record_seq for i in cleaned if i.record_seq is not None}
    with transaction.atomic():
        held = set(
            Correction.objects.filter(device=device, device_seq__in=seqs).values_list(
                "device_seq", flat=True
            )
        )
        mine = RawRecord.objects.filter(device=device)
        taps = {r.device_seq: r for r in mine.filter(device_seq__in=wanted)}
        labels = {r.ref_seq for r in taps.values() if r.ref_seq is not None} - taps.keys()
        taps.update({r.device_seq: r for r in mine.filter(device_seq__in=labels)})
        fresh, waiting = [], []
        for item in cleaned:
            if item.seq in held:
                continue
            record = _target(item, taps) if item.record_seq is not None else None
            if item.record_seq is not None and record is None:
                waiting.append(item.seq)
                continue
            if record is not None:
                _refuse_target(item, record)
            fresh.append(_correction(device, item, record))
        if fresh:
            ensure_timing_open(device.event)
        created = sum(_save_once(c) for c in fresh)
        TimingDevice.objects.filter(pk=device.pk).update(last_seen_at=timezone.now())
    accepted = Correction.objects.filter(device=device, device_seq__in=seqs)
    return PhoneCorrections(
        created=created,
        accepted=sorted(accepted.values_list("device_seq", flat=True)),
        waiting=sorted(waiting),
    )


def _correction(device: TimingDevice, item: _Item, record: RawRecord | None) -> Correction:
    return Correction(
        event_id=device.event_id,
        action=PHONE_ACTIONS[item.action],
        record=record,
        bib=item.bib if item.action != "delete_tap" else "",
        time_us=item.time_us if item.action == "insert_finish" else None,
        kind=Kind.FINISH,
        why=item.why,
        device=device,
        device_seq=item.seq,
        device_time_us=item.made_us,
    )


def _save_once(correction: Correction) -> int:
    """Save (one audit entry naming the phone); a twin saved by a concurrent batch is fine."""
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError:
        return 0
    return 1
