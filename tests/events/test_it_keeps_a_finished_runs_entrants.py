"""A finished or cancelled run's published results read its registrations: once the run is
closed, no roster (a liaison's page or the command) may add or change an entrant, until an
organizer reopens the run.

The attack: a liaison pastes "Zed Intruder, bib 7" into a finished run and the name joins its
results.
"""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from memorialmiles.events.models import Event, Registration
from memorialmiles.honors.models import LiaisonAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(scheduled_run, huntsville_pd):
    scheduled_run.capacity = None
    scheduled_run.save()
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


def test_a_liaison_roster_cannot_add_an_entrant_to_a_finished_run(
    client, finished, liam, huntsville_pd
):
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    before = _results(client, finished)
    client.force_login(liam)
    response = client.post(
        f"/events/{finished.pk}/bulk/",
        {"agency": huntsville_pd.pk, "pasted": "first_name,last_name,bib\nZed,Intruder,7\n"},
    )
    assert response.status_code in (400, 409)
    assert b"finished" in response.content
    assert not Registration.objects.filter(last_name="Intruder").exists()
    client.logout()
    assert _results(client, finished) == before


def test_the_command_refuses_a_roster_for_a_cancelled_run(tmp_path, finished):
    Event.objects.filter(pk=finished.pk).update(status="cancelled")
    roster = tmp_path / "roster.csv"
    roster.write_text("first_name,last_name,bib\nZed,Intruder,7\n")
    with pytest.raises((CommandError, SystemExit)):
        call_command("registrations", "import", str(roster), "--event", str(finished.pk))
    assert not Registration.objects.filter(last_name="Intruder").exists()


def test_a_reopened_run_takes_the_roster_again(client, finished, liam, huntsville_pd):
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    Event.objects.filter(pk=finished.pk).update(status="live")
    client.force_login(liam)
    client.post(
        f"/events/{finished.pk}/bulk/",
        {"agency": huntsville_pd.pk, "pasted": "first_name,last_name,bib\nZed,Newcomer,7\n"},
    )
    assert Registration.objects.filter(last_name="Newcomer").exists()
