"""The ceremony screen: the program in order, the item on now, the names to read, one tap to
the silence; for organizers (and, once wired, the run's ceremony volunteers) only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from memorialmiles.ceremony.program import current_index
from memorialmiles.events.models import DEFAULT_PROGRAM, Dedication, Event, ProgramItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(crumby):
    event = Event.objects.create(
        title="Mile for Officer Crumby",
        status="scheduled",
        starts_at=timezone.now() - dt.timedelta(minutes=1),
        start_time_known=True,
        time_zone="America/Chicago",
    )
    Dedication.objects.create(event=event, hero=crumby, mile=1)
    for order, item in enumerate(DEFAULT_PROGRAM):
        ProgramItem.objects.create(event=event, order=order, **item)
    return event


def test_it_shows_the_program_the_item_on_now_and_the_names(client, alice, run):
    client.force_login(alice)
    response = client.get(f"/events/{run.pk}/ceremony/")
    assert response.status_code == 200
    page = response.content.decode()
    titles = [item["title"] for item in DEFAULT_PROGRAM]
    where = [page.index(f"<strong>{t}</strong>") for t in titles]
    assert where == sorted(where)  # in program order
    # A minute after the start, "The mile" (offset 0) is on.
    assert 'data-title="The mile" class="current" aria-current="step"' in page
    assert (
        "Running for Officer Garrett Crumby, Huntsville Police Department, "
        "end of watch March 28, 2023." in page
    )
    assert f'href="/events/{run.pk}/silence/?start=1"' in page
    assert "(21 seconds)" in page


def test_it_keeps_strangers_out(client, charlie, run):
    url = f"/events/{run.pk}/ceremony/"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(charlie)
    assert client.get(url).status_code == 403


def test_a_volunteer_account_may_run_it(client, val, run):
    client.force_login(val)
    assert client.get(f"/events/{run.pk}/ceremony/").status_code == 200


def test_a_ceremony_pin_opens_it_and_a_desk_pin_does_not(client, run):
    from memorialmiles.raceday.pins import make_pin

    url = f"/events/{run.pk}/ceremony/"
    desk = make_pin(run, "desk")
    client.post("/volunteer/", {"pin": desk.text, "name": "Dana"})
    assert client.get(url).status_code in (302, 403)  # signed in, but not for the ceremony
    ceremony = make_pin(run, "ceremony")
    client.post("/volunteer/", {"pin": ceremony.text, "name": "Dana"})
    page = client.get(url)
    assert page.status_code == 200
    assert "Running for Officer Garrett Crumby" in page.content.decode()


def test_the_run_page_shows_the_course_map_include_without_a_course(client, run):
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Course map" not in page  # no course yet: nothing drawn, no empty section


def test_a_run_without_a_program_says_so(client, alice):
    bare = Event.objects.create(title="Bare", status="scheduled")
    client.force_login(alice)
    assert "has no program yet" in client.get(f"/events/{bare.pk}/ceremony/").content.decode()


def test_the_item_on_now_follows_the_clock():
    t0 = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
    planned = [t0 - dt.timedelta(minutes=10), t0, t0 + dt.timedelta(minutes=15)]
    assert current_index(planned, t0 - dt.timedelta(hours=1)) == 0
    assert current_index(planned, t0 + dt.timedelta(seconds=1)) == 1
    assert current_index(planned, t0 + dt.timedelta(hours=1)) == 2
    assert current_index([None, None], t0) == 0
    assert current_index([], t0) == 0


def test_the_silence_page_starts_itself_only_when_asked(client, run):
    plain = client.get(f"/events/{run.pk}/silence/").content.decode()
    asked = client.get(f"/events/{run.pk}/silence/?start=1").content.decode()
    assert "data-autostart" not in plain and 'data-autostart="1"' in asked
    assert '<span class="name">Officer Garrett Crumby</span>' in plain
    # The name is above the count, so it is on screen before the count starts.
    assert plain.index('class="names"') < plain.index('id="count"')
