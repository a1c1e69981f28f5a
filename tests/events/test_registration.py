import threading

import pytest
from django.core import mail

from background import burst
from memorialmiles.events.models import Registration
from memorialmiles.events.services import EventFull, register

pytestmark = pytest.mark.django_db


def form(runner_fields, **extra):
    data = {**runner_fields, "role": "runner", "accept_waiver": "on", "idempotency_key": "k1"}
    data.update(extra)
    return data


def test_it_registers_stores_the_waiver_and_sends_a_confirmation(
    client, scheduled_run, runner_fields
):
    response = client.post(f"/events/{scheduled_run.pk}/register/", form(runner_fields))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert registration.waiver_text == "I run at my own risk."
    assert registration.waiver_version == "v1"
    assert registration.waiver_accepted_at is not None
    assert registration.status == "registered"
    assert registration.bib == 1
    burst()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat.private@example.com"]
    assert registration.get_absolute_url() in mail.outbox[0].body
    assert "8:00 AM CDT" in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert "You are registered" in page


def test_it_creates_one_registration_from_a_double_submit(client, scheduled_run, runner_fields):
    url = f"/events/{scheduled_run.pk}/register/"
    first = client.post(url, form(runner_fields))
    second = client.post(url, form(runner_fields))
    assert Registration.objects.count() == 1
    assert first["Location"] == second["Location"]
    burst()
    assert len(mail.outbox) == 1


def test_it_treats_the_same_person_twice_as_one_even_without_the_key(
    client, scheduled_run, runner_fields
):
    url = f"/events/{scheduled_run.pk}/register/"
    client.post(url, form(runner_fields, idempotency_key="a"))
    client.post(url, form(runner_fields, idempotency_key="b", email="PAT.private@example.com "))
    assert Registration.objects.count() == 1


def test_it_says_what_to_fix(client, scheduled_run, runner_fields):
    data = form(runner_fields, email="not-an-email", is_minor="on", guardian_name="")
    data.pop("accept_waiver")
    body = client.post(f"/events/{scheduled_run.pk}/register/", data).content.decode()
    assert "Please fix the fields marked below." in body
    assert "Enter a valid email address." in body
    assert "Please read the waiver and tick the box to accept it." in body
    assert "A runner under 18 needs a parent or guardian" in body
    assert not Registration.objects.exists()


def test_it_stores_the_guardian_of_a_minor(client, scheduled_run, runner_fields):
    client.post(
        f"/events/{scheduled_run.pk}/register/",
        form(runner_fields, is_minor="on", guardian_name="Parent Person"),
    )
    assert Registration.objects.get().guardian_name == "Parent Person"


def test_it_waitlists_when_full_and_says_so(client, scheduled_run, runner_fields):
    for n in range(2):
        register(scheduled_run, first_name="R", last_name=str(n), email=f"r{n}@example.com")
    page = client.get(f"/events/{scheduled_run.pk}/register/").content.decode()
    assert "This run is full" in page
    response = client.post(f"/events/{scheduled_run.pk}/register/", form(runner_fields))
    registration = Registration.objects.get(last_name="Runner")
    assert registration.status == "waitlisted"
    assert registration.bib is None
    assert "You are on the waitlist" in client.get(response["Location"]).content.decode()
    with pytest.raises(EventFull):
        register(scheduled_run, first_name="X", last_name="Y", waitlist_ok=False)


def test_it_refuses_registration_when_closed(client, scheduled_run, runner_fields):
    scheduled_run.status = "finished"
    scheduled_run.save()
    response = client.post(f"/events/{scheduled_run.pk}/register/", form(runner_fields))
    assert response.status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_registration_when_two_requests_race(scheduled_run):
    errors = []

    def go():
        try:
            register(
                scheduled_run,
                idempotency_key="same",
                first_name="Race",
                last_name="Twin",
                email="race@example.com",
                send_email=False,
            )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Registration.objects.filter(last_name="Twin").count() == 1
    # SQLite may refuse a writer while another holds the lock; never two rows.
    assert all("locked" in str(e) for e in errors)
