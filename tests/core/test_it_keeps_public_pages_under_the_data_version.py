"""A kept public page (core/pagecache.py) is served again while the data has not changed; a
change of data shows at once, even to a crowd; when only the clock's period has moved, one
request makes the page again and the others are served the last period's meanwhile."""

import threading

import pytest
from django.test import Client

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
    assert pagecache._near[key][1] == last  # nothing made meanwhile
    made = Client().get(WALL)  # nobody making: this request makes the new period's page
    assert made.status_code == 200
    period = int(clock.now // pagecache.CLOCK_SECONDS)
    assert pagecache._near[key][1] == period


def test_a_page_two_periods_old_is_never_served(crumby, make_hero, clock):
    Client().get(WALL)
    clock.now += 2 * pagecache.CLOCK_SECONDS
    key = next(iter(pagecache._near))
    Client().get(WALL)
    assert pagecache._near[key][1] == int(clock.now // pagecache.CLOCK_SECONDS)
