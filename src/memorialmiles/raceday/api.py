"""The desk in the API: the roster a desk phone keeps, and the sync of its queued ops.

Both answer to a PIN's desk phone (its browser session) or a back-office volunteer, for
their run only: a desk phone of run A asking for run B gets 403, like a timing phone. Writes
check the CSRF token (a session cookie is the credential). The roster carries names, bibs,
agency and waiver state; never an email, phone, emergency contact or link token.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from annotated_types import Interval
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from pydantic import BeforeValidator, StrictBool, StringConstraints

from memorialmiles.api.common import Id, Text, errors
from memorialmiles.core import ratelimit
from memorialmiles.core.converters import MAX_ID
from memorialmiles.events.access import can_see
from memorialmiles.events.models import CLOSED_STATUSES, Event
from memorialmiles.raceday import access, desk, roster_sync

raceday_router = Router(tags=["race day"])

MAX_OPS = 200
OP_ID = r"^[A-Za-z0-9_-]{8,64}$"
DRAWING = r"^[MLml0-9 .,-]*$"  # SVG path data of straight strokes, nothing else


class DeskSession(APIKeyCookie):
    """The browser session: a PIN's pass or a signed-in account; CSRF checked on writes."""

    from django.conf import settings as _settings

    param_name = _settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None):
        if request.user.is_authenticated or access.session_pass_ids(request):
            return True
        return None


def _desk_actor(request: HttpRequest, event_id: int) -> tuple[Event, desk.Actor]:
    event = get_object_or_404(Event, pk=event_id)
    if not can_see(request, event):
        raise HttpError(404, "No such event.")
    if access.is_staff_volunteer(request.user):
        return event, desk.Actor(user=request.user)
    volunteer = access.current_pass(request, event, "desk")
    if volunteer is None:
        raise HttpError(403, "This phone may use the desk of the run it signed in for only.")
    access.acting_as(volunteer)
    return event, desk.Actor(volunteer=volunteer)


class RowOut(Schema):
    id: int
    first_name: str
    last_name: str
    bib: int | None
    agency: str
    role: str
    waitlisted: bool
    checked_in_at: str | None
    waiver: bool
    is_minor: bool
    guardian: bool
    walk_up: bool


class CountsOut(Schema):
    expected: int
    checked_in: int
    walk_ups: int


class BlockOut(Schema):
    first: int
    last: int


class RosterOut(Schema):
    """The roster, whole (`full`) or as the changes since the version the phone sent:
    `rows` new or changed, `removed` the ids gone (a cancelled registration). The phone keeps
    `version` and sends it back as `since` on its next sync."""

    event_id: int
    generated_at: dt.datetime
    version: str
    full: bool
    closed: bool
    waiver_version: str
    waiver_text: str | None  # sent with the whole roster only
    block: BlockOut | None
    counts: CountsOut
    rows: list[RowOut]
    removed: list[int]


Since = Annotated[str, StringConstraints(pattern=roster_sync.VERSION_PATTERN)]


def _roster(event: Event, actor: desk.Actor, since: str | None = None) -> dict:
    closed = event.status in CLOSED_STATUSES
    block = None if closed else desk.reserve_block(event, actor)
    got = roster_sync.answer(event.pk, desk.roster_rows(event), since, cache)
    return {
        "event_id": event.pk,
        "generated_at": timezone.now(),
        "version": got.version,
        "full": got.full,
        "closed": closed,
        "waiver_version": event.waiver_version,
        "waiver_text": event.waiver_text if got.full else None,
        "block": {"first": block.first, "last": block.last} if block else None,
        "counts": desk.counts(event),
        "rows": got.rows,
        "removed": got.removed,
    }


@raceday_router.get(
    "/events/{event_id}/roster",
    response={200: RosterOut, **errors(401, 403, 404, 422, 429)},
    auth=DeskSession(csrf=False),
    url_name="desk_roster",
)
def roster(request: HttpRequest, event_id: Id, since: Since | None = None):
    """The run's roster for a desk phone to keep offline, and its block of walk-up bibs;
    with `since` (the version the phone holds), only what changed since."""
    if set(request.GET) - {"since"}:  # a misspelt parameter is refused, not ignored
        raise HttpError(422, "The roster takes one parameter: since.")
    ratelimit.check(request, "desk-sync")
    event, actor = _desk_actor(request, event_id)
    return _roster(event, actor, since)


ShortText = Annotated[Text, StringConstraints(max_length=200)]


def _iso(value):
    """A phone's time is an ISO 8601 string (what the schema says), never a bare number."""
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("a date-time string such as 2026-05-01T08:00:00Z")
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("a date-time string such as 2026-05-01T08:00:00Z") from None


PhoneTime = Annotated[dt.datetime, BeforeValidator(_iso)]


def _whole(value):
    """A JSON number with no fraction: not "30", not true (pydantic's lax mode takes both)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("a whole number")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("a whole number")
    return int(value)


class PersonIn(Schema):
    first_name: Annotated[Text, StringConstraints(max_length=80)]
    last_name: Annotated[Text, StringConstraints(max_length=80)]
    sex: Literal["F", "M", "X", ""] = ""
    age: Annotated[int, Interval(ge=0, le=120), BeforeValidator(_whole)] | None = None
    agency: ShortText = ""
    emergency_name: ShortText = ""
    emergency_phone: Annotated[Text, StringConstraints(max_length=40)] = ""
    bib: Annotated[int, Interval(ge=1, le=999_999_999), BeforeValidator(_whole)] | None = None


class WaiverIn(Schema):
    accepted: StrictBool  # a ticked box, not the string "false"
    signed_name: ShortText
    guardian_name: ShortText = ""
    version: Annotated[Text, StringConstraints(max_length=40)] = ""
    signed_at: PhoneTime | None = None
    drawing: Annotated[str, StringConstraints(max_length=20_000, pattern=DRAWING)] = ""


class OpIn(Schema):
    op_id: Annotated[str, StringConstraints(pattern=OP_ID)]
    kind: Literal["check_in", "undo", "walk_up", "waiver"]
    at: PhoneTime | None = None
    registration_id: Annotated[int, Interval(ge=1, le=MAX_ID), BeforeValidator(_whole)] | None = (
        None
    )
    person: PersonIn | None = None
    waiver: WaiverIn | None = None


class DeskSyncIn(Schema):
    ops: list[OpIn] = Field(max_length=MAX_OPS)
    since: Since | None = None  # the roster version the phone holds


class OpOut(Schema):
    op_id: str
    status: Literal["applied", "already", "refused"]
    detail: str = ""
    registration_id: int | None = None
    bib: int | None = None
    bib_changed_from: int | None = None
    replayed: bool
    row: RowOut | None = None


class DeskSyncOut(Schema):
    results: list[OpOut]
    roster: RosterOut


def _when(value: dt.datetime | None) -> dt.datetime:
    """The phone's clock, believed within a day of ours; otherwise ours."""
    now = timezone.now()
    if value is None or value.tzinfo is None or abs(value - now) > dt.timedelta(days=1):
        return now
    return value


@raceday_router.post(
    "/events/{event_id}/desk/sync",
    response={200: DeskSyncOut, **errors(401, 403, 404, 422, 429)},
    auth=DeskSession(),
    url_name="desk_sync",
)
def desk_sync(request: HttpRequest, event_id: Id, payload: DeskSyncIn):
    """Apply a desk phone's queued ops in order, each exactly once, then send the roster
    (what changed since `since`, when the server still knows that version).

    Send the same batch again (a lost answer) and each op answers as it did the first time,
    with `replayed` true. An op the server will not apply (a closed run, a minor without a
    guardian) answers `refused` with the reason; the phone drops it and shows the reason.
    """
    ratelimit.check(request, "desk-sync")
    event, actor = _desk_actor(request, event_id)
    results = []
    for op in payload.ops:
        data = op.dict()
        data["at"] = _when(op.at)
        if data.get("waiver"):
            data["waiver"]["signed_at"] = _when(op.waiver.signed_at)
        results.append(desk.apply(event, actor, data))
    if actor.volunteer is not None:
        type(actor.volunteer).objects.filter(pk=actor.volunteer.pk).update(
            last_seen_at=timezone.now()
        )
    event.refresh_from_db(fields=["status"])
    return {"results": results, "roster": _roster(event, actor, payload.since)}
