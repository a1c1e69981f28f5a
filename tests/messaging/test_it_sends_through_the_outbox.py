"""An email is a row in the outbox first; the worker delivers it through EMAIL_BACKEND."""

import pytest
from django.core import mail

from background import burst
from memorialmiles.jobs.models import Job, JobStatus
from memorialmiles.messaging import outbox
from memorialmiles.messaging.models import EmailTemplate, MessageStatus, OutboxMessage

pytestmark = pytest.mark.django_db

CONTEXT = {
    "first_name": "Pat",
    "status": "registered",
    "event_title": "Mile for Garrett",
    "when": "",
    "place": "South Side Square",
    "bib": 7,
    "link": "https://miles.example.org/r/abc/",
}


def test_it_records_then_the_worker_delivers():
    message = outbox.send("registration_confirmation", "pat@example.com", CONTEXT)
    assert mail.outbox == []
    assert message.status == MessageStatus.QUEUED
    burst()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.sent_at
    assert message.job.status == JobStatus.SUCCEEDED and message.job.attempts == 1
    [sent] = mail.outbox
    assert sent.to == ["pat@example.com"]
    assert sent.subject == "Registration: Mile for Garrett"
    assert "Your bib: 7" in sent.body and "Where: South Side Square" in sent.body


def test_a_second_delivery_of_one_message_sends_nothing():
    message = outbox.send("registration_confirmation", "pat@example.com", CONTEXT)
    burst()
    Job.objects.filter(pk=message.job_id).update(status=JobStatus.QUEUED)
    outbox.deliver.func(message.job_id)
    assert len(mail.outbox) == 1


def test_a_stored_template_replaces_the_file():
    EmailTemplate.objects.create(
        name="registration_confirmation",
        subject="You're in, {{ first_name }}",
        body="See you at {{ place }}: {{ link }}",
    )
    outbox.send("registration_confirmation", "pat@example.com", CONTEXT)
    burst()
    assert mail.outbox[0].subject == "You're in, Pat"
    assert mail.outbox[0].body == "See you at South Side Square: https://miles.example.org/r/abc/\n"


def test_a_key_sends_once():
    first = outbox.send("registration_confirmation", "pat@example.com", CONTEXT, key="k:1")
    again = outbox.send("registration_confirmation", "pat@example.com", CONTEXT, key="k:1")
    burst()
    assert first.pk == again.pk
    assert OutboxMessage.objects.count() == 1 and len(mail.outbox) == 1
