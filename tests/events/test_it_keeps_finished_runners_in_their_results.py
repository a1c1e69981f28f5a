"""A runner's cancel link cannot take them out of a finished run's published results: the
attack is a tap on last month's link (or a forwarded one), and the finish leaves the results."""

import json

import pytest

from memorialmiles.events.models import Event, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(scheduled_run, huntsville_pd):
    Registration.objects.create(
        event=scheduled_run,
        first_name="Ann",
        last_name="Able",
        email="ann@example.com",
        agency=huntsville_pd,
        bib=5,
    )
    Event.objects.filter(pk=scheduled_run.pk).update(status="finished")
    scheduled_run.refresh_from_db()
    return scheduled_run


def _results(client, event) -> dict:
    return json.loads(client.get(f"/events/{event.pk}/results.json").content)


def test_an_old_cancel_link_cannot_take_a_runner_out_of_published_results(client, finished):
    ann = Registration.objects.get(last_name="Able")
    before = _results(client, finished)
    response = client.post(f"{ann.get_absolute_url()}cancel/")
    assert response.status_code in (302, 409)
    ann.refresh_from_db()
    assert ann.status == "registered"
    assert _results(client, finished) == before
