"""The organizer queues every certificate of a run, the worker makes the ZIP, they download it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from background import burst
from memorialmiles.events.models import Dedication
from memorialmiles.jobs.models import Job, JobStatus
from memorialmiles.timing.tasks import batch_path

GUN = dt.datetime(2025, 5, 1, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def race(db, crumby, settings, tmp_path):
    """A live run with one finisher (Ann Lee, bib 1, timed by a phone) and two who did not
    finish yet, and Officer Crumby's dedication."""
    from django.test import Client

    from memorialmiles.events.models import Event, Registration
    from memorialmiles.timing.sync import create_join_code, join

    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    event = Event.objects.create(
        title="Sample memorial mile", starts_at=GUN, time_zone="America/Chicago", status="live"
    )
    for bib, first, last in ((1, "Ann", "Lee"), (2, "Bo", "Ray"), (3, "Cy", "Kim")):
        Registration.objects.create(event=event, first_name=first, last_name=last, bib=bib)
    dedication = Dedication.objects.create(event=event, hero=crumby, mile=1095)
    phone = join(create_join_code(event, None).code, "Finish phone", "both")
    finish_us = int(GUN.timestamp()) * 1_000_000 + 478_400_000
    Client().post(
        f"/api/v1/timing/events/{event.pk}/sync",
        {"records": [{"seq": 1, "kind": "finish", "bib": "1", "time_us": finish_us}]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {phone.token}"},
    )
    event.dedication = dedication
    return event


@pytest.fixture
def organizer(client, alice):
    client.force_login(alice)
    return client


def test_the_organizer_queues_the_batch_and_downloads_the_zip(organizer, race, settings):
    page_url = reverse("pipeline_certificates", args=[race.pk])
    zip_url = reverse("pipeline_certificates_zip", args=[race.pk])
    assert "Make every certificate" in organizer.get(page_url).content.decode()
    assert organizer.get(zip_url).status_code == 404

    response = organizer.post(page_url)
    assert response.status_code == 302 and response["Location"] == page_url
    job = Job.objects.get(task="memorialmiles.timing.tasks.certificate_batch")
    assert job.event == race and job.status == JobStatus.QUEUED
    assert "Queued" in organizer.get(page_url).content.decode()

    burst()

    page = organizer.get(page_url).content.decode()
    assert "Ready" in page and "1 finisher certificate and 1 dedication certificate" in page
    download = organizer.get(zip_url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert archive.namelist() == ["finisher-1.pdf", f"dedication-{race.dedication.pk}.pdf"]
        assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())
        assert b"Ann Lee" in archive.read("finisher-1.pdf")
    # Kept where no proxy serves files: the private folder, not MEDIA_ROOT.
    assert batch_path(race.pk).is_relative_to(settings.PRIVATE_ROOT)
    assert not any(settings.MEDIA_ROOT.rglob("*.zip")) if settings.MEDIA_ROOT.exists() else True


def test_a_second_click_while_it_is_made_queues_nothing_more(organizer, race):
    url = reverse("pipeline_certificates", args=[race.pk])
    organizer.post(url)
    organizer.post(url)
    assert Job.objects.filter(task="memorialmiles.timing.tasks.certificate_batch").count() == 1
    burst()
    organizer.post(url)  # done: making them again is a new job
    assert Job.objects.filter(task="memorialmiles.timing.tasks.certificate_batch").count() == 2


def test_a_failed_batch_is_listed_and_tried_again(organizer, race, settings, monkeypatch):
    from memorialmiles.events import certificate

    settings.TASK_MAX_ATTEMPTS = 1
    real = certificate.render

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(certificate, "render", broken)
    url = reverse("pipeline_certificates", args=[race.pk])
    organizer.post(url)
    burst()
    job = Job.objects.get(task="memorialmiles.timing.tasks.certificate_batch")
    assert job.status == JobStatus.FAILED and "disk full" in job.last_error
    assert "Failed" in organizer.get(url).content.decode()
    assert not batch_path(race.pk).exists()  # never half a file
    failed = organizer.get(reverse("jobs_failed")).content.decode()
    assert "Certificate batch" in failed and race.title in failed
    assert f'href="{url}"' in failed  # the way to the batch's page

    monkeypatch.setattr(certificate, "render", real)
    organizer.post(reverse("jobs_retry", args=[job.pk]))
    burst()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and batch_path(race.pk).exists()


def test_only_organizers_reach_the_batch(client, race, val, charlie):
    for user in (val, charlie):
        client.force_login(user)
        assert client.post(reverse("pipeline_certificates", args=[race.pk])).status_code == 403
        assert client.get(reverse("pipeline_certificates_zip", args=[race.pk])).status_code == 403
    assert not Job.objects.filter(task="memorialmiles.timing.tasks.certificate_batch").exists()
