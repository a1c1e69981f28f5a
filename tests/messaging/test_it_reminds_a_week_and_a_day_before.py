"""Reminders go out a week and a day before, on the run's own clock, and never twice."""

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from background import burst
from memorialmiles.events.services import change_status
from memorialmiles.jobs.models import Job
from memorialmiles.messaging import reminders
from memorialmiles.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2030, 10, 1, 12, 0, tzinfo=dt.UTC)


def planned(run):
    return sorted(
        Job.objects.filter(task__endswith="send_reminders", event=run).values_list(
            "run_after", flat=True
        )
    )


def test_publishing_plans_both_on_the_runs_clock(run):
    with freeze_time(NOW):
        change_status(run, "scheduled")
    # 8:00 in Chicago: CDT (13:00 UTC) a week before, CST (14:00 UTC) the day before.
    assert planned(run) == [
        dt.datetime(2030, 11, 1, 13, 0, tzinfo=dt.UTC),
        dt.datetime(2030, 11, 7, 14, 0, tzinfo=dt.UTC),
    ]


def test_saving_again_plans_nothing_new(run):
    with freeze_time(NOW):
        change_status(run, "scheduled")
        run.refresh_from_db()
        run.title += " (updated)"
        run.save()
    assert len(planned(run)) == 2


def test_nothing_is_sent_before_its_day(run):
    with freeze_time(NOW):
        change_status(run, "scheduled")
        burst()
    assert mail.outbox == []


def test_a_week_before_the_runners_and_the_agency_hear(run):
    with freeze_time(NOW):
        change_status(run, "scheduled")
    with freeze_time(dt.datetime(2030, 11, 1, 13, 1, tzinfo=dt.UTC)):
        burst()
    got = {m.to[0]: m for m in mail.outbox}
    assert set(got) == {"pat@example.com", "sam@example.com", "liaison@huntsville.example"}
    pat = got["pat@example.com"]
    assert pat.subject == "Memorial mile for Officer Garrett Crumby is in a week"
    assert "When: Friday, November 8, 2030 at 8:00 AM CST" in pat.body
    assert "Your bib: 1" in pat.body
    assert f"http://127.0.0.1:8000/events/{run.pk}/" in pat.body
    assert "Registered so far: 2" in got["liaison@huntsville.example"].body


def test_each_reminder_goes_once(run):
    with freeze_time(NOW):
        change_status(run, "scheduled")
    with freeze_time(dt.datetime(2030, 11, 7, 15, 0, tzinfo=dt.UTC)):
        burst()
        # A second planning or a replayed task sends nothing more.
        reminders.send_reminders.func(Job.objects.filter(task__endswith="send_reminders")[0].pk)
        burst()
    subjects = sorted(m.subject.rsplit(" is ", 1)[1] for m in mail.outbox if "pat@" in m.to[0])
    assert subjects == ["in a week", "tomorrow"]
    assert OutboxMessage.objects.filter(kind="reminder").count() == 6


def test_a_moved_run_is_reminded_for_its_new_date_only(run):
    with freeze_time(NOW):
        change_status(run, "scheduled")
        run.refresh_from_db()
        run.starts_at += dt.timedelta(days=14)
        run.save()
    with freeze_time(dt.datetime(2030, 11, 1, 14, 0, tzinfo=dt.UTC)):
        burst()
    assert mail.outbox == []  # the old week-before moment passed; the run is not next week
    with freeze_time(dt.datetime(2030, 11, 15, 15, 0, tzinfo=dt.UTC)):
        burst()
    assert len([m for m in mail.outbox if m.to == ["pat@example.com"]]) == 1


def test_a_cancelled_run_reminds_nobody(run):
    with freeze_time(NOW):
        change_status(run, "scheduled")
        change_status(run, "cancelled")
    with freeze_time(dt.datetime(2030, 11, 7, 15, 0, tzinfo=dt.UTC)):
        burst()
    assert mail.outbox == []


def test_a_run_published_late_skips_the_week_before(run):
    with freeze_time(dt.datetime(2030, 11, 4, 12, 0, tzinfo=dt.UTC)):
        change_status(run, "scheduled")
    assert planned(run) == [dt.datetime(2030, 11, 7, 14, 0, tzinfo=dt.UTC)]
