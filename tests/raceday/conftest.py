"""Race-day fixtures: a live run today with five runners, and a phone signing in by PIN."""

from __future__ import annotations

import pytest


@pytest.fixture
def today_run(db):
    from django.utils import timezone

    from timing.timingkit import make_event

    return make_event(title="Memorial mile today", starts_at=timezone.now(), first_bib=100)


@pytest.fixture
def other_run(db):
    from django.utils import timezone

    from timing.timingkit import make_event

    return make_event(title="Another run today", starts_at=timezone.now())


@pytest.fixture
def make_pin():
    def make(event, role="desk"):
        from memorialmiles.raceday.pins import make_pin as make

        return make(event, role)

    return make


@pytest.fixture
def sign_in(make_pin):
    """Sign `client` in with a new PIN for `event` and `role`; returns the NewPin."""

    def sign(client, event, role="desk", name="Dana"):
        new = make_pin(event, role)
        response = client.post("/volunteer/", {"pin": new.text, "name": name})
        assert response.status_code in (200, 302), response.content[:300]
        return new

    return sign
