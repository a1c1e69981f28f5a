"""The honor roll's long work as background tasks: a large registry file from the back office.

The upload is copied under PRIVATE_ROOT (never MEDIA_ROOT, which a proxy may serve) before the
request ends, and the task reads it there; the job's row says how far it came and, at the end,
the outcome counts and the rejected rows with line and column. The import writes everything in
one transaction, so a try that fails leaves nothing behind and the next try starts clean; and
since importing the same file twice changes nothing, a second run of a done job is harmless.
"""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from memorialmiles.honors.importer import OUTCOMES, ImportReport, import_heroes
from memorialmiles.jobs.background import GiveUp, background, counting, enqueue, save_result
from memorialmiles.jobs.models import STATUS_PAGES, Job
from memorialmiles.registry import RegistryError

UPLOADS = "imports"
# The status page lists this many rejected rows; the counts always cover them all.
REJECTED_SHOWN = 200


def store_upload(upload: UploadedFile) -> str:
    """Copy an uploaded file under PRIVATE_ROOT/imports/<random>/; its path relative to there.

    The name keeps only letters, digits, dots, dashes and underscores of the file's own last
    part (its suffix tells the reader the format), so a crafted name cannot climb out."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(upload.name or "").name)[-120:].lstrip(".")
    name = name or "registry.csv"
    relative = Path(UPLOADS) / secrets.token_hex(12) / name
    target = Path(settings.PRIVATE_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return str(relative)


def queue_import(upload: UploadedFile, options: dict, user=None) -> Job:
    """Store the upload and queue its import; the job's id is the status page's."""
    relative = store_upload(upload)
    return enqueue(import_registry_file, relative, options, user.pk if user else None)


def _resolve(path: str) -> Path:
    """A stored upload (relative to PRIVATE_ROOT) or a path given as is (the command line)."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else Path(settings.PRIVATE_ROOT) / candidate


def report_result(report: ImportReport, file_name: str) -> dict:
    """The import's outcome as the status page shows it (JSON)."""
    return {
        "file_name": file_name,
        "format": report.format,
        "encoding": report.encoding,
        "summary": report.summary(),
        "counts": {o: report.counts[o] for o in OUTCOMES},
        "dry_run": report.dry_run,
        "aborted": report.aborted,
        "rejected": [
            {"line": row.line, "column": row.column or "", "reason": row.reason}
            for row in report.rejected[:REJECTED_SHOWN]
        ],
    }


@background
def import_registry_file(path: str, options: dict, user_id: int | None = None) -> None:
    """A large registry import off the request; its ImportRun and audit entry say how it went.

    ``path`` must outlive the request: relative to PRIVATE_ROOT (``store_upload``), or an
    absolute path; ``options`` are ``import_heroes``' keywords (format, mapping, service...).
    """
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    source = _resolve(path)
    try:
        report = import_heroes(source, user=user, progress=counting, **options)
    except RegistryError as exc:
        # The same file will not read better in a minute; the message names no server folder.
        raise GiveUp(str(exc).replace(str(source.parent) + "/", "")) from None
    save_result(report_result(report, source.name))
    stored = Path(settings.PRIVATE_ROOT, UPLOADS).resolve()
    if source.resolve().is_relative_to(stored):
        shutil.rmtree(source.parent, ignore_errors=True)  # done: the copy has no further use


STATUS_PAGES[import_registry_file.module_path] = lambda job: reverse(
    "admin:honors_importrun_job", args=[job.pk]
)
