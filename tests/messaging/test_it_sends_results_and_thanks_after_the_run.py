"""After the finish: results and certificates to runners, thanks to the agency, once."""

import pytest
from django.core import mail

from background import burst
from memorialmiles.events.services import change_status
from memorialmiles.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(run, settings):
    """Pat finished in 8:05 with the group; Sam never crossed the line."""
    from memorialmiles.timing.sync import create_join_code, join, sync_batch

    settings.AFTER_RUN_MINUTES = 0
    change_status(run, "scheduled")
    change_status(run, "live")
    phone = join(create_join_code(run, run.organizer).code, "Finish phone", "both")
    gun_us = int(run.starts_at.timestamp()) * 1_000_000
    sync_batch(phone, [{"seq": 1, "kind": "finish", "bib": "1", "time_us": gun_us + 485_000_000}])
    change_status(run, "finished")
    return run


def test_each_runner_gets_their_result_and_certificate(finished):
    burst()
    got = {m.to[0]: m for m in mail.outbox}
    pat = got["pat@example.com"]
    assert pat.subject == "Your mile: Memorial mile for Officer Garrett Crumby"
    assert "Your time: 0:08:05, place 1" in pat.body
    base = f"http://127.0.0.1:8000/events/{finished.pk}/results/1/"
    assert f"Your certificate: {base}certificate.pdf" in pat.body
    assert "Your time" not in got["sam@example.com"].body  # did not start
    assert f"All results: http://127.0.0.1:8000/events/{finished.pk}/results/" in pat.body


def test_the_agency_is_thanked(finished):
    burst()
    [thanks] = [m for m in mail.outbox if m.to == ["liaison@huntsville.example"]]
    assert thanks.subject == "Thank you, Huntsville Police Department"
    assert "2 of your people ran" in thanks.body


def test_finishing_again_after_a_correction_mails_nobody_twice(finished):
    burst()
    change_status(finished, "live")
    change_status(finished, "finished")
    burst()
    assert len(mail.outbox) == 3
    assert OutboxMessage.objects.filter(kind__in=["results", "thanks"]).count() == 3


def test_results_wait_for_corrections(run, settings):
    settings.AFTER_RUN_MINUTES = 60
    change_status(run, "scheduled")
    change_status(run, "finished")
    burst()
    assert mail.outbox == []
