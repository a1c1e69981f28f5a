import re

import pytest
from django.urls import reverse

from memorialmiles.events.models import MemorialItem, Registration

pytestmark = pytest.mark.django_db

PRIVATE = [
    b"pat.private@example.com",
    b"555-0199",
    b"Secret Contact",
    b"555-0142",
    b"12 Private Lane",
    b"555-0777",
]


@pytest.fixture
def with_private_data(scheduled_run, runner_fields):
    Registration.objects.create(event=scheduled_run, **runner_fields)
    MemorialItem.objects.create(
        event=scheduled_run,
        kind="flag",
        status="presented",
        recipient="the Crumby family",
        family_address="12 Private Lane",
        family_phone="555-0777",
        dedication=scheduled_run.dedications.get(),
    )
    return scheduled_run


def test_it_lists_public_events(client, scheduled_run):
    response = client.get("/events/")
    assert response.status_code == 200
    assert b"Memorial mile for Officer Garrett Crumby" in response.content


def test_it_shows_the_event_page_in_the_events_zone(client, scheduled_run):
    response = client.get(scheduled_run.get_absolute_url())
    body = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Saturday, April 20, 2030, 8:00 AM CDT" in body
    assert "Mile 1,095" in body
    assert "Huntsville Police Department" in body
    assert "Moment of silence (21 seconds)" in body


def test_it_never_shows_private_data_on_public_pages(client, with_private_data):
    event = with_private_data
    for url in [
        "/events/",
        event.get_absolute_url(),
        f"/events/{event.pk}.ics",
        "/events/calendar.ics",
        "/api/v1/events",
        f"/api/v1/events/{event.pk}",
        f"/events/{event.pk}/silence/",
        reverse("hero", args=[event.dedications.get().hero_id]),
    ]:
        body = client.get(url).content
        for secret in PRIVATE:
            assert secret not in body, (url, secret)
    assert b"Flag carried on mile 1,095, presented in person to the Crumby family" in (
        client.get(event.get_absolute_url()).content
    )


def test_it_hides_proposed_events_from_the_public(client, scheduled_run, alice):
    scheduled_run.status = "proposed"
    scheduled_run.save()
    assert client.get(scheduled_run.get_absolute_url()).status_code == 404
    assert b"Garrett Crumby" not in client.get("/events/").content
    assert client.get("/api/v1/events").json()["count"] == 0
    client.force_login(alice)
    assert client.get(scheduled_run.get_absolute_url()).status_code == 200


def test_it_keeps_unlisted_events_off_the_list_but_open_by_link(client, scheduled_run):
    scheduled_run.visibility = "unlisted"
    scheduled_run.save()
    assert b"Garrett Crumby" not in client.get("/events/").content
    # Ids count up: the id alone finds nothing; the secret link opens it (tests/events/
    # test_it_hides_unlisted_runs_behind_a_secret_link.py has the rest).
    assert client.get(scheduled_run.get_absolute_url()).status_code == 404
    client.get(scheduled_run.get_share_url())
    assert client.get(scheduled_run.get_absolute_url()).status_code == 200


def test_it_shows_the_heros_miles_on_the_hero_page(client, scheduled_run, crumby):
    body = client.get(crumby.get_absolute_url()).content.decode()
    assert "Mile 1095: Memorial mile for Officer Garrett Crumby" in body
    assert "April 20, 2030" in body
