"""A large registry file from the back office is imported by the worker, with a status page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from background import burst
from memorialmiles.honors.models import Hero, ImportRun
from memorialmiles.jobs import background
from memorialmiles.jobs.models import Job, JobStatus

UPLOAD = "/admin/honors/importrun/upload/"


@pytest.fixture
def organizer(client, alice, settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.REGISTRY_INLINE_BYTES = 0  # every file counts as large here
    alice.is_staff = alice.is_superuser = True
    alice.save()
    client.force_login(alice)
    return client


def _upload(client, path: Path, **fields):
    with path.open("rb") as handle:
        return client.post(UPLOAD, {"file": handle, "format": "csv", "service": "fire", **fields})


def _stored(settings) -> list[Path]:
    return sorted(p for p in (Path(settings.PRIVATE_ROOT) / "imports").rglob("*") if p.is_file())


def test_the_upload_is_queued_kept_privately_and_imported_by_the_worker(
    organizer, firefighters, settings, alice
):
    page = _upload(organizer, firefighters)
    job = Job.objects.get(task="memorialmiles.honors.tasks.import_registry_file")
    assert page.status_code == 302
    assert page["Location"] == reverse("admin:honors_importrun_job", args=[job.pk])
    assert not Hero.objects.exists()
    [stored] = _stored(settings)
    assert stored.name == "firefighters.csv" and stored.read_bytes() == firefighters.read_bytes()
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    status = organizer.get(page["Location"]).content.decode()
    assert "Queued." in status and "firefighters.csv" in status

    burst()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert Hero.objects.filter(service="fire").count() == 3
    assert ImportRun.objects.get().user == alice
    assert job.result["counts"] == {
        "imported": 3,
        "updated": 0,
        "unchanged": 0,
        "duplicate": 0,
        "rejected": 0,
    }
    status = organizer.get(page["Location"]).content.decode()
    assert "Done" in status and "3 imported" in status
    assert _stored(settings) == []  # the private copy goes once it is imported


def test_the_same_file_again_changes_nothing(organizer, firefighters):
    _upload(organizer, firefighters)
    burst()
    heroes = list(Hero.objects.order_by("id").values())
    _upload(organizer, firefighters)
    burst()
    second = Job.objects.order_by("-id").first()
    assert second.status == JobStatus.SUCCEEDED
    assert second.result["counts"]["unchanged"] == 3
    assert second.result["counts"]["imported"] == 0
    assert list(Hero.objects.order_by("id").values()) == heroes


def test_rejected_rows_are_listed_with_line_and_column(organizer, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "First Name,Last Name,Rank,Date of Death\n"
        'John,Smith,Captain,"Dec 31, 1999"\n'
        "Mary,Jones,Firefighter,not a date\n"
    )
    page = _upload(organizer, bad)
    burst()
    job = Job.objects.get()
    assert job.result["counts"]["imported"] == 1
    assert job.result["counts"]["rejected"] == 1
    [rejected] = job.result["rejected"]
    assert rejected["line"] == 3 and rejected["column"]
    status = organizer.get(page["Location"]).content.decode()
    assert "Rejected rows" in status and f"<td>3</td><td>{rejected['column']}</td>" in status


def test_a_file_that_does_not_read_fails_once_and_can_be_retried(organizer, tmp_path, settings):
    bad = tmp_path / "roll.csv"
    bad.write_bytes(b"\x00\x01\x02 not a registry at all")
    page = organizer.post(UPLOAD, {"file": bad.open("rb")})
    burst()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.attempts == 1
    status = organizer.get(page["Location"]).content.decode()
    assert "Failed" in status and "nothing was written" in status
    assert str(settings.PRIVATE_ROOT) not in status  # the error names no server folder
    failed = organizer.get(reverse("jobs_failed")).content.decode()
    assert "import registry file" in failed.lower()
    assert f'href="{page["Location"]}"' in failed  # the way to its status page
    organizer.post(reverse("jobs_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert _stored(settings)  # kept for the retry


def test_a_running_import_shows_the_rows_read(organizer, firefighters):
    page = _upload(organizer, firefighters)
    job = Job.objects.get()
    job.status = JobStatus.RUNNING
    job.save()
    token = background._current.set(job.pk)
    try:
        list(background.counting(range(1234)))
    finally:
        background._current.reset(token)
    assert "1,234 rows read so far" in organizer.get(page["Location"]).content.decode()


def test_a_small_file_is_still_imported_at_once(organizer, firefighters, settings):
    settings.REGISTRY_INLINE_BYTES = 1024 * 1024
    page = _upload(organizer, firefighters)
    assert page.status_code == 200 and "3 imported" in page.content.decode()
    assert not Job.objects.exists()


def test_the_status_page_is_for_organizers_only(client, organizer, firefighters, val):
    page = _upload(organizer, firefighters)
    url = page["Location"]
    other = Job.objects.create(task="memorialmiles.messaging.outbox.deliver", args=[1])
    assert organizer.get(reverse("admin:honors_importrun_job", args=[other.pk])).status_code == 404
    client.force_login(val)
    assert client.get(url).status_code == 302  # the back office's login


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../../etc/passwd.csv", "passwd.csv"),
        (".hidden.csv", "hidden.csv"),
        ("roll of honor\x00.csv", "roll_of_honor_.csv"),
        ("..\\..\\roll.csv", "_.._roll.csv"),
    ],
)
def test_a_crafted_file_name_stays_in_its_folder(sent, kept, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from memorialmiles.honors.tasks import store_upload

    settings.PRIVATE_ROOT = tmp_path
    relative = Path(store_upload(SimpleUploadedFile(sent, b"First Name\n")))
    assert relative.name == kept
    assert relative.parent.parent == Path("imports")
    assert (tmp_path / relative).read_bytes() == b"First Name\n"
