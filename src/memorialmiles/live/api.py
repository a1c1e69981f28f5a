"""The tracker phone's one write: a batch of positions, with its link's token as the bearer.

The token (``Authorization: Bearer ...``) is good for its own run only: another run's token
gets 403. A revoked link, or one whose run has ended, gets 401 saying so (the phone stops and
shows it). Each fix is stored once per (tracker, seq), however often it is sent; the answer
lists every seq of the batch the server holds, so the phone forgets exactly those.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import BeforeValidator

from memorialmiles.api.common import Id, errors
from memorialmiles.audit import actors
from memorialmiles.core import ratelimit
from memorialmiles.core.converters import MAX_ID
from memorialmiles.gps.live import KEPT, REASONS, Fix
from memorialmiles.live.tracking import MAX_BATCH, LinkDead, ensure_alive, store, tracker_for

live_router = Router(tags=["live"])

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


class TrackerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        tracker = tracker_for(token)
        if tracker is None:
            ratelimit.check(request, "live-positions")  # a guess: strangers are slowed
            return None
        try:
            ensure_alive(tracker)
        except LinkDead as exc:
            raise HttpError(401, str(exc)) from None
        actors.device_acts(tracker)  # the audit trail names the tracker as who acted
        return tracker


def _not_a_bool(value):
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true or false")
    return value


# JSON's integers (1 and 1.0) but not true: pydantic's lax int takes a bool, its strict int
# refuses 1.0, which JSON Schema calls an integer.
Whole = Annotated[int, BeforeValidator(_not_a_bool)]


class PositionIn(Schema):
    """Numbers are numbers (strict: `true` is no latitude, "5" no accuracy)."""

    seq: Whole = Field(ge=1, le=MAX_ID, description="The phone's own counter, 1 up.")
    time: dt.datetime = Field(description="When the fix was taken (ISO 8601 with a zone).")
    lat: float = Field(ge=-90, le=90, strict=True, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, strict=True, allow_inf_nan=False)
    accuracy_m: float | None = Field(
        None, ge=0, le=1_000_000, strict=True, allow_inf_nan=False, description="As the phone says."
    )


class PositionsIn(Schema):
    positions: list[PositionIn] = Field(max_length=MAX_BATCH)


class Verdicts(Schema):
    kept: int
    before_start: int
    inaccurate: int
    repeated: int
    out_of_order: int
    too_fast: int


class PositionsOut(Schema):
    created: int
    duplicates: int
    accepted: list[int]
    verdicts: Verdicts
    live: bool = Field(description="Whether watchers see the run's line now (the run is live).")


assert set(Verdicts.model_fields) == {KEPT, *REASONS}


@live_router.post(
    "/events/{event_id}/positions",
    response={200: PositionsOut, **errors(401, 403, 422, 429)},
    auth=TrackerToken(),
    url_name="live_positions",
)
def positions(request: HttpRequest, event_id: Id, payload: PositionsIn):
    """Store a batch of positions; idempotent on (tracker, seq), safe to send again.

    At most 500 positions a batch, `time` from 2000 to 2100 with its zone. Fixes from before
    the start, repeated, out of order, with an accuracy over 50 m or a speed over 12 m/s are
    kept raw, left out of the live line and counted in `verdicts`.
    """
    tracker = request.auth
    if tracker.event_id != event_id:
        raise HttpError(403, "This tracker link sends positions for its own run only.")
    fixes = []
    for p in payload.positions:
        if p.time.tzinfo is None:
            raise HttpError(422, f"seq {p.seq}: time needs its zone (Z or +hh:mm)")
        if not EARLIEST <= p.time < LATEST:
            raise HttpError(422, f"seq {p.seq}: time is outside 2000-2100")
        fixes.append(Fix(p.seq, p.time.timestamp(), p.lat, p.lon, p.accuracy_m))
    try:
        result = store(tracker, fixes)
    except LinkDead as exc:  # the run ended between the look-up and the lock
        raise HttpError(401, str(exc)) from None
    return result.__dict__
