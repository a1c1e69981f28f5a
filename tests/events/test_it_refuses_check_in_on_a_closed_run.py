"""Checking in gives a bib, and a bib is what a finish read is matched to: on a finished or
cancelled run a check-in would add an entrant to its published results, or hand a finisher's
time to someone else. The desk and the API refuse it (409) until an organizer reopens the run.

The attack: a volunteer, on the desk of last week's run, checks in a runner who never ran and
types the bib of a finisher the timers could not match.
"""

import json

import pytest

from memorialmiles.events.models import Event, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(scheduled_run, huntsville_pd):
    scheduled_run.capacity = None
    scheduled_run.save()
    Registration.objects.create(
        event=scheduled_run, first_name="Ann", last_name="Able", email="ann@example.com", bib=5
    )
    Registration.objects.create(
        event=scheduled_run, first_name="Zed", last_name="Noshow", email="zed@example.com"
    )
    Event.objects.filter(pk=scheduled_run.pk).update(status="finished")
    scheduled_run.refresh_from_db()
    return scheduled_run


def _results(client, event) -> dict:
    return json.loads(client.get(f"/events/{event.pk}/results.json").content)


def test_the_desk_refuses_a_check_in_with_a_bib_on_a_finished_run(client, finished, val):
    zed = Registration.objects.get(last_name="Noshow")
    before = _results(client, finished)
    client.force_login(val)
    response = client.post(f"/events/{finished.pk}/desk/{zed.pk}/check-in/", {"bib": "77"})
    assert response.status_code == 409
    assert b"finished" in response.content
    zed.refresh_from_db()
    assert (zed.bib, zed.checked_in_at) == (None, None)
    client.logout()
    assert _results(client, finished) == before


def test_the_api_refuses_a_check_in_on_a_cancelled_run(client, finished, val):
    Event.objects.filter(pk=finished.pk).update(status="cancelled")
    zed = Registration.objects.get(last_name="Noshow")
    client.force_login(val)
    response = client.post(f"/api/v1/events/{finished.pk}/registrations/{zed.pk}/check-in")
    assert response.status_code == 409
    assert "cancelled" in response.json()["detail"]
    zed.refresh_from_db()
    assert (zed.bib, zed.checked_in_at) == (None, None)


def test_a_live_run_still_checks_in(client, finished, val):
    Event.objects.filter(pk=finished.pk).update(status="live")
    zed = Registration.objects.get(last_name="Noshow")
    client.force_login(val)
    client.post(f"/events/{finished.pk}/desk/{zed.pk}/check-in/", {"bib": "77"})
    zed.refresh_from_db()
    assert zed.bib == 77 and zed.checked_in_at is not None


def test_assigning_bibs_is_refused_on_a_finished_run(client, finished, alice):
    """The organizer's "give bibs" button would make every runner without a bib an entrant of
    the published results; it waits for the run to be reopened like the timing writes."""
    before = _results(client, finished)
    client.force_login(alice)
    response = client.post(f"/events/{finished.pk}/bibs/assign/", follow=True)
    assert b"finished" in response.content
    assert Registration.objects.get(last_name="Noshow").bib is None
    client.logout()
    assert _results(client, finished) == before
