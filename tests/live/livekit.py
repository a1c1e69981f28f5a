"""Helpers shared by the live tests (imported as ``live.livekit``): a straight mile north
from Huntsville's courthouse square, and fixes along it."""

from __future__ import annotations

import datetime as dt

import numpy as np

LAT0, LAT1, LON = 34.7300, 34.744507, -86.5860  # 1,609.3 m of latitude, within a metre


def mile_geometry(points: int = 11) -> dict:
    lats = np.linspace(LAT0, LAT1, points)
    return {"type": "LineString", "coordinates": [[LON, float(lat)] for lat in lats]}


def fix(seq: int, at: dt.datetime, fraction: float, accuracy_m: float | None = 5.0) -> dict:
    """A position `fraction` of the way along the mile, taken at `at`."""
    return {
        "seq": seq,
        "time": at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "lat": LAT0 + (LAT1 - LAT0) * fraction,
        "lon": LON + 0.00002,  # a couple of metres off the line, as a phone is
        "accuracy_m": accuracy_m,
    }


def walk(start: dt.datetime, n: int, *, first_seq: int = 1, every_s: int = 5) -> list[dict]:
    """`n` fixes of a 10-minute mile from `start` on, one every `every_s` seconds."""
    speed = 1 / 600  # fraction of the mile per second
    return [
        fix(first_seq + i, start + dt.timedelta(seconds=every_s * i), speed * every_s * i)
        for i in range(n)
    ]


# URL keywords for the permission matrix (tests/security/matrix.py): a fresh link per cell.
def a_tracker(world, target: str = "public") -> dict:
    from memorialmiles.live.models import Tracker

    return {"tracker_id": Tracker.create(world.events[target])[0].pk}


def another_runs_tracker(world) -> dict:
    return a_tracker(world, "finished")


def a_tracker_token(world) -> dict:
    from memorialmiles.live.models import Tracker

    return {"tracker_token": Tracker.create(world.events["public"])[1]}
