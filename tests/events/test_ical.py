import datetime as dt

import pytest
from icalendar import Calendar

from memorialmiles.events.models import Event

pytestmark = pytest.mark.django_db


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_it_gives_one_event_in_its_own_zone(client, scheduled_run):
    cal = parse(client.get(f"/events/{scheduled_run.pk}.ics"))
    assert cal["VERSION"] == "2.0"
    zones = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert zones == ["America/Chicago"]
    (vevent,) = cal.walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert str(start.tzinfo) == "America/Chicago"
    assert start.astimezone(dt.UTC) == dt.datetime(2030, 4, 20, 13, 0, tzinfo=dt.UTC)
    assert (
        b"DTSTART;TZID=America/Chicago:20300420T080000"
        in client.get(f"/events/{scheduled_run.pk}.ics").content
    )
    assert str(vevent["SUMMARY"]) == "Memorial mile for Officer Garrett Crumby"
    assert "Running for Officer Garrett Crumby" in str(vevent["DESCRIPTION"])
    assert str(vevent["UID"]) == f"event-{scheduled_run.pk}@memorialmiles"


def test_it_feeds_upcoming_listed_events_only(client, scheduled_run):
    Event.objects.create(
        title="Long past", status="finished", starts_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    Event.objects.create(
        title="Draft", status="proposed", starts_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    )
    Event.objects.create(
        title="Quiet",
        status="scheduled",
        visibility="unlisted",
        starts_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
    )
    Event.objects.create(
        title="In Denver",
        status="scheduled",
        time_zone="America/Denver",
        starts_at=dt.datetime(2031, 1, 1, 15, tzinfo=dt.UTC),
    )
    cal = parse(client.get("/events/calendar.ics"))
    titles = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert titles == ["In Denver", "Memorial mile for Officer Garrett Crumby"]
    assert sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")) == [
        "America/Chicago",
        "America/Denver",
    ]


def test_it_gives_only_the_date_when_the_hour_is_unknown(client, scheduled_run):
    scheduled_run.start_time_known = False
    scheduled_run.save()
    body = client.get(f"/events/{scheduled_run.pk}.ics").content
    assert b"DTSTART;VALUE=DATE:20300420" in body
    assert b"TZID:America/Chicago" in body


def test_it_marks_a_cancelled_event(client, scheduled_run):
    scheduled_run.status = "cancelled"
    scheduled_run.save()
    (vevent,) = parse(client.get(f"/events/{scheduled_run.pk}.ics")).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"
