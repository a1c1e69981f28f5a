"""Events fixtures: a scheduled run with a waiver, and a helper to register people on it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def scheduled_run(db, crumby, huntsville_pd, alice):
    from memorialmiles.events.models import Dedication, Event
    from memorialmiles.events.services import apply_program

    event = Event.objects.create(
        title="Memorial mile for Officer Garrett Crumby",
        starts_at=dt.datetime(2030, 4, 20, 8, 0, tzinfo=CHICAGO),
        time_zone="America/Chicago",
        place_name="South Side Square",
        status="scheduled",
        organizer=alice,
        waiver_text="I run at my own risk.",
        waiver_version="v1",
        capacity=2,
    )
    event.partner_agencies.add(huntsville_pd)
    Dedication.objects.create(event=event, hero=crumby, mile=1095)
    apply_program(event)
    return event


@pytest.fixture
def runner_fields():
    return {
        "first_name": "Pat",
        "last_name": "Runner",
        "email": "pat.private@example.com",
        "phone": "555-0199",
        "emergency_name": "Secret Contact",
        "emergency_phone": "555-0142",
    }
