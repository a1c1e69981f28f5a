"""The check-in desk's writes, sent by phones as ops and applied exactly once.

A desk phone keeps the run's roster and its own outbox of ops (check in, undo, walk-up,
waiver) in IndexedDB, and sends the outbox whenever it has signal. Each op carries a random
client id. ``apply`` looks the id up first and, when the server already has it, answers what
it answered the first time, creating nothing; a unique (event, op id) constraint backs this
when two requests carry the same op at once. Two phones checking in the same runner make one
check-in (``events.services.check_in``): the second answers "already".

Bibs for walk-ups come from a block of the run's range reserved for each phone when it loads
the roster (``reserve_block``): two phones offline never hand out the same number. A bib
another way took in the meantime (the website's next bib, a bib typed at the desk) is given
the next free number on sync, and the answer says so, so the phone shows the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from memorialmiles.audit import record
from memorialmiles.events.models import (
    CLOSED_STATUSES,
    CheckIn,
    Event,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from memorialmiles.events.services import RunClosed, check_in, next_bib, register
from memorialmiles.raceday.models import DeskBibBlock, DeskOp, DeskOpKind, WaiverSignature

BLOCK_SIZE = 25
ADULT_AGE = 18


class OpRefused(ValueError):
    """An op the server will not apply; the phone drops it and shows the reason."""


@dataclass(frozen=True)
class Actor:
    """Who sent the ops: a PIN's pass or a back-office account (one of them)."""

    volunteer: object | None = None
    user: object | None = None


def roster_rows(event: Event) -> list[dict]:
    """What a desk needs of each runner, and nothing more: no email, phone or emergency
    contact, no link token. Cancelled registrations are left out."""
    qs = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("agency")
        .order_by("last_name", "first_name", "id")
    )
    return [row(r) for r in qs]


def row(r: Registration) -> dict:
    return {
        "id": r.pk,
        "first_name": r.first_name,
        "last_name": r.last_name,
        "bib": r.bib,
        "agency": r.agency.name if r.agency_id else r.team,
        "role": r.get_role_display(),
        "waitlisted": r.status == RegistrationStatus.WAITLISTED,
        "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
        "waiver": bool(r.waiver_accepted_at),
        "is_minor": r.is_minor,
        "guardian": bool(r.guardian_name),
        "walk_up": r.source == RegistrationSource.DESK,
    }


def counts(event: Event) -> dict:
    active = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    return active.aggregate(
        expected=Count("id", filter=Q(status=RegistrationStatus.REGISTERED)),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
        walk_ups=Count("id", filter=Q(source=RegistrationSource.DESK)),
    )


def reserve_block(event: Event, actor: Actor) -> DeskBibBlock:
    """This phone's block of bibs for walk-ups: its current one while it has numbers left,
    else a new one above every bib and every block given so far."""
    owner = {"volunteer": actor.volunteer} if actor.volunteer else {"user": actor.user}
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        block = DeskBibBlock.objects.filter(event=locked, **owner).order_by("-first").first()
        if block is not None and _free_in(block):
            return block
        top = free_bib(locked)
        return DeskBibBlock.objects.create(
            event=locked, first=top, last=top + BLOCK_SIZE - 1, **owner
        )


def _free_in(block: DeskBibBlock) -> bool:
    used = Registration.objects.filter(
        event_id=block.event_id, bib__gte=block.first, bib__lte=block.last
    ).count()
    return used < block.last - block.first + 1


def apply(event: Event, actor: Actor, op: dict) -> dict:
    """Apply one op once; its answer (stored with it) on every later send."""
    op_id = op["op_id"]
    if found := DeskOp.objects.filter(event=event, op_id=op_id).first():
        return {**found.result, "op_id": op_id, "replayed": True}
    try:
        with transaction.atomic():
            result = _apply(event, actor, op)
            DeskOp.objects.create(
                event=event,
                volunteer=actor.volunteer,
                user=actor.user,
                op_id=op_id,
                kind=op["kind"],
                registration_id=result.get("registration_id"),
                done_at=op.get("at") or timezone.now(),
                result=result,
            )
    except IntegrityError:
        # The same op from a twin request, committed between our look-up and our insert.
        found = DeskOp.objects.filter(event=event, op_id=op_id).first()
        if found is None:
            raise
        return {**found.result, "op_id": op_id, "replayed": True}
    return {**result, "op_id": op_id, "replayed": False}


def _apply(event: Event, actor: Actor, op: dict) -> dict:
    """Dispatch one op; a refusal rolls back whatever the op had written (its savepoint)."""
    try:
        with transaction.atomic():
            if event.status in CLOSED_STATUSES:
                raise RunClosed(event)
            kind = op["kind"]
            if kind == DeskOpKind.CHECK_IN:
                return _check_in(event, actor, op)
            if kind == DeskOpKind.UNDO:
                return _undo(event, op)
            if kind == DeskOpKind.WAIVER:
                return _waiver(event, actor, op)
            return _walk_up(event, actor, op)
    except (OpRefused, RunClosed) as exc:
        # No registration id: the op may name one that does not exist, or another run's.
        return {"status": "refused", "detail": str(exc), "registration_id": None}


def _registration(event: Event, op: dict) -> Registration:
    found = event.registrations.filter(pk=op.get("registration_id") or 0).first()
    if found is None:
        raise OpRefused("No such runner in this run.")
    return found


def _check_in(event: Event, actor: Actor, op: dict) -> dict:
    registration = _registration(event, op)
    if registration.status == RegistrationStatus.CANCELLED:
        raise OpRefused(f"{registration.name} cancelled their registration.")
    result = check_in(registration, actor.user)
    r = result.registration
    return {
        "status": "applied" if result.checked_in_now else "already",
        "registration_id": r.pk,
        "bib": r.bib,
        "row": row(r),
    }


def _undo(event: Event, op: dict) -> dict:
    registration = _registration(event, op)
    before = registration.checked_in_at
    if before is None:
        return {"status": "already", "registration_id": registration.pk, "row": row(registration)}
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=None, checked_in_by=None)
    record.change(registration, {"checked_in_at": (before, None)})
    CheckIn.objects.filter(registration=registration).delete()
    registration.refresh_from_db()
    return {"status": "applied", "registration_id": registration.pk, "row": row(registration)}


def _signature(event: Event, actor: Actor, registration: Registration, waiver: dict) -> None:
    """Store a waiver signed on the phone, and mark the runner's registration with it."""
    signed_name = (waiver.get("signed_name") or "").strip()
    if not waiver.get("accepted") or not signed_name:
        raise OpRefused("A waiver needs its box ticked and the signer's typed name.")
    guardian = (waiver.get("guardian_name") or "").strip()
    if registration.is_minor and not guardian:
        raise OpRefused(f"{registration.name} is a minor: a guardian must sign.")
    version = (waiver.get("version") or "").strip()
    text = event.waiver_text if version == event.waiver_version else ""
    signed_at = waiver.get("signed_at") or timezone.now()
    WaiverSignature.objects.create(
        registration=registration,
        signed_name=signed_name,
        guardian_name=guardian,
        drawing=waiver.get("drawing") or "",
        waiver_version=version,
        waiver_text=text,
        signed_at=signed_at,
        volunteer=actor.volunteer,
    )
    registration.waiver_accepted_at = signed_at
    registration.waiver_version = version
    registration.waiver_text = text
    fields = ["waiver_accepted_at", "waiver_version", "waiver_text"]
    if guardian:
        registration.guardian_name = guardian
        fields.append("guardian_name")
    registration.save(update_fields=fields)


def _waiver(event: Event, actor: Actor, op: dict) -> dict:
    registration = _registration(event, op)
    _signature(event, actor, registration, op.get("waiver") or {})
    return {"status": "applied", "registration_id": registration.pk, "row": row(registration)}


def _walk_up(event: Event, actor: Actor, op: dict) -> dict:
    person = op.get("person") or {}
    first, last = (person.get("first_name") or "").strip(), (person.get("last_name") or "").strip()
    if not first or not last:
        raise OpRefused("A walk-up needs a first and a last name.")
    age = person.get("age")
    minor = age is not None and age < ADULT_AGE
    waiver = op.get("waiver") or {}
    if minor and not (waiver.get("guardian_name") or "").strip():
        raise OpRefused(f"{first} {last} is {age}: a guardian must sign the waiver.")
    wanted = person.get("bib")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    taken = wanted is not None and locked.registrations.filter(bib=wanted).exists()
    bib = wanted if wanted is not None and not taken else free_bib(locked)
    outcome = register(
        event,
        idempotency_key="",
        send_email=False,
        first_name=first,
        last_name=last,
        sex=(person.get("sex") or "")[:10],
        age=age,
        team=(person.get("agency") or "").strip()[:200],
        emergency_name=(person.get("emergency_name") or "").strip()[:200],
        emergency_phone=(person.get("emergency_phone") or "").strip()[:40],
        is_minor=minor,
        source=RegistrationSource.DESK,
        bib=bib,
    )
    r = outcome.registration
    if outcome.created and waiver:
        _signature(event, actor, r, waiver)
    check_in(r, actor.user)
    r.refresh_from_db()
    return {
        "status": "applied" if outcome.created else "already",
        "detail": "" if outcome.created else f"{r.name} was already registered: checked in.",
        "registration_id": r.pk,
        "bib": r.bib,
        "bib_changed_from": wanted if outcome.created and taken else None,
        "row": row(r),
    }


def free_bib(locked: Event) -> int:
    """The next bib above every bib given and every phone's block; call holding the lock."""
    top = DeskBibBlock.objects.filter(event=locked).aggregate(m=Max("last"))["m"] or 0
    return max(next_bib(locked), top + 1)
