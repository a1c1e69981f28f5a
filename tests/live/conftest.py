"""Live fixtures: a run that started ten minutes ago on a straight mile, a tracker link."""

from __future__ import annotations

import datetime as dt

import pytest

from live.livekit import mile_geometry


@pytest.fixture
def mile(db):
    from memorialmiles.courses.models import Course

    return Course.objects.create(
        name="Courthouse mile", geometry=mile_geometry(), distance_m=1609.3
    )


@pytest.fixture
def started():
    return (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)).replace(microsecond=0)


@pytest.fixture
def make_run(db, mile, started):
    def make(title="Crumby memorial mile", status="live", **extra):
        from memorialmiles.events.models import Event

        extra.setdefault("course", mile)
        return Event.objects.create(
            title=title, starts_at=started, status=status, time_zone="America/Chicago", **extra
        )

    return make


@pytest.fixture
def run(make_run):
    return make_run()


@pytest.fixture
def link(run):
    """(tracker, token) of the run."""
    from memorialmiles.live.models import Tracker

    return Tracker.create(run, label="Flag-bearer")


@pytest.fixture
def send(client):
    def post(token, positions, event_id):
        return client.post(
            f"/api/v1/live/events/{event_id}/positions",
            {"positions": positions},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )

    return post
