"""Writes that span several rows: planning a mile, registering, giving bibs, checking in.

Each is one typed function in one transaction so a view or the API stays a few lines, and each
is safe to call twice: a phone on a bad network sends the same tap again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from memorialmiles.audit import record
from memorialmiles.events.models import (
    CLOSED_STATUSES,
    DEFAULT_PROGRAM,
    PAST_REGISTRATION_MESSAGE,
    CheckIn,
    Dedication,
    Event,
    EventStatus,
    EventStatusChange,
    ProgramItem,
    ProgramKind,
    ProgramTemplate,
    Registration,
    RegistrationStatus,
    person_key,
)
from memorialmiles.honors.models import Hero
from memorialmiles.honors.states import STATES
from memorialmiles.messaging import outbox
from memorialmiles.messaging.rendering import absolute

# A zone per state for the "Plan a mile" default; the organizer corrects the rare exception
# (a panhandle county) on the edit page.
STATE_ZONES = {
    "AL": "America/Chicago",
    "AK": "America/Anchorage",
    "AZ": "America/Phoenix",
    "AR": "America/Chicago",
    "CA": "America/Los_Angeles",
    "CO": "America/Denver",
    "CT": "America/New_York",
    "DE": "America/New_York",
    "DC": "America/New_York",
    "FL": "America/New_York",
    "GA": "America/New_York",
    "HI": "Pacific/Honolulu",
    "ID": "America/Boise",
    "IL": "America/Chicago",
    "IN": "America/Indiana/Indianapolis",
    "IA": "America/Chicago",
    "KS": "America/Chicago",
    "KY": "America/New_York",
    "LA": "America/Chicago",
    "ME": "America/New_York",
    "MD": "America/New_York",
    "MA": "America/New_York",
    "MI": "America/Detroit",
    "MN": "America/Chicago",
    "MS": "America/Chicago",
    "MO": "America/Chicago",
    "MT": "America/Denver",
    "NE": "America/Chicago",
    "NV": "America/Los_Angeles",
    "NH": "America/New_York",
    "NJ": "America/New_York",
    "NM": "America/Denver",
    "NY": "America/New_York",
    "NC": "America/New_York",
    "ND": "America/Chicago",
    "OH": "America/New_York",
    "OK": "America/Chicago",
    "OR": "America/Los_Angeles",
    "PA": "America/New_York",
    "RI": "America/New_York",
    "SC": "America/New_York",
    "SD": "America/Chicago",
    "TN": "America/Chicago",
    "TX": "America/Chicago",
    "UT": "America/Denver",
    "VT": "America/New_York",
    "VA": "America/New_York",
    "WA": "America/Los_Angeles",
    "WV": "America/New_York",
    "WI": "America/Chicago",
    "WY": "America/Denver",
    "PR": "America/Puerto_Rico",
    "GU": "Pacific/Guam",
    "VI": "America/St_Thomas",
}


def change_status(event: Event, to_status: str, user=None) -> bool:
    """Move the event and record who did it; False when it already had that status.

    Publishing a run dated in the past with registration open raises ValidationError: a past
    run is recorded with registration closed.
    """
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status == to_status:
            return False
        from_status, locked.status = locked.status, to_status
        if locked.opens_past_registration:
            raise ValidationError({"registration_open": PAST_REGISTRATION_MESSAGE})
        EventStatusChange.objects.create(
            event=locked,
            from_status=from_status,
            to_status=to_status,
            changed_by=user if user is not None and user.pk else None,
        )
        Event.objects.filter(pk=event.pk).update(status=to_status, updated_at=timezone.now())
        record.change(locked, {"status": (from_status, to_status)})
    event.status = to_status
    return True


def next_mile_number() -> int:
    """The organization's next mile. Inside a transaction, two organizers planning at the same
    moment take turns (SQLite's write transactions already do; PostgreSQL needs the lock), so
    they never get the same number."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE events_dedication IN SHARE ROW EXCLUSIVE MODE")
    return (Dedication.objects.aggregate(m=Max("mile"))["m"] or 0) + 1


def apply_program(event: Event, template: ProgramTemplate | None = None) -> None:
    if template is None:
        template = ProgramTemplate.objects.filter(is_default=True).first()
    items = template.items if template and template.items else DEFAULT_PROGRAM
    intros = [d.intro[:200] for d in event.dedications.select_related("hero__agency")]
    lines = []
    for item in items:
        # The intro is read aloud: one line per hero, filled from the hero, never "Running for …".
        titles = intros if item["kind"] == ProgramKind.INTRO and intros else [item["title"]]
        lines += [{**item, "title": title} for title in titles]
    made = ProgramItem.objects.bulk_create(
        ProgramItem(
            event=event,
            order=i,
            kind=item["kind"],
            title=item["title"],
            offset_minutes=item.get("offset_minutes", 0),
            silence_seconds=item.get("silence_seconds", 21),
        )
        for i, item in enumerate(lines)
    )
    record.bulk(event, "program.applied", {"program items": len(made)})


def plan_mile(hero: Hero, user) -> tuple[Event, bool]:
    """A proposed event already filled in for one hero; the organizer checks it and publishes.

    One hero, one open draft: a second click (or a second organizer) gets the draft that is
    already there, with False. The hero's row lock makes the look-up and the insert one step on
    PostgreSQL; SQLite's IMMEDIATE transactions already take turns.
    """
    with transaction.atomic():
        Hero.objects.select_for_update().filter(pk=hero.pk).first()
        if draft := Event.objects.drafts_for(hero).first():
            return draft, False
        event = _new_draft(hero, user)
    return event, True


def _new_draft(hero: Hero, user) -> Event:
    agency = hero.agency
    earlier = (
        Event.objects.filter(partner_agencies=agency, course__isnull=False)
        .order_by("-starts_at", "-id")
        .first()
        if agency
        else None
    )
    place = ", ".join(x for x in (agency.city if agency else "", hero.state) if x)
    event = Event.objects.create(
        title=f"Memorial mile for {hero.display_name}",
        kind="mile",
        time_zone=STATE_ZONES.get(hero.state, "America/New_York"),
        place_name=agency.name if agency else STATES.get(hero.state, ""),
        place_address=place,
        latitude=agency.latitude if agency else None,
        longitude=agency.longitude if agency else None,
        course=earlier.course if earlier else None,
        organizer=user,
        status=EventStatus.PROPOSED,
    )
    EventStatusChange.objects.create(event=event, to_status=EventStatus.PROPOSED, changed_by=user)
    if agency:
        event.partner_agencies.add(agency)
    Dedication.objects.create(event=event, hero=hero, mile=next_mile_number(), order=0)
    apply_program(event)
    return event


class Outcome:
    CREATED = "created"
    REPLAYED = "replayed"  # the same Idempotency-Key with the same content: the first answer
    ALREADY = "already_registered"  # the person is registered: the link went to their address


@dataclass
class RegistrationResult:
    registration: Registration
    created: bool
    outcome: str = Outcome.CREATED

    @property
    def waitlisted(self) -> bool:
        return self.registration.status == RegistrationStatus.WAITLISTED

    @property
    def already_registered(self) -> bool:
        return self.outcome == Outcome.ALREADY


class EventFull(Exception):
    """Raised when the event is full and the caller did not accept the waitlist."""


class IdempotencyConflict(ValueError):
    """The Idempotency-Key was first sent with other content; a key names one request."""


# Set by the server from the event, not sent by the person: not part of a request's content.
_NOT_CONTENT = {"waiver_accepted_at", "waiver_text", "waiver_version"}


def content_digest(fields: dict) -> str:
    """What an Idempotency-Key is bound to: the registration's fields as the person sent them."""
    content = {k: str(v) for k, v in fields.items() if k not in _NOT_CONTENT}
    content["accept_waiver"] = str(bool(fields.get("waiver_accepted_at")))
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def register(
    event: Event,
    *,
    idempotency_key: str = "",
    waitlist_ok: bool = True,
    send_email: bool = True,
    **fields,
) -> RegistrationResult:
    """Register one person, safe to call twice, and never handing one person's row to another.

    - The same Idempotency-Key with the same content replays the first result (a double tap);
      with other content it raises IdempotencyConflict.
    - A person already registered (same name and email, any letter case) gets their link sent
      again to the address stored on their registration; the caller learns nothing else.
    - A cancelled person registers anew.

    Capacity is counted while holding the event's row lock, so two last-spot registrations
    cannot both get in: the second is waitlisted (or refused with EventFull).
    """
    key = person_key(fields.get("email", ""), fields["first_name"], fields["last_name"])
    digest = content_digest(fields) if idempotency_key else ""
    try:
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            if found := _existing(locked, idempotency_key, digest, key):
                registration, outcome = found
                created = False
            else:
                registration = _create(locked, idempotency_key, digest, waitlist_ok, fields)
                outcome, created = Outcome.CREATED, True
    except IntegrityError:
        # A twin request won the race between our look-up and our insert.
        found = _existing(event, idempotency_key, digest, key)
        if found is None:
            raise
        (registration, outcome), created = found, False
    if outcome == Outcome.ALREADY and registration.email and _may_resend(registration):
        send_confirmation(registration, again=True)
    elif created and send_email and registration.email:
        send_confirmation(registration)
    return RegistrationResult(registration, created=created, outcome=outcome)


RESEND_SECONDS = 600


def _may_resend(registration: Registration) -> bool:
    """One repeat link per registration per ten minutes, whoever asks and from wherever.

    The answer to a repeat is the same every time; only the mail is held back, so many clients
    each under their own rate limit cannot flood one runner's inbox. The shared cache makes it
    hold across app servers.
    """
    return cache.add(f"mm:resend:{registration.pk}", 1, RESEND_SECONDS)


def _create(
    event: Event, idempotency_key: str, digest: str, waitlist_ok: bool, fields: dict
) -> Registration:
    """Call while holding the event's row lock."""
    full = event.capacity is not None and event.registered_count() >= event.capacity
    if full and not waitlist_ok:
        raise EventFull(f"{event.title} is full.")
    if fields.get("waiver_accepted_at") and not fields.get("waiver_text"):
        fields["waiver_text"] = event.waiver_text
        fields["waiver_version"] = event.waiver_version
    registration = Registration(
        event=event,
        idempotency_key=idempotency_key,
        idempotency_digest=digest,
        status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED,
        **fields,
    )
    if event.auto_bibs and not full and registration.bib is None:
        registration.bib = next_bib(event)
    registration.save()
    return registration


def _existing(
    event: Event, idempotency_key: str, digest: str, key: str
) -> tuple[Registration, str] | None:
    qs = Registration.objects.filter(event=event)
    if idempotency_key and (found := qs.filter(idempotency_key=idempotency_key).first()):
        if found.idempotency_digest and found.idempotency_digest != digest:
            raise IdempotencyConflict(
                "This Idempotency-Key was already used with different details; "
                "send a new key for a new registration."
            )
        return found, Outcome.REPLAYED
    active = qs.filter(person_key=key).exclude(status=RegistrationStatus.CANCELLED).first()
    return (active, Outcome.ALREADY) if active else None


def cancel(registration: Registration) -> Registration | None:
    """Cancel one registration and give its spot to the first on the waitlist (returned)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        updated = (
            Registration.objects.filter(pk=registration.pk)
            .exclude(status=RegistrationStatus.CANCELLED)
            .update(status=RegistrationStatus.CANCELLED)
        )
        if not updated:
            return None
        record.change(registration, {"status": (registration.status, RegistrationStatus.CANCELLED)})
        if event.capacity is not None and event.registered_count() >= event.capacity:
            return None
        promoted = (
            event.registrations.filter(status=RegistrationStatus.WAITLISTED)
            .order_by("created_at", "id")
            .first()
        )
        if promoted is None:
            return None
        promoted.status = RegistrationStatus.REGISTERED
        if event.auto_bibs and promoted.bib is None:
            promoted.bib = next_bib(event)
        promoted.save(update_fields=["status", "bib"])
    if promoted.email:
        send_confirmation(promoted)
    return promoted


def next_bib(event: Event) -> int:
    """The next free bib from the event's range; call while holding the event's row lock."""
    highest = event.registrations.aggregate(m=Max("bib"))["m"]
    return max(event.first_bib, (highest or 0) + 1)


def send_confirmation(registration: Registration, again: bool = False) -> None:
    """The runner's link, always to the address stored on the registration, always absolute.

    Queued through the outbox: the request answers at once and the worker sends it.
    """
    event = registration.event
    when = event.local_start
    context = {
        "first_name": registration.first_name,
        "status": registration.get_status_display().lower(),
        "event_title": event.title,
        "again": again,
        "when": f"{when:%A, %B} {when.day}, {when:%Y at %I:%M %p} {when.tzname()}" if when else "",
        "place": event.place_name,
        "bib": registration.bib or "",
        "link": absolute(registration.get_absolute_url()),
    }
    outbox.send(
        "registration_confirmation",
        registration.email,
        context,
        event=event,
        kind="confirmation",
    )


class RunClosed(Exception):
    """A check-in (and the bib it gives) would change a finished or cancelled run's results."""

    def __init__(self, event: Event):
        super().__init__(
            f"This run is {event.get_status_display().lower()}: check-in is closed until an "
            "organizer moves it back to live."
        )


@dataclass
class CheckInResult:
    registration: Registration
    checked_in_now: bool


def check_in(registration: Registration, user=None, bib: int | None = None) -> CheckInResult:
    """Check a runner in; a second tap (or a second volunteer) changes nothing. A finished or
    cancelled run raises RunClosed: a bib given now would change its published results.

    The conditional update lets only one caller move `checked_in_at` from empty, whatever the
    database; the CheckIn row's one-to-one constraint is the second guard.
    """
    now = timezone.now()
    by = user if user is not None and user.pk else None
    with transaction.atomic():
        event = Event.objects.only("status").get(pk=registration.event_id)
        if event.status in CLOSED_STATUSES:
            raise RunClosed(event)
        updated = Registration.objects.filter(
            pk=registration.pk, checked_in_at__isnull=True
        ).update(checked_in_at=now, checked_in_by=by)
        if updated:
            record.change(registration, {"checked_in_at": (None, now), "checked_in_by": (None, by)})
            CheckIn.objects.create(registration_id=registration.pk, by=by)
            if bib is not None or registration.bib is None:
                _give_bib(registration, bib)
    registration.refresh_from_db()
    return CheckInResult(registration, checked_in_now=bool(updated))


def _give_bib(registration: Registration, bib: int | None) -> None:
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.bib = bib if bib is not None else next_bib(event)
    registration.save(update_fields=["bib"])


def assign_bibs(event: Event) -> int:
    """Give bibs in one range to every registered runner without one, by name; returns how many."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        bib = next_bib(locked)
        count = 0
        for registration in locked.registrations.filter(
            status=RegistrationStatus.REGISTERED, bib__isnull=True
        ).order_by("last_name", "first_name", "id"):
            registration.bib = bib
            registration.save(update_fields=["bib"])
            bib += 1
            count += 1
    return count


def local_to_utc(event: Event, local: dt.datetime) -> dt.datetime:
    """A naive wall-clock time in the event's zone, as the UTC instant the database stores."""
    return local.replace(tzinfo=event.zone).astimezone(dt.UTC)
