import pytest

from memorialmiles.events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def runners(scheduled_run):
    Registration.objects.create(
        event=scheduled_run,
        first_name="Ann",
        last_name="Able",
        bib=501,
        team="Huntsville Police Department",
        email="ann@example.com",
        phone="555-0123",
        emergency_name="Secret Contact",
    )
    Registration.objects.create(event=scheduled_run, first_name="Bob", last_name="Baker", bib=502)
    return scheduled_run


def test_it_prints_the_start_list_without_private_data(client, val, runners):
    client.force_login(val)
    response = client.get(f"/events/{runners.pk}/start-list.pdf")
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    assert b"(Ann Able)" in body and b"(501)" in body and b"(Bob Baker)" in body
    for secret in (b"ann@example.com", b"555-0123", b"Secret Contact"):
        assert secret not in body


def test_it_prints_bib_labels(client, alice, runners):
    client.force_login(alice)
    body = client.get(f"/events/{runners.pk}/bibs.pdf").content
    assert body.startswith(b"%PDF") and b"(502)" in body


def test_it_keeps_the_pdfs_from_strangers(client, charlie, runners):
    client.force_login(charlie)
    assert client.get(f"/events/{runners.pk}/start-list.pdf").status_code == 403
    assert client.get(f"/events/{runners.pk}/bibs.pdf").status_code == 403
