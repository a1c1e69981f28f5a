"""Helpers shared by the timing tests (imported as ``timing.timingkit``)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
GUN = dt.datetime(2025, 5, 1, 12, 0, tzinfo=CHICAGO)
GUN_US = int(GUN.timestamp()) * 1_000_000
RUNNERS = [
    (1, "Ann", "Lee", "F", 34, "Huntsville PD"),
    (2, "Bo", "Ray", "M", 41, "Huntsville PD"),
    (3, "Cy", "Kim", "M", 42, "Madison FD"),
    (4, "Di", "Ng", "F", 36, ""),
    (5, "Ed", "Oz", "M", 29, "Madison FD"),
]


def at_us(seconds: float) -> int:
    """A time `seconds` after the gun, as a device sends it."""
    return GUN_US + round(seconds * 1_000_000)


def make_event(title="Sample memorial mile", starts_at=GUN, status="live", **extra):
    from memorialmiles.events.models import Event, Registration

    event = Event.objects.create(
        title=title, starts_at=starts_at, time_zone="America/Chicago", status=status, **extra
    )
    for bib, first, last, sex, age, team in RUNNERS:
        Registration.objects.create(
            event=event, first_name=first, last_name=last, sex=sex, age=age, team=team, bib=bib
        )
    return event


def taps(*pairs, start_seq=1):
    """Records for (bib, seconds after the gun) pairs, numbered from start_seq."""
    return [
        {"seq": start_seq + i, "kind": "finish", "bib": bib, "time_us": at_us(s)}
        for i, (bib, s) in enumerate(pairs)
    ]
