"""Timing's long work as background tasks: a run's certificates, all at once, for the printer.

The ZIP is kept under PRIVATE_ROOT (never MEDIA_ROOT, which a proxy may serve): it holds a
draft's dedications and every finisher's name, and only an organizer's download reads it.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from django.conf import settings

from memorialmiles.events import certificate
from memorialmiles.events.models import Event
from memorialmiles.jobs.background import background, report_progress, save_result
from memorialmiles.results import Status
from memorialmiles.timing import pdf
from memorialmiles.timing.services import results_for


def batch_path(event_id: int) -> Path:
    return Path(settings.PRIVATE_ROOT) / "certificates" / f"run-{event_id}.zip"


@background
def certificate_batch(event_id: int) -> None:
    """Every finisher's certificate and each family's, in one ZIP under MEDIA_ROOT.

    Written beside its place and moved in at the end, so a reader never finds half a file.
    """
    event = Event.objects.get(pk=event_id)
    target = batch_path(event.pk)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    rows = results_for(event, fresh=True).results.rows
    finishers = dedications = 0
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            if row.status == Status.FINISHED:
                archive.writestr(f"finisher-{row.bib}.pdf", pdf.finisher_certificate(event, row))
                finishers += 1
                report_progress(finishers)
        for dedication in event.dedications.select_related("hero", "hero__agency"):
            archive.writestr(
                f"dedication-{dedication.pk}.pdf",
                certificate.render(event, dedication, settings.CERTIFICATE_PAPER),
            )
            dedications += 1
            report_progress(finishers + dedications)
    os.replace(partial, target)
    save_result(
        {"finishers": finishers, "dedications": dedications, "bytes": target.stat().st_size}
    )
