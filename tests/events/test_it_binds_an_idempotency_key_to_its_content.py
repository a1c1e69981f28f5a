"""An Idempotency-Key names one request: the same key and body replay the first answer; the
same key with another body is refused with a message, and nothing is registered."""

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


def post(client, event, body, key):
    return client.post(
        f"/api/v1/events/{event.pk}/registrations",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


def test_the_same_key_and_body_replay_the_first_answer(client, scheduled_run):
    first = post(client, scheduled_run, BODY, "key-1")
    again = post(client, scheduled_run, BODY, "key-1")
    assert first.status_code == again.status_code == 200
    assert first.json()["confirmation_url"] == again.json()["confirmation_url"]
    assert again.json()["created"] is False
    assert Registration.objects.count() == 1


def test_the_same_key_with_another_body_is_an_error(client, scheduled_run):
    post(client, scheduled_run, BODY, "key-1")
    other = {**BODY, "first_name": "Someone", "last_name": "Else", "email": "else@example.com"}
    response = post(client, scheduled_run, other, "key-1")
    assert response.status_code == 422
    assert "Idempotency-Key was already used with different details" in response.json()["detail"]
    assert "confirmation_url" not in response.json()
    assert list(Registration.objects.values_list("first_name", flat=True)) == ["Api"]


def test_a_key_too_long_is_refused_not_cut(client, scheduled_run):
    response = post(client, scheduled_run, BODY, "k" * 65)
    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_the_web_form_refuses_its_key_with_other_details(client, scheduled_run, runner_fields):
    url = f"/events/{scheduled_run.pk}/register/"
    data = {**runner_fields, "role": "runner", "accept_waiver": "on", "idempotency_key": "form-1"}
    first = client.post(url, data)
    replay = client.post(url, data)
    assert first.status_code == replay.status_code == 302
    assert first["Location"] == replay["Location"]
    edited = {**data, "first_name": "Other", "email": "other@example.com"}
    response = client.post(url, edited)
    assert response.status_code == 422
    page = response.content.decode()
    assert "already sent with other details" in page
    assert 'value="form-1"' not in page  # a new key for the corrected form
    assert Registration.objects.count() == 1
