"""A small world of runs for the impact figures: two finished listed runs in two years and
states, and a finished draft, a finished unlisted run and a scheduled one that must not count."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def runs(db, huntsville_pd, make_hero):
    from memorialmiles.events.models import (
        Dedication,
        Event,
        MemorialItem,
        Registration,
    )
    from memorialmiles.honors.models import Agency

    dallas = Agency.objects.create(
        name="Dallas Police Department", key="dallas pd", state="TX", city="Dallas"
    )
    h1 = make_hero(huntsville_pd, first_name="Garrett", last_name="Crumby")
    h2 = make_hero(huntsville_pd, first_name="Billy", last_name="Clardy")
    h3 = make_hero(dallas, first_name="Ann", last_name="Lone", state="TX")
    hidden = make_hero(dallas, first_name="Never", last_name="Counted", state="TX")

    def event(title, when, status="finished", visibility="public", heroes=(), runners=0):
        e = Event.objects.create(
            title=title,
            status=status,
            visibility=visibility,
            starts_at=when,
            time_zone="America/Chicago",
        )
        for i, hero in enumerate(heroes):
            Dedication.objects.create(
                event=e, hero=hero, mile=Dedication.objects.count() + 1, order=i
            )
        for r in range(runners):
            Registration.objects.create(
                event=e,
                first_name="Run",
                last_name=f"{title}{r}",
                email=f"{title.replace(' ', '')}{r}@example.com",
            )
        return e

    may23 = dt.datetime(2023, 5, 6, 14, tzinfo=dt.UTC)
    jan25 = dt.datetime(2025, 1, 1, 3, tzinfo=dt.UTC)  # 2024-12-31 in Chicago
    a = event("Huntsville mile", may23, heroes=[h1, h2], runners=3)
    b = event("Dallas mile", jan25, heroes=[h3, h1], runners=2)
    b.partner_agencies.add(dallas)
    event("Draft mile", may23, status="proposed", heroes=[hidden], runners=4)
    event("Unlisted mile", may23, visibility="unlisted", heroes=[hidden], runners=4)
    event("Future mile", jan25 + dt.timedelta(days=900), status="scheduled", heroes=[hidden])
    d1 = Dedication.objects.get(event=a, hero=h1)
    MemorialItem.objects.create(
        event=a,
        dedication=d1,
        kind="flag",
        status="presented",
        recipient_kind="family",
        recipient="The family",
    )
    MemorialItem.objects.create(
        event=a, kind="flag", status="ordered", recipient_kind="department", recipient="HPD"
    )
    MemorialItem.objects.create(
        event=b, kind="flag", status="received", recipient_kind="family", recipient="The family"
    )
    return {"a": a, "b": b, "heroes": (h1, h2, h3, hidden)}
