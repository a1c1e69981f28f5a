"""An organizer sees the tasks that failed and queues one again; nobody else can."""

import pytest
from django.core import mail

from background import burst
from memorialmiles.jobs.models import Job, JobStatus
from memorialmiles.messaging import outbox
from memorialmiles.messaging.models import MessageStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_message(settings):
    settings.EMAIL_BACKEND = "brokenmail.EmailBackend"
    settings.TASK_MAX_ATTEMPTS = 1
    message = outbox.send(
        "registration_confirmation", "pat@example.com", {"event_title": "Mile", "link": "x"}
    )
    burst()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return message


def test_the_page_lists_the_failure_with_its_error(client, alice, failed_message):
    client.force_login(alice)
    page = client.get("/tasks/failed/").content.decode()
    assert "Deliver" in page and "SMTP server said no" in page
    assert f"/tasks/{failed_message.job_id}/retry/" in page


def test_retry_delivers_it(client, alice, failed_message):
    client.force_login(alice)
    response = client.post(f"/tasks/{failed_message.job_id}/retry/")
    assert response.status_code == 302
    assert Job.objects.get().status == JobStatus.QUEUED
    burst()
    failed_message.refresh_from_db()
    assert failed_message.status == MessageStatus.SENT and len(mail.outbox) == 1
    assert failed_message.job.attempts == 1  # a fresh set of tries


def test_retrying_a_job_that_did_not_fail_does_nothing(client, alice, failed_message):
    client.force_login(alice)
    client.post(f"/tasks/{failed_message.job_id}/retry/")
    client.post(f"/tasks/{failed_message.job_id}/retry/")
    burst()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("who", ["liam", "val", "charlie"])
def test_others_cannot_see_or_retry(client, who, request, failed_message):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/tasks/failed/").status_code == 403
    assert client.post(f"/tasks/{failed_message.job_id}/retry/").status_code == 403
    assert Job.objects.get().status == JobStatus.FAILED


def test_the_outbox_shows_each_message_state(client, alice, failed_message):
    outbox.send("registration_confirmation", "sam@example.com", {"event_title": "Mile"})
    client.force_login(alice)
    page = client.get("/messages/").content.decode()
    assert "pat@example.com" in page and "sam@example.com" in page
    assert "Failed" in page and "Queued" in page
    detail = client.get(f"/messages/{failed_message.pk}/").content.decode()
    assert "Registration: Mile" in detail and "SMTP server said no" in detail


def test_the_back_office_retries_too(client, alice, failed_message):
    alice.is_staff = True
    alice.is_superuser = True
    alice.save()
    client.force_login(alice)
    client.post(
        "/admin/jobs/job/",
        {"action": "retry_failed", "_selected_action": [failed_message.job_id]},
    )
    assert Job.objects.get().status == JobStatus.QUEUED


def test_the_runs_page_leads_organizers_to_its_messages_and_certificates(client, alice, crumby):
    from memorialmiles.events.models import Dedication, Event

    event = Event.objects.create(title="Mile", status="scheduled", organizer=alice)
    dedication = Dedication.objects.create(event=event, hero=crumby)
    client.force_login(alice)
    page = client.get(event.get_absolute_url()).content.decode()
    assert f"/messages/?event={event.pk}" in page and "/tasks/failed/" in page
    assert f"/events/{event.pk}/dedications/{dedication.pk}/certificate.pdf?paper=a4" in page
    client.logout()
    assert "/messages/" not in client.get(event.get_absolute_url()).content.decode()
