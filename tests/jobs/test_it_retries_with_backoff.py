"""A failing task is tried again after a growing wait, then marked failed for an organizer."""

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from background import burst
from memorialmiles.jobs.background import backoff
from memorialmiles.jobs.models import Job, JobStatus
from memorialmiles.messaging import outbox
from memorialmiles.messaging.models import MessageStatus

pytestmark = pytest.mark.django_db

CONTEXT = {"event_title": "Mile", "link": "https://miles.example.org/r/x/"}


@pytest.fixture
def broken_mail(settings):
    settings.EMAIL_BACKEND = "brokenmail.EmailBackend"


@pytest.fixture(autouse=True)
def urls_loaded():
    from django.urls import reverse

    reverse("home")


def test_the_wait_doubles():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_a_failure_waits_then_succeeds(broken_mail, settings):
    start = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)
    with freeze_time(start):
        message = outbox.send("registration_confirmation", "pat@example.com", CONTEXT)
        burst()
    job = Job.objects.get()
    assert job.status == JobStatus.RETRYING and job.attempts == 1
    assert "SMTP server said no" in job.last_error
    assert job.run_after == start + dt.timedelta(seconds=30)
    with freeze_time(start + dt.timedelta(seconds=20)):
        burst()  # not yet due
    assert Job.objects.get().attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with freeze_time(start + dt.timedelta(seconds=31)):
        burst()
    job.refresh_from_db()
    message.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert message.status == MessageStatus.SENT and len(mail.outbox) == 1


def test_it_gives_up_after_the_last_try(broken_mail, settings):
    settings.TASK_MAX_ATTEMPTS = 3
    start = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)
    message = None
    for minutes in (0, 1, 3, 10):
        with freeze_time(start + dt.timedelta(minutes=minutes)):
            if message is None:
                message = outbox.send("registration_confirmation", "pat@example.com", CONTEXT)
            burst()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.attempts == 3
    message.refresh_from_db()
    assert message.state == "Failed" and message.attempts == 3
