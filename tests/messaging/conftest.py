"""A run in Chicago a week after the clocks go back, two runners and a liaison with an email."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
# Clocks go back on Sunday 3 November 2030; the run is the Friday after, at 8:00.
RUN_START = dt.datetime(2030, 11, 8, 8, 0, tzinfo=CHICAGO)


@pytest.fixture
def run(db, crumby, huntsville_pd, alice, liam):
    from memorialmiles.events.models import Dedication, Event, Registration
    from memorialmiles.honors.models import LiaisonAssignment

    liam.email = "liaison@huntsville.example"
    liam.save()
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    event = Event.objects.create(
        title="Memorial mile for Officer Garrett Crumby",
        starts_at=RUN_START,
        time_zone="America/Chicago",
        place_name="South Side Square",
        status="proposed",
        organizer=alice,
    )
    event.partner_agencies.add(huntsville_pd)
    Dedication.objects.create(event=event, hero=crumby, mile=1095)
    for n, (first, email) in enumerate((("Pat", "pat@example.com"), ("Sam", "sam@example.com"))):
        Registration.objects.create(
            event=event,
            first_name=first,
            last_name="Runner",
            email=email,
            bib=n + 1,
            agency=huntsville_pd,
            status="registered",
        )
    return event


@pytest.fixture(autouse=True)
def urls_loaded():
    """Load the URL configuration (and the API's pydantic schemas) before a test freezes the
    clock: pydantic cannot build a schema for freezegun's stand-in datetime class."""
    from django.urls import reverse

    reverse("home")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
