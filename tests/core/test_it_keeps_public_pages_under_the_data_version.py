"""A kept public page (core/pagecache.py) is served again while the data has not changed; a
change of data shows at once, even to a crowd; when only the clock's period has moved, one
request makes the page again and the others are served the last period's meanwhile."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from memorialmiles.core import pagecache

pytestmark = pytest.mark.django_db

WALL = "/heroes/"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock(1_800_000_000.0)
    monkeypatch.setattr(pagecache.time, "time", fake.time)
    return fake


def test_a_kept_page_is_served_again_until_the_data_changes(crumby, make_hero, clock):
    first = Client().get(WALL)
    assert b"Crumby" in first.content and first["Cache-Control"].startswith("public")
    again = Client().get(WALL)
    assert again["ETag"] == first["ETag"]
    make_hero(first_name="Ann", last_name="Whitcombe")
    changed = Client().get(WALL)
    assert b"Whitcombe" in changed.content and changed["ETag"] != first["ETag"]


def test_a_new_clock_period_is_made_once_while_the_crowd_gets_the_last(crumby, clock):
    first = Client().get(WALL)
    clock.now += pagecache.CLOCK_SECONDS
    key = next(iter(pagecache._near))
    making = pagecache._making_lock(key)
    seen = []

    def visit():
        seen.append(Client().get(WALL))

    with making:  # another request is making the page for the new period
        visitor = threading.Thread(target=visit)
        visitor.start()
        visitor.join(10)
        assert not visitor.is_alive(), "a visitor waited for the clock's making"
    assert seen[0]["ETag"] == first["ETag"] and seen[0].status_code == 200
    last = int(clock.now // pagecache.CLOCK_SECONDS) - 1
    assert pagecache._near[key][pagecache.PERIOD] == last  # nothing made meanwhile
    made = Client().get(WALL)  # nobody making: this request makes the new period's page
    assert made.status_code == 200
    period = int(clock.now // pagecache.CLOCK_SECONDS)
    assert pagecache._near[key][pagecache.PERIOD] == period


def test_a_page_two_periods_old_is_never_served(crumby, make_hero, clock):
    Client().get(WALL)
    clock.now += 2 * pagecache.CLOCK_SECONDS
    key = next(iter(pagecache._near))
    Client().get(WALL)
    assert pagecache._near[key][pagecache.PERIOD] == int(clock.now // pagecache.CLOCK_SECONDS)


def test_a_write_to_a_table_the_page_does_not_read_keeps_it(
    crumby, clock, django_assert_num_queries
):
    """A registration (or a timing tap, a live position) moves the numbers of its own tables:
    the honor wall, which reads none of them, is served again without a query."""
    import datetime as dt

    from memorialmiles.events.models import Event, Registration

    scheduled_run = Event.objects.create(
        title="Memorial mile",
        starts_at=dt.datetime(2030, 4, 20, 13, 0, tzinfo=dt.UTC),
        time_zone="America/Chicago",
        status="scheduled",
        capacity=2,  # its page shows the spots left: it reads the registrations
    )
    first = Client().get(WALL)
    Registration.objects.create(event=scheduled_run, first_name="Ann", last_name="Lee")
    with django_assert_num_queries(0):
        again = Client().get(WALL)
    assert again["ETag"] == first["ETag"]
    page = f"/events/{scheduled_run.pk}/"
    Client().get(page)
    Registration.objects.create(event=scheduled_run, first_name="Bo", last_name="Diaz")
    with CaptureQueriesContext(connection) as made:
        after = Client().get(page)
    assert made.captured_queries, "the run's page reads registrations: it is made again"
    assert b"0 spots left" not in after.content and b"The run is full" in after.content
