"""Events in the API: public reads carry only public fields; registrations need a role."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import AfterValidator, ConfigDict

from memorialmiles.api.common import (
    NON_BLANK,
    READ,
    READ_ONE,
    SESSION_WRITE,
    Id,
    PageIn,
    Text,
    errors,
)
from memorialmiles.core import ratelimit
from memorialmiles.core.roles import Role, has_role, is_organizer
from memorialmiles.events.access import can_see
from memorialmiles.events.forms import RegistrationForm
from memorialmiles.events.models import Dedication, Event, Registration
from memorialmiles.events.services import (
    IdempotencyConflict,
    Outcome,
    RunClosed,
    check_in,
    register,
)

events_router = Router(tags=["events"])


class DedicationOut(Schema):
    hero: str
    hero_id: int
    mile: int | None
    order: int


class EventCourseOut(Schema):
    """The course in an event's answer; its own name, so it never takes the place of the
    courses API's fuller CourseOut in the OpenAPI components (it did, and broke the schema)."""

    id: int
    name: str
    distance_m: float | None
    illustrative: bool
    url: str


class ProgramItemOut(Schema):
    order: int
    kind: str
    title: str
    planned_at: dt.datetime | None
    silence_seconds: int | None


class EventOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    starts_at: str | None
    start_time_known: bool
    time_zone: str
    place: dict
    dedications: list[DedicationOut]
    course: EventCourseOut | None
    partner_agencies: list[dict]
    stream_url: str
    url: str


class EventDetailOut(EventOut):
    program: list[ProgramItemOut]
    injured: list[dict]


class EventListOut(Schema):
    count: int
    items: list[EventOut]


class RegistrationOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    agency_id: int | None
    team: str
    role: str
    status: str
    bib: int | None
    emergency_name: str
    emergency_phone: str
    waiver_version: str
    waiver_accepted_at: dt.datetime | None
    checked_in_at: dt.datetime | None


class CheckInOut(Schema):
    id: int
    bib: int | None
    checked_in_at: dt.datetime
    checked_in_now: bool


def event_dict(event: Event, detail: bool = False) -> dict:
    """The public shape of an event; built by hand so no private field can slip in."""
    start = event.local_start
    course = event.course
    data = {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "starts_at": start.isoformat() if start else None,
        "start_time_known": event.start_time_known,
        "time_zone": event.time_zone,
        "place": {
            "name": event.place_name,
            "address": event.place_address,
            "latitude": event.latitude,
            "longitude": event.longitude,
        },
        "dedications": [
            {"hero": d.hero.display_name, "hero_id": d.hero_id, "mile": d.mile, "order": d.order}
            for d in event.dedications.all()
        ],
        "course": None
        if course is None
        else {
            "id": course.pk,
            "name": course.name,
            "distance_m": course.distance_m,
            "illustrative": course.illustrative,
            "url": course.get_absolute_url(),
        },
        "partner_agencies": [{"id": a.pk, "name": a.name} for a in event.partner_agencies.all()],
        "stream_url": event.stream_url,
        "url": event.get_absolute_url(),
    }
    if detail:
        data["program"] = [
            {
                "order": p.order,
                "kind": p.kind,
                "title": p.shown_title,
                "planned_at": p.planned_at,
                "silence_seconds": p.silence_seconds if p.kind == "silence" else None,
            }
            for p in event.program.all()
        ]
        data["injured"] = [
            {"name": r.name, "agency": r.agency.name if r.agency_id else None, "note": r.note}
            for r in event.injured.select_related("agency")
        ]
    return data


def _events():
    return Event.objects.select_related("course").prefetch_related(
        Prefetch("dedications", queryset=Dedication.objects.select_related("hero")),
        "partner_agencies",
    )


@events_router.get(
    "",
    response={200: EventListOut, **errors(*READ)},
    summary="Public events, soonest upcoming first",
)
def list_events(request, page: Query[PageIn], upcoming: bool = False):
    qs = _events().listed()
    if upcoming:
        qs = qs.upcoming().order_by("starts_at")
    rows = qs[page.offset : page.offset + page.limit]
    return {"count": qs.count(), "items": [event_dict(e) for e in rows]}


@events_router.get("/{event_id}", response={200: EventDetailOut, **errors(*READ_ONE)})
def get_event(request, event_id: Id):
    event = get_object_or_404(_events(), pk=event_id)
    if not can_see(request, event):
        raise HttpError(404, "No such event.")
    return event_dict(event, detail=True)


@events_router.get(
    "/{event_id}/registrations",
    response={200: list[RegistrationOut], **errors(*SESSION_WRITE)},
    auth=django_auth,
)
def list_registrations(request, event_id: Id):
    """Organizers see everyone; a liaison sees only the people of their own agencies."""
    event = get_object_or_404(Event, pk=event_id)
    if not can_see(request, event):
        raise HttpError(404, "No such event.")
    if is_organizer(request.user):
        return list(event.registrations.all())
    if has_role(request.user, Role.LIAISON):
        return list(event.registrations.for_liaison(request.user))
    raise HttpError(403, "Registrations are visible to organizers and agency liaisons.")


# What the registration form accepts, said in the schema so a client knows before it posts:
# a name is not blank, an email has Django's shape (ASCII here; the form also takes
# international domains), and no field holds a NUL character.
_EMAIL = (
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"  # Django: no digit in a TLD
)


def _valid_email(value: str) -> str:
    """The schema's email pattern, refused in the words of the web form."""
    if not re.fullmatch(_EMAIL, value):
        raise ValueError("Enter a valid email address.")
    return value


class RegistrationIn(Schema):
    # A minor needs a guardian's name; said in the schema as well as by the form.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"properties": {"is_minor": {"const": False}}},
                {
                    "properties": {"guardian_name": {"pattern": NON_BLANK}},
                    "required": ["guardian_name"],
                },
            ]
        }
    )

    first_name: str = Field(min_length=1, max_length=80, pattern=NON_BLANK)
    last_name: str = Field(min_length=1, max_length=80, pattern=NON_BLANK)
    email: Annotated[str, AfterValidator(_valid_email)] = Field(
        max_length=254, json_schema_extra={"pattern": _EMAIL}
    )
    phone: Text = Field("", max_length=40)
    team: Text = Field("", max_length=200)
    role: Literal["runner", "walker", "officer", "family", "volunteer"] = "runner"
    emergency_name: str = Field(min_length=1, max_length=200, pattern=NON_BLANK)
    emergency_phone: str = Field(min_length=1, max_length=40, pattern=NON_BLANK)
    is_minor: bool = Field(False, strict=True)
    guardian_name: Text = Field(
        "", max_length=200, description="Required (not blank) when is_minor is true."
    )
    accept_waiver: bool = Field(
        False, strict=True, description="Must be true when the event has a waiver."
    )


class RegistrationReceipt(Schema):
    status: str
    bib: int | None
    created: bool
    confirmation_url: str
    message: str = ""


@events_router.post(
    "/{event_id}/registrations",
    response={200: RegistrationReceipt, **errors(400, 404, 409, 422, 429)},
)
def api_register(request, event_id: Id, data: RegistrationIn):
    """Public registration; send an Idempotency-Key header so a retry never registers twice.

    The key is bound to the body: the same key with another body is refused (422). Someone
    already registered (same name and email) gets `status: already_registered` and their link
    by email, never their token here.
    """
    ratelimit.check(request, "register")
    event = get_object_or_404(Event.objects.visible(), pk=event_id)
    if not can_see(request, event):
        raise HttpError(404, "No such event.")
    if event.is_past and event.status in ("scheduled", "live"):
        raise HttpError(409, "This run is in the past: it is not taking registrations.")
    if not event.takes_registrations:
        raise HttpError(409, "This event is not taking registrations.")
    form = RegistrationForm({**data.dict(), "accept_waiver": data.accept_waiver or ""}, event=event)
    if not form.is_valid():
        raise HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    key = request.headers.get("Idempotency-Key") or ""
    if len(key) > 64:
        raise HttpError(422, "Idempotency-Key: at most 64 characters.")
    if "\x00" in key:  # stored with the registration; PostgreSQL refuses NUL in text
        raise HttpError(422, "Idempotency-Key: no NUL character.")
    try:
        result = register(event, idempotency_key=key, **form.registration_fields())
    except IdempotencyConflict as error:
        raise HttpError(422, str(error)) from None
    if result.already_registered:
        return {
            "status": Outcome.ALREADY,
            "bib": None,
            "created": False,
            "confirmation_url": "",
            "message": "Already registered: we sent the registration link again to its email.",
        }
    r = result.registration
    return {
        "status": r.status,
        "bib": r.bib,
        "created": result.created,
        "confirmation_url": r.get_absolute_url(),
    }


@events_router.post(
    "/{event_id}/registrations/{registration_id}/check-in",
    response={200: CheckInOut, **errors(*SESSION_WRITE, 409)},
    auth=django_auth,
)
def api_check_in(request, event_id: Id, registration_id: Id):
    if not has_role(request.user, Role.VOLUNTEER):
        raise HttpError(403, "Check-in needs the volunteer role.")
    registration = get_object_or_404(
        Registration.objects.select_related("event"), pk=registration_id, event_id=event_id
    )
    if not can_see(request, registration.event):
        raise HttpError(404, "No such event.")
    try:
        result = check_in(registration, request.user)
    except RunClosed as exc:
        raise HttpError(409, str(exc)) from None
    r = result.registration
    return {
        "id": r.pk,
        "bib": r.bib,
        "checked_in_at": r.checked_in_at,
        "checked_in_now": result.checked_in_now,
    }
