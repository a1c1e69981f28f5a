import pytest

from memorialmiles.events.models import Registration

pytestmark = pytest.mark.django_db

BODY = {
    "first_name": "Api",
    "last_name": "Runner",
    "email": "api.runner@example.com",
    "emergency_name": "Someone",
    "emergency_phone": "555-0100",
    "accept_waiver": True,
}


def post(client, event, body, key="abc"):
    return client.post(
        f"/api/v1/events/{event.pk}/registrations",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


def test_it_registers_once_through_the_api(client, scheduled_run):
    first = post(client, scheduled_run, BODY)
    second = post(client, scheduled_run, BODY)
    assert first.status_code == 200
    assert first.json()["created"] is True and second.json()["created"] is False
    assert first.json()["confirmation_url"] == second.json()["confirmation_url"]
    assert Registration.objects.get().waiver_version == "v1"
    assert b"api.runner@example.com" not in first.content


def test_it_says_what_to_fix(client, scheduled_run):
    response = post(client, scheduled_run, {**BODY, "email": "nope"})
    assert response.status_code == 422
    assert "Enter a valid email address." in str(response.json()["detail"])
    response = post(client, scheduled_run, {**BODY, "accept_waiver": False})
    assert response.status_code == 422
    assert "waiver" in response.json()["detail"]
    assert not Registration.objects.exists()


def test_it_refuses_a_draft(client, scheduled_run):
    scheduled_run.status = "proposed"
    scheduled_run.save()
    assert post(client, scheduled_run, BODY).status_code == 404
