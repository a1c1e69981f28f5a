"""A run's certificates in one ZIP for the printer: queued by the organizer, made by the worker.

Each finisher's certificate and each family's dedication certificate take a fraction of a second
to draw; a run of a few hundred takes longer than a web request should, so the organizer queues
the batch, reloads the page to see it done, and downloads the ZIP (organizers only: it holds
every finisher's name and a draft's dedications).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from memorialmiles.audit import record
from memorialmiles.core.roles import Role, role_required
from memorialmiles.events.access import event_or_404
from memorialmiles.events.models import Event
from memorialmiles.jobs.background import enqueue
from memorialmiles.jobs.models import STATUS_PAGES, Job, JobStatus
from memorialmiles.timing.tasks import batch_path, certificate_batch

BUSY = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING)
STATUS_PAGES[certificate_batch.module_path] = lambda job: (
    reverse("pipeline_certificates", args=[job.event_id]) if job.event_id else ""
)


def latest_batch(event: Event) -> Job | None:
    return Job.objects.filter(event=event, task=certificate_batch.module_path).first()


def queue_batch(event: Event) -> tuple[Job, bool]:
    """The run's batch job: the one already under way, or a new one (True)."""
    current = latest_batch(event)
    if current is not None and current.status in BUSY:
        return current, False
    return enqueue(certificate_batch, event.pk, event=event), True


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Role.ORGANIZER)
def batch_view(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    if request.method == "POST":
        job, created = queue_batch(event)
        if created:
            record.change(job, {"status": ("", JobStatus.QUEUED)}, action=record.CREATE)
            messages.success(
                request, "The certificates are queued; this page shows when the ZIP is ready."
            )
        else:
            messages.info(request, "The certificates are already being made.")
        return redirect("pipeline_certificates", event_id=event.pk)
    job = latest_batch(event)
    ready = batch_path(event.pk).exists()
    return render(
        request,
        "pipeline/certificates.html",
        {
            "event": event,
            "job": job,
            "ready": ready,
            "busy": bool(job and job.status in BUSY),
            "paper": "A4" if settings.CERTIFICATE_PAPER == "a4" else "Letter",
        },
    )


@require_GET
@role_required(Role.ORGANIZER)
def batch_download(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    path = batch_path(event.pk)
    if not path.exists():
        raise Http404("No certificates made yet.")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=f"certificates-run-{event.pk}.zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response
