"""Timing fixtures: a race on 2025-05-01 at noon in Chicago, five runners, a joined phone."""

from __future__ import annotations

import pytest

from timing.timingkit import make_event


@pytest.fixture
def race(db):
    return make_event()


@pytest.fixture
def other_race(db):
    return make_event(title="Another memorial mile")


@pytest.fixture
def join_device(db):
    def join(event, name="Finish phone", role="both"):
        from memorialmiles.timing.sync import create_join_code, join

        return join(create_join_code(event, None).code, name, role)

    return join


@pytest.fixture
def phone(race, join_device):
    return join_device(race)


@pytest.fixture
def post_batch(client):
    def post(device, records, event_id=None):
        return client.post(
            f"/api/v1/timing/events/{event_id or device.event_id}/sync",
            {"records": records},
            content_type="application/json",
            headers={"Authorization": f"Bearer {device.token}"},
        )

    return post
