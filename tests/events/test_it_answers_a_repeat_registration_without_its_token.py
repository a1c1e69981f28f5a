"""Registering again with someone's name and email never hands over their registration.

Before the fix, the second form (any letter case) redirected to the first registration's page
and the API returned its token, where one tap cancelled it.
"""

import pytest
from django.core import mail

from background import burst
from memorialmiles.events.models import Registration

pytestmark = pytest.mark.django_db


def form(runner_fields, key, **extra):
    return {
        **runner_fields,
        "role": "runner",
        "accept_waiver": "on",
        "idempotency_key": key,
        **extra,
    }


def api(client, event, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"/api/v1/events/{event.pk}/registrations",
        body,
        content_type="application/json",
        headers=headers,
    )


@pytest.fixture
def pat(client, scheduled_run, runner_fields):
    client.post(f"/events/{scheduled_run.pk}/register/", form(runner_fields, "first-key"))
    burst()
    mail.outbox.clear()
    return Registration.objects.get()


def test_the_web_form_says_already_registered_and_mails_the_stored_address(
    client, scheduled_run, runner_fields, pat
):
    stranger = {
        **runner_fields,
        "first_name": "PAT",
        "last_name": "runner",
        "email": "Pat.Private@EXAMPLE.com",
        "phone": "555-9999",
    }
    response = client.post(f"/events/{scheduled_run.pk}/register/", form(stranger, "attacker-key"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Already registered" in page and "sent the registration link again" in page
    assert pat.token not in page
    assert "Bib" not in page and "<svg" not in page and "Cancel my registration" not in page
    assert Registration.objects.count() == 1
    burst()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat.private@example.com"]
    assert pat.get_absolute_url() in mail.outbox[0].body


def test_the_api_never_returns_the_existing_token(client, scheduled_run, pat):
    body = {
        "first_name": "Pat",
        "last_name": "RUNNER",
        "email": "PAT.PRIVATE@example.com",
        "emergency_name": "Attacker",
        "emergency_phone": "555-0000",
        "accept_waiver": True,
    }
    for key in (None, "attacker-key"):
        response = api(client, scheduled_run, body, key)
        assert response.status_code == 200
        data = response.json()
        assert data["status"] == "already_registered"
        assert data["created"] is False
        assert data["confirmation_url"] == "" and data["bib"] is None
        assert pat.token not in response.content.decode()
    assert Registration.objects.count() == 1
    burst()
    # Both repeats are answered alike; the link goes out once per ten minutes.
    assert [m.to for m in mail.outbox] == [["pat.private@example.com"]]
    pat.refresh_from_db()
    assert pat.emergency_name == "Secret Contact"


def test_a_cancelled_person_can_register_again(client, scheduled_run, runner_fields, pat):
    client.post(pat.get_absolute_url() + "cancel/")
    response = client.post(f"/events/{scheduled_run.pk}/register/", form(runner_fields, "k2"))
    fresh = Registration.objects.exclude(pk=pat.pk).get()
    assert response["Location"] == fresh.get_absolute_url()
    assert fresh.status == "registered" and fresh.token != pat.token
    assert Registration.objects.get(pk=pat.pk).status == "cancelled"


def test_many_clients_repeating_a_registration_send_one_link(client, scheduled_run, pat):
    body = {
        "first_name": "Pat",
        "last_name": "Runner",
        "email": "pat.private@example.com",
        "emergency_name": "Attacker",
        "emergency_phone": "555-0000",
        "accept_waiver": True,
    }
    for n in range(4):  # four addresses, each well under its own rate limit
        response = client.post(
            f"/api/v1/events/{scheduled_run.pk}/registrations",
            body,
            content_type="application/json",
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        )
        assert response.json()["status"] == "already_registered"
    burst()
    assert len(mail.outbox) == 1  # the runner's inbox gets the link once, not four times
    assert mail.outbox[0].to == ["pat.private@example.com"]
