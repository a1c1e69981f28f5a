"""A large registry import and a run's certificate batch run on the worker."""

import shutil
import zipfile
from pathlib import Path

import pytest

from background import burst
from memorialmiles import honors
from memorialmiles.honors.models import Hero, ImportRun
from memorialmiles.honors.tasks import import_registry_file
from memorialmiles.jobs.background import enqueue
from memorialmiles.jobs.models import Job, JobStatus
from memorialmiles.timing.tasks import batch_path, certificate_batch

pytestmark = pytest.mark.django_db

FIXTURE = Path(honors.__file__).parent / "fixtures" / "demo_heroes_538.csv"


def test_a_registry_file_is_imported_by_the_worker(tmp_path, alice):
    path = tmp_path / "roll.csv"
    shutil.copy(FIXTURE, path)
    enqueue(import_registry_file, str(path), {"format": "odmp-538-clean"}, alice.pk)
    assert not Hero.objects.exists()
    burst()
    run = ImportRun.objects.get()
    assert run.user == alice and run.counts["imported"] == Hero.objects.count() > 0
    assert Job.objects.get().status == JobStatus.SUCCEEDED


def test_a_file_that_cannot_be_read_fails_at_once(tmp_path):
    path = tmp_path / "roll.csv"
    path.write_bytes(b"\x00\x01 not a registry")
    enqueue(import_registry_file, str(path), {}, None)
    burst()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.attempts == 1 and job.last_error


def test_the_certificate_batch_holds_every_familys_certificate(scheduled_run, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    enqueue(certificate_batch, scheduled_run.pk, event=scheduled_run)
    burst()
    with zipfile.ZipFile(batch_path(scheduled_run.pk)) as archive:
        names = archive.namelist()
        dedication = scheduled_run.dedications.get()
        assert names == [f"dedication-{dedication.pk}.pdf"]
        assert archive.read(names[0]).startswith(b"%PDF")
