"""Timing in the API: a phone joins with a code, then syncs with its device token.

The device token (``Authorization: Bearer ...``) is the phone's only credential and is good
for its own event only: a token for event A posting to event B gets 403. It ends some hours
after its run (``TimingDevice.expires_at``) or when the timing lead revokes the phone: either
gets 401 with a message saying to join again. A finished or cancelled run refuses new records
with 409 until an organizer reopens it. Results are public for public events, with public
fields only (no email, phone or birth date).
"""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import ConfigDict, StringConstraints

from memorialmiles.api.common import NON_BLANK, READ_ONE, Id, Text, errors
from memorialmiles.audit import actors
from memorialmiles.core import ratelimit
from memorialmiles.core.converters import MAX_ID
from memorialmiles.events.access import can_see, grant
from memorialmiles.events.models import Event
from memorialmiles.results import format_duration, to_us
from memorialmiles.results.records import EARLIEST_US, LATEST_US, MAX_BIB
from memorialmiles.timing.models import (
    Correction,
    DeviceRole,
    RawRecord,
    TimingClosed,
    TimingDevice,
    run_ends_at,
)
from memorialmiles.timing.phone_corrections import MAX_CORRECTIONS, MAX_WHY
from memorialmiles.timing.phone_corrections import store as store_corrections
from memorialmiles.timing.services import results_for, starts_for
from memorialmiles.timing.sync import (
    MAX_BATCH,
    MAX_WAVE,
    JoinError,
    SyncError,
    join,
    sync_batch,
)

timing_router = Router(tags=["timing"])


class DeviceToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> TimingDevice | None:
        if "\x00" in token:
            return None  # no token holds a NUL, and PostgreSQL would refuse the look-up
        device = TimingDevice.objects.select_related("event").filter(token=token).first()
        if device is None:
            return None
        if device.revoked:
            raise HttpError(401, "The timing lead removed this phone: join again with a new code.")
        ends = device.expires_at(run_ends_at(device.event))
        if timezone.now() >= ends:
            raise HttpError(
                401,
                f"This phone's timing access ended at {ends:%Y-%m-%d %H:%M} UTC, after the run: "
                "join again with a new code from the timing lead.",
            )
        actors.device_acts(device)  # the audit trail names the phone as who acted
        return device


class JoinIn(Schema):
    code: Text = Field(max_length=64)
    name: Text = Field("Phone", max_length=200)
    role: Literal["both", "times", "bibs"] = DeviceRole.BOTH


class JoinOut(Schema):
    token: str
    device_id: int
    event_id: int
    event_title: str
    role: str
    timer_url: str


class RecordIn(Schema):
    """One tap or typed bib. The schema states what `sync_batch` checks, so a client reads it:
    a tap carries `time_us` (source `tap`, or no source); a typed record (`typed`, or no source
    and no time) is a finish with a bib."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {
                    "properties": {
                        "source": {"enum": ["tap", None]},
                        "time_us": {"type": "integer"},
                    },
                    "required": ["time_us"],
                },
                {
                    "properties": {
                        "source": {"enum": ["typed", None]},
                        "kind": {"const": "finish"},
                        "bib": {"type": "string", "pattern": NON_BLANK},
                    },
                    "required": ["bib"],
                },
            ]
        }
    )

    seq: int = Field(ge=1, le=MAX_ID)
    kind: Literal["finish", "start", "group", "gun"] = "finish"
    source: Literal["tap", "typed"] | None = None
    bib: Annotated[Text, StringConstraints(max_length=MAX_BIB)] | None = None
    time_us: int | None = Field(
        None, ge=EARLIEST_US, le=LATEST_US, description="Microseconds since 1970, 2000-2100."
    )
    ref_seq: int | None = Field(None, ge=1, le=MAX_ID)
    group_bibs: list[Annotated[Text, StringConstraints(max_length=MAX_BIB)]] | None = Field(
        None, max_length=5000
    )
    wave: Annotated[Text, StringConstraints(max_length=MAX_WAVE)] | None = None


class SyncIn(Schema):
    records: list[RecordIn] = Field(max_length=MAX_BATCH)


class SyncOut(Schema):
    created: int
    duplicates: int
    accepted: list[int]
    server_count: int
    event_count: int
    refused_starts: list[int]


class Message(Schema):
    detail: str


class StatusOut(Schema):
    device_id: int
    device_name: str
    event_id: int
    server_count: int
    event_count: int
    max_seq: int
    start_us: int | None = Field(
        None, description="The run's start signal (its first wave), for the phone's race clock."
    )


class _CorrectionIn(Schema):
    seq: int = Field(ge=1, le=MAX_ID)
    made_us: int | None = Field(
        None, ge=EARLIEST_US, le=LATEST_US, description="When the phone made it."
    )
    why: Annotated[Text, StringConstraints(max_length=MAX_WHY, pattern=NON_BLANK)]


Bib = Annotated[Text, StringConstraints(max_length=MAX_BIB, pattern=NON_BLANK)]


class DeleteTapIn(_CorrectionIn):
    """Strike the phone's own tap `record_seq`."""

    action: Literal["delete_tap"]
    record_seq: int = Field(ge=1, le=MAX_ID)


class FixBibIn(_CorrectionIn):
    """Read the phone's own tap `record_seq` as `bib`."""

    action: Literal["fix_bib"]
    record_seq: int = Field(ge=1, le=MAX_ID)
    bib: Bib


class InsertFinishIn(_CorrectionIn):
    """A finish the phone missed: `bib` at `time_us`."""

    action: Literal["insert_finish"]
    record_seq: int | None = Field(None, ge=1, le=MAX_ID)
    bib: Bib
    time_us: int = Field(ge=EARLIEST_US, le=LATEST_US)


# What each action needs is in the schema, so a client's generator (and its reader) knows a
# delete needs its tap: schema-valid corrections are ones the server can store.
CorrectionIn = Annotated[DeleteTapIn | FixBibIn | InsertFinishIn, Field(discriminator="action")]


class CorrectionsIn(Schema):
    corrections: list[CorrectionIn] = Field(max_length=MAX_CORRECTIONS)


class CorrectionsOut(Schema):
    created: int
    accepted: list[int]
    waiting: list[int]


class ResultOut(Schema):
    place: int | None
    bib: str
    name: str
    sex: str | None
    age: int | None
    division: str | None
    sex_place: int | None
    division_place: int | None
    agency: str | None
    agency_place: int | None
    gun_time: str
    net_time: str
    pace_per_mile: str
    pace_per_km: str
    status: str
    group_finish: bool


class ResultsOut(Schema):
    event_id: int
    finished: int
    entrants: int
    gun_from_schedule: bool
    group_finish_times: list[str]
    rows: list[ResultOut]


def _device_for(request: HttpRequest, event_id: int) -> TimingDevice:
    device: TimingDevice = request.auth
    if device.event_id != event_id:
        raise HttpError(403, "This device may time its own event only.")
    return device


@timing_router.post("/join", response={200: JoinOut, **errors(400, 403, 409, 422, 429)}, auth=None)
def join_event(request: HttpRequest, payload: JoinIn):
    """Trade a join code from the timing lead for a device token (no password on the phone).

    The code is accepted in any case, with or without its dash or spaces (ABCD-EFGH).
    """
    ratelimit.check(request, "timing-join")
    try:
        device = join(payload.code, payload.name, payload.role)
    except JoinError as exc:
        # The code is the phone's credential: an unknown or expired one is refused (403).
        raise HttpError(403, str(exc)) from None
    except TimingClosed as exc:
        raise HttpError(409, str(exc)) from None
    grant(request, device.event)  # this phone may open its run's timer page, even unlisted
    return {
        "token": device.token,
        "device_id": device.pk,
        "event_id": device.event_id,
        "event_title": device.event.title,
        "role": device.role,
        "timer_url": reverse("timing_timer", args=[device.event_id]),
    }


@timing_router.post(
    "/events/{event_id}/sync",
    response={200: SyncOut, **errors(400, 401, 403, 409, 422, 429)},
    auth=DeviceToken(),
)
def sync(request: HttpRequest, event_id: Id, payload: SyncIn):
    """Store a batch of records; idempotent on (device, seq), safe to send again.

    ``seq`` and ``ref_seq`` run from 1 to 2**63 - 1. A finished or cancelled run answers 409
    to a batch with anything new (a batch it already holds is answered as usual). A gun tap
    starts its wave only when the wave has no start signal yet; later ones are kept as raw
    records and listed in ``refused_starts``.
    """
    device = _device_for(request, event_id)
    try:
        result = sync_batch(device, [r.dict() for r in payload.records])
    except SyncError as exc:
        raise HttpError(400, str(exc)) from None
    except TimingClosed as exc:
        raise HttpError(409, str(exc)) from None
    return result.__dict__


@timing_router.get(
    "/events/{event_id}/device",
    response={200: StatusOut, **errors(401, 403, 422, 429)},
    auth=DeviceToken(),
)
def device_status(request: HttpRequest, event_id: Id):
    """What the server holds from this phone, so the page can show queued against stored."""
    device = _device_for(request, event_id)
    mine = RawRecord.objects.filter(device=device)
    fixes = Correction.objects.filter(device=device).values_list("device_seq", flat=True)
    starts, from_schedule = starts_for(device.event)
    signalled = [] if from_schedule else starts
    return {
        "device_id": device.pk,
        "device_name": device.name,
        "event_id": device.event_id,
        "server_count": mine.count(),
        "event_count": RawRecord.objects.filter(event_id=event_id).count(),
        # One counter numbers a phone's taps and its corrections.
        "max_seq": max([*mine.values_list("device_seq", flat=True), *fixes], default=0),
        "start_us": min((to_us(s.time) for s in signalled), default=None),
    }


@timing_router.post(
    "/events/{event_id}/corrections",
    response={200: CorrectionsOut, **errors(400, 401, 403, 409, 422, 429)},
    auth=DeviceToken(),
)
def phone_corrections(request: HttpRequest, event_id: Id, payload: CorrectionsIn):
    """Store corrections made on the phone; idempotent on (device, seq), safe to send again.

    Each becomes a correction record naming this phone (raw taps are never edited). One whose
    tap the server does not hold yet is listed in `waiting` and stored nothing: send it again
    after the taps. A finished or cancelled run answers 409 to anything new.
    """
    device = _device_for(request, event_id)
    try:
        result = store_corrections(device, [c.dict() for c in payload.corrections])
    except SyncError as exc:
        raise HttpError(400, str(exc)) from None
    except TimingClosed as exc:
        raise HttpError(409, str(exc)) from None
    return result.__dict__


def results_payload(event: Event) -> dict:
    out = results_for(event)
    rows = [
        {
            "place": r.place,
            "bib": r.bib,
            "name": r.entry.name,
            "sex": r.entry.sex,
            "age": r.entry.age,
            "division": r.division,
            "sex_place": r.sex_place,
            "division_place": r.division_place,
            "agency": r.entry.agency,
            "agency_place": r.agency_place,
            "gun_time": r.gun_time,
            "net_time": r.net_time,
            "pace_per_mile": r.pace_per_mile,
            "pace_per_km": r.pace_per_km,
            "status": str(r.status),
            "group_finish": r.group_finish,
        }
        for r in out.results
    ]
    return {
        "event_id": event.pk,
        "finished": sum(1 for r in rows if r["place"] is not None),
        "entrants": len(rows),
        "gun_from_schedule": out.gun_from_schedule,
        "group_finish_times": [format_duration(t) for t in out.group_times if t >= 0],
        "rows": rows,
    }


@timing_router.get(
    "/events/{event_id}/results", response={200: ResultsOut, **errors(*READ_ONE)}, auth=None
)
def event_results(request: HttpRequest, event_id: Id):
    event = get_object_or_404(Event.objects.select_related("course"), pk=event_id)
    if not can_see(request, event):
        raise HttpError(404, "No such event.")
    return results_payload(event)
