"""The organizer's own pages (edit a run, type a gun time or a finish time) use the run's zone.

Both DST days of 2026 in America/Chicago: 03-08 (02:00 is skipped) and 11-01 (01:00-02:00 twice).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from memorialmiles.events.models import Event
from memorialmiles.results import to_us
from memorialmiles.timing.models import Correction, StartSignal

pytestmark = pytest.mark.django_db

UTC = dt.UTC
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def _edit_post(local_start: str, time_zone: str = "America/Chicago") -> dict[str, str]:
    return {
        "title": "Memorial mile",
        "kind": "mile",
        "time_zone": time_zone,
        "visibility": "public",
        "first_bib": "1",
        "local_start": local_start,
    }


def _run(day: dt.date, status: str = "proposed") -> Event:
    return Event.objects.create(
        title="Memorial mile",
        time_zone="America/Chicago",
        starts_at=dt.datetime.combine(day, dt.time(8, 0), tzinfo=CHICAGO),
        status=status,
        registration_open=False,  # these days are past: such a run is recorded, not opened
    )


@pytest.mark.parametrize(
    ("typed", "zone", "stored"),
    [
        ("2026-03-08T08:00", "America/Chicago", dt.datetime(2026, 3, 8, 13, 0, tzinfo=UTC)),
        ("2026-03-08T01:30", "America/Chicago", dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        ("2026-11-01T08:00", "America/Chicago", dt.datetime(2026, 11, 1, 14, 0, tzinfo=UTC)),
        ("2026-11-01T08:00", "America/Denver", dt.datetime(2026, 11, 1, 15, 0, tzinfo=UTC)),
    ],
)
def test_it_saves_the_edit_pages_time_in_the_zone_beside_it(client, alice, typed, zone, stored):
    event = _run(dt.date(2026, 6, 1))
    client.force_login(alice)
    response = client.post(f"/events/{event.pk}/edit/", _edit_post(typed, zone))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.time_zone, event.starts_at) == (zone, stored)
    page = client.get(f"/events/{event.pk}/edit/").content.decode()
    assert f'value="{typed}"' in page


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("2026-03-08T02:30", "does not exist in America/Chicago"),
        ("2026-11-01T01:30", "happens twice in America/Chicago"),
    ],
)
def test_it_refuses_a_skipped_or_repeated_time_on_the_edit_page(client, alice, typed, words):
    event = _run(dt.date(2026, 6, 1))
    client.force_login(alice)
    response = client.post(f"/events/{event.pk}/edit/", _edit_post(typed))
    assert response.status_code == 200
    assert words in response.content.decode()
    event.refresh_from_db()
    assert event.starts_at == dt.datetime(2026, 6, 1, 13, 0, tzinfo=UTC)


def test_it_shows_the_status_history_in_the_runs_zone(client, alice):
    from memorialmiles.events.services import change_status

    event = _run(dt.date(2026, 6, 1))
    change_status(event, "scheduled", alice)
    client.force_login(alice)
    page = client.get(f"/events/{event.pk}/edit/").content.decode()
    assert " UTC:" not in page
    assert "CST:" in page or "CDT:" in page


@pytest.mark.parametrize(
    ("day", "typed", "gun"),
    [
        (dt.date(2026, 3, 8), "08:00:00", dt.datetime(2026, 3, 8, 13, 0, tzinfo=UTC)),
        (dt.date(2026, 3, 8), "01:30:00", dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        (dt.date(2026, 11, 1), "08:00:00", dt.datetime(2026, 11, 1, 14, 0, tzinfo=UTC)),
    ],
)
def test_it_reads_a_typed_gun_time_in_the_runs_zone(client, alice, day, typed, gun):
    event = _run(day, status="live")
    client.force_login(alice)  # the start signal is the timing lead's (an organizer)
    response = client.post(f"/timing/events/{event.pk}/start/", {"time": typed}, follow=True)
    assert StartSignal.objects.get(event=event).gun_time_us == to_us(gun)
    assert f"Start signal set at {typed}" in response.content.decode()
    page = client.get(f"/timing/events/{event.pk}/").content.decode()
    assert f"Gun: {typed}" in page


@pytest.mark.parametrize(
    ("day", "typed", "words"),
    [
        (dt.date(2026, 3, 8), "02:30:00", "does not exist in America/Chicago"),
        (dt.date(2026, 11, 1), "01:30:00", "happens twice in America/Chicago"),
    ],
)
def test_it_refuses_a_gun_or_finish_time_the_clocks_skip_or_repeat(
    client, alice, day, typed, words
):
    event = _run(day, status="live")
    client.force_login(alice)
    response = client.post(f"/timing/events/{event.pk}/start/", {"time": typed}, follow=True)
    assert words in response.content.decode()
    assert not StartSignal.objects.filter(event=event).exists()
    response = client.post(
        f"/timing/events/{event.pk}/corrections/",
        {"action": "set_time", "bib": "7", "time": typed, "why": "watch"},
        follow=True,
    )
    assert words in response.content.decode()
    assert not Correction.objects.filter(event=event).exists()
