"""The pipeline's writes, each one typed function in one transaction (the views stay thin).

plan_run -> invite -> confirm (the liaison) -> approve; then the run, the flag and the family.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from memorialmiles.events import services as events
from memorialmiles.events.bulk import BulkError, import_registrations
from memorialmiles.events.models import (
    Event,
    EventStatus,
    MemorialItem,
    MemorialItemKind,
    MemorialItemStatus,
    ProgramKind,
    RecipientKind,
    RegistrationSource,
    Visibility,
)
from memorialmiles.events.zones import wall_clock_to_aware
from memorialmiles.honors.models import Hero
from memorialmiles.messaging.family import send_to_family
from memorialmiles.pipeline import mail
from memorialmiles.pipeline.links import LinkRefused, make_token
from memorialmiles.pipeline.models import (
    MilePlan,
    OrganizationDefaults,
    StateItemRule,
    new_nonce,
)


class PipelineError(Exception):
    """A step that cannot be taken now; the message says why and what to do."""


def fill(text: str, hero: Hero) -> str:
    """The defaults' {hero}, {agency} and {end_of_watch}, filled; other braces are left alone."""
    eow = hero.end_of_watch
    values = {
        "{hero}": hero.display_name,
        "{agency}": hero.agency.name if hero.agency_id else "their agency",
        "{end_of_watch}": f"{eow:%B} {eow.day}, {eow.year}" if eow else "the end of watch",
    }
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def proposed_dates(defaults: OrganizationDefaults, today: dt.date) -> list[dt.date]:
    """Saturdays from the defaults' lead time on: the days agencies can spare officers."""
    first = today + dt.timedelta(days=defaults.first_date_after_days)
    first += dt.timedelta(days=(5 - first.weekday()) % 7)
    return [first + dt.timedelta(weeks=i) for i in range(max(1, defaults.dates_proposed))]


def start_on(event: Event, day: dt.date, defaults: OrganizationDefaults) -> dt.datetime:
    naive = dt.datetime.combine(day, defaults.start_time)
    try:
        return wall_clock_to_aware(naive, event.zone)
    except ValidationError:  # the start hour is skipped that night: an hour later exists
        return wall_clock_to_aware(naive + dt.timedelta(hours=1), event.zone)


def plan_run(hero: Hero, user=None) -> tuple[Event, bool]:
    """A draft run for the hero with every default filled; a second call answers the first."""
    defaults = OrganizationDefaults.load()
    with transaction.atomic():
        event, created = events.plan_mile(hero, user)
        if created:
            _fill_from_defaults(event, hero, defaults)
        MilePlan.objects.get_or_create(
            event=event,
            defaults={"proposed_dates": [d.isoformat() for d in _dates(defaults)]},
        )
    return event, created


def _dates(defaults: OrganizationDefaults) -> list[dt.date]:
    return proposed_dates(defaults, timezone.localdate())


def _fill_from_defaults(event: Event, hero: Hero, defaults: OrganizationDefaults) -> None:
    event.summary = fill(defaults.summary, hero)
    event.how_to_join = fill(defaults.how_to_join, hero)
    event.waiver_text = defaults.waiver_text
    event.waiver_version = defaults.waiver_version
    event.organized_by = defaults.organized_by
    event.capacity = defaults.capacity
    event.starts_at = start_on(event, _dates(defaults)[0], defaults)
    event.save()
    if defaults.program_template_id:
        event.program.all().delete()
        events.apply_program(event, defaults.program_template)
    _create_items(event, hero)


def _create_items(event: Event, hero: Hero) -> None:
    """The family's flag, and what the state's rules ask for every hero of theirs."""
    dedication = event.dedications.get(hero=hero)
    family = f"the {hero.last_name} family"
    wanted = [(MemorialItemKind.FLAG, RecipientKind.FAMILY, "")]
    rules = StateItemRule.objects.filter(state=hero.state, service__in=["", hero.service])
    wanted += [(r.kind, r.recipient_kind, r.note) for r in rules]
    seen = set()
    for kind, recipient_kind, note in wanted:
        if (kind, recipient_kind) in seen:
            continue
        seen.add((kind, recipient_kind))
        department = hero.agency.name if hero.agency_id else "the department"
        MemorialItem.objects.create(
            event=event,
            dedication=dedication,
            kind=kind,
            recipient_kind=recipient_kind,
            recipient=family if recipient_kind == RecipientKind.FAMILY else department,
            note=note,
        )


def invite(event: Event, *, email: str = "", user=None) -> MilePlan:
    """Send the agency's contact (or `email`) a link to its part of this run; earlier links die."""
    agency = event.partner_agencies.first()
    email = (email or (agency.contact_email if agency else "")).strip()
    if not email:
        name = agency.name if agency else "This run's agency"
        raise PipelineError(f"{name} has no contact email: add it on the agency, then invite.")
    try:
        validate_email(email)
    except ValidationError:
        raise PipelineError(f"{email!r} is not an email address.") from None
    defaults = OrganizationDefaults.load()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status != EventStatus.PROPOSED:
            raise PipelineError("This run is already published: the agency's part is done.")
        plan, _ = MilePlan.objects.get_or_create(
            event=locked, defaults={"proposed_dates": [d.isoformat() for d in _dates(defaults)]}
        )
        now = timezone.now()
        plan.invite_email = email
        plan.invited_at = now
        plan.invite_expires_at = now + dt.timedelta(days=defaults.invitation_days)
        plan.invite_nonce = new_nonce()
        plan.save()
        hero = locked.dedications.select_related("hero").first()
        mail.send(
            "agency_invitation",
            email,
            {
                "event": locked,
                "hero": hero.hero if hero else None,
                "agency": agency,
                "link": events.absolute(reverse("pipeline_liaison", args=[make_token(plan)])),
                "expires": plan.invite_expires_at,
                "organized_by": locked.organized_by or defaults.organized_by,
            },
            event=locked,
            kind=mail.INVITATION,
        )
    return plan


def confirm(plan: MilePlan, answers: dict, *, course=None) -> MilePlan:
    """The liaison's answers, written on the plan and on the draft run; once approved, refused."""
    defaults = OrganizationDefaults.load()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=plan.event_id)
        plan = MilePlan.objects.select_for_update().get(pk=plan.pk)
        if event.status != EventStatus.PROPOSED or plan.approved_at:
            raise LinkRefused(
                "This run is already published: ask the organizer for any change.", status=409
            )
        for name, value in answers.items():
            setattr(plan, name, value)
        plan.confirmed_at = timezone.now()
        plan.save()
        event.starts_at = start_on(event, plan.chosen_date, defaults)
        event.place_name = plan.meeting_place
        if course is not None:
            event.course = course
        if plan.start_latitude is not None:
            event.latitude, event.longitude = plan.start_latitude, plan.start_longitude
        event.save()
        _hand_the_flag(event, plan)
    return plan


def _hand_the_flag(event: Event, plan: MilePlan) -> None:
    """The family's contact goes on the flag (private fields), the presenter in the program."""
    for item in event.memorial_items.filter(recipient_kind=RecipientKind.FAMILY):
        item.recipient = plan.family_contact_name or item.recipient
        item.family_phone = plan.family_contact_phone
        item.family_address = plan.family_address
        item.save()
    if plan.presenter:
        for line in event.program.filter(kind=ProgramKind.FLAG):
            line.note = f"Presented by {plan.presenter}"[:300]
            line.save(update_fields=["note"])


def approve(event: Event, user) -> Event:
    """The organizer's one click: the confirmed run is published, its roster registered."""
    with transaction.atomic():
        plan = MilePlan.objects.select_for_update().filter(event=event).first()
        if plan is None or plan.confirmed_at is None:
            raise PipelineError("The agency has not confirmed yet: nothing to approve.")
        Event.objects.filter(pk=event.pk).update(
            visibility=Visibility.PUBLIC, registration_open=True
        )
        events.change_status(event, EventStatus.SCHEDULED, user)
        plan.approved_at = timezone.now()
        plan.approved_by = user
        plan.save(update_fields=["approved_at", "approved_by", "updated_at"])
        if plan.roster.strip():
            try:
                import_registrations(
                    event,
                    plan.roster,
                    default_agency=event.partner_agencies.first(),
                    user=user,
                    source=RegistrationSource.BULK,
                )
            except BulkError as exc:
                raise PipelineError(f"The agency's roster: {exc}") from None
    return event


# After the run: one click each on the board.


def mark_run(event: Event, user) -> None:
    """The run happened: its items ordered for the mile were carried on it."""
    with transaction.atomic():
        events.change_status(event, EventStatus.FINISHED, user)
        for item in event.memorial_items.filter(
            status=MemorialItemStatus.ORDERED, dedication__isnull=False
        ):
            item.status = MemorialItemStatus.CARRIED
            item.save(update_fields=["status", "updated_at"])


def _flags(event: Event):
    return event.memorial_items.filter(kind=MemorialItemKind.FLAG)


def flag_presented(event: Event) -> int:
    return _move_flags(event, MemorialItemStatus.PRESENTED, presented_at=timezone.now())


def flag_shipped(event: Event, carrier: str, tracking: str) -> int:
    if not carrier.strip():
        raise PipelineError("Give the carrier of the shipped flag.")
    return _move_flags(
        event,
        MemorialItemStatus.SHIPPED,
        shipped_at=timezone.now(),
        carrier=carrier.strip()[:60],
        tracking_number=tracking.strip()[:80],
    )


def flag_received(event: Event) -> int:
    return _move_flags(event, MemorialItemStatus.RECEIVED, received_at=timezone.now())


def _move_flags(event: Event, status: str, **fields) -> int:
    moved = 0
    with transaction.atomic():
        for item in _flags(event).select_for_update():
            item.status = status
            for name, value in fields.items():
                setattr(item, name, value)
            item.save()  # one audited save per flag: there are one or two
            moved += 1
    if not moved:
        raise PipelineError("This run has no flag to move.")
    return moved


def send_letter(event: Event) -> MilePlan:
    """The family's letter by email through messaging's family hook (the certificate's link
    with it, once per dedication and address however often it is asked)."""
    plan = MilePlan.objects.filter(event=event).first()
    if plan is None or not plan.family_contact_email:
        raise PipelineError("No email for the family: print the letter and post it instead.")
    letter = render_to_string("pipeline/_letter_body.txt", letter_context(event, plan)).strip()
    flag = _flags(event).first()
    for dedication in event.dedications.select_related("hero"):
        send_to_family(dedication, plan.family_contact_email, item=flag, letter=letter)
    plan.letter_sent_at = plan.family_thanked_at = timezone.now()
    plan.save(update_fields=["letter_sent_at", "family_thanked_at", "updated_at"])
    return plan


def letter_context(event: Event, plan: MilePlan) -> dict:
    dedications = list(event.dedications.select_related("hero__agency"))
    return {
        "event": event,
        "plan": plan,
        "dedications": dedications,
        "certificates": [
            events.absolute(reverse("timing_dedication_certificate", args=[event.pk, d.pk]))
            for d in dedications
        ],
        "runners": event.registered_count(),
        "defaults": OrganizationDefaults.load(),
    }


def thanked(event: Event) -> None:
    plan, _ = MilePlan.objects.get_or_create(event=event)
    plan.family_thanked_at = timezone.now()
    plan.save(update_fields=["family_thanked_at", "updated_at"])


def registry_only(hero: Hero) -> None:
    """The family's request, honored at once on every public page and the API."""
    hero.registry_only = True
    hero.save(update_fields=["registry_only", "updated_at"])
