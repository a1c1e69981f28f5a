"""Cancelling asks first: GET shows a confirmation page, only POST cancels; a cancelled
registration's page shows no bib and no QR code."""

import pytest

from memorialmiles.events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def pat(client, scheduled_run, runner_fields):
    client.post(
        f"/events/{scheduled_run.pk}/register/",
        {**runner_fields, "role": "runner", "accept_waiver": "on", "idempotency_key": "k"},
    )
    return Registration.objects.get()


def test_a_get_asks_and_changes_nothing(client, pat):
    page = client.get(pat.get_absolute_url())
    assert b"Cancel my registration" in page.content
    response = client.get(pat.get_absolute_url() + "cancel/")
    assert response.status_code == 200
    assert b"Yes, cancel my registration" in response.content
    pat.refresh_from_db()
    assert pat.status == "registered"


def test_only_a_post_cancels(client, pat):
    response = client.post(pat.get_absolute_url() + "cancel/")
    assert response["Location"] == pat.get_absolute_url()
    pat.refresh_from_db()
    assert pat.status == "cancelled"


def test_a_cancelled_page_shows_no_bib_and_no_qr(client, pat):
    assert pat.bib == 1
    before = client.get(pat.get_absolute_url()).content.decode()
    assert "<svg" in before and 'class="bib"' in before
    client.post(pat.get_absolute_url() + "cancel/")
    page = client.get(pat.get_absolute_url()).content.decode()
    assert "Registration cancelled" in page
    assert "<svg" not in page and 'class="bib"' not in page and "Bib" not in page
    assert "Cancel my registration" not in page


def test_a_wrong_token_finds_nothing(client, pat):
    assert client.get(pat.get_absolute_url().replace(pat.token, "x" + pat.token)).status_code == 404
    assert client.post(f"/events/{pat.event_id}/registered/nope/cancel/").status_code == 404
