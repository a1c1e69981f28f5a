"""Timing in the API: a phone joins with a code, then syncs with its device token.

The device token (``Authorization: Bearer ...``) is the phone's only credential and is good
for its own event only: a token for event A posting to event B gets 403. It ends some hours
after its run (``TimingDevice.expires_at``) or when the timing lead revokes the phone: either
gets 401 with a message saying to join again. A finished or cancelled run refuses new records
with 409 until an organizer reopens it. Results are public for public events, with public
fields only (no email, phone or birth date).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from memorialmiles.audit import actors
from memorialmiles.core import ratelimit
from memorialmiles.events.access import can_see, grant
from memorialmiles.events.models import Event
from memorialmiles.results import format_duration
from memorialmiles.timing.models import (
    DeviceRole,
    RawRecord,
    TimingClosed,
    TimingDevice,
    run_ends_at,
)
from memorialmiles.timing.services import results_for
from memorialmiles.timing.sync import JoinError, SyncError, join, sync_batch

timing_router = Router(tags=["timing"])


class DeviceToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> TimingDevice | None:
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
    code: str
    name: str = "Phone"
    role: str = DeviceRole.BOTH


class JoinOut(Schema):
    token: str
    device_id: int
    event_id: int
    event_title: str
    role: str
    timer_url: str


class RecordIn(Schema):
    seq: int
    kind: str = "finish"
    source: str | None = None
    bib: str | None = None
    time_us: int | None = None
    ref_seq: int | None = None
    group_bibs: list[str] | None = None
    wave: str | None = None


class SyncIn(Schema):
    records: list[RecordIn]


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


@timing_router.post("/join", response={200: JoinOut, 400: Message, 409: Message}, auth=None)
def join_event(request: HttpRequest, payload: JoinIn):
    """Trade a join code from the timing lead for a device token (no password on the phone).

    The code is accepted in any case, with or without its dash or spaces (ABCD-EFGH).
    """
    ratelimit.check(request, "timing-join")
    try:
        device = join(payload.code, payload.name, payload.role)
    except JoinError as exc:
        raise HttpError(400, str(exc)) from None
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
    response={200: SyncOut, 400: Message, 401: Message, 403: Message, 409: Message},
    auth=DeviceToken(),
)
def sync(request: HttpRequest, event_id: int, payload: SyncIn):
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
    response={200: StatusOut, 401: Message, 403: Message},
    auth=DeviceToken(),
)
def device_status(request: HttpRequest, event_id: int):
    """What the server holds from this phone, so the page can show queued against stored."""
    device = _device_for(request, event_id)
    mine = RawRecord.objects.filter(device=device)
    return {
        "device_id": device.pk,
        "device_name": device.name,
        "event_id": device.event_id,
        "server_count": mine.count(),
        "event_count": RawRecord.objects.filter(event_id=event_id).count(),
        "max_seq": max(mine.values_list("device_seq", flat=True), default=0),
    }


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


@timing_router.get("/events/{event_id}/results", response=ResultsOut, auth=None)
def event_results(request: HttpRequest, event_id: int):
    event = get_object_or_404(Event.objects.select_related("course"), pk=event_id)
    if not can_see(request, event):
        raise HttpError(404, "No such event.")
    return results_payload(event)
