"""The organizer's page of failed background tasks, with a retry button on each."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from memorialmiles.audit import record
from memorialmiles.core.roles import Role, role_required
from memorialmiles.jobs import background
from memorialmiles.jobs.models import Job, JobStatus

PAGE = 200


@require_GET
@role_required(Role.ORGANIZER)
def failed(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(status=JobStatus.FAILED).select_related("event")[:PAGE]
    waiting = Job.objects.filter(status=JobStatus.RETRYING).select_related("event")[:PAGE]
    return render(request, "jobs/failed.html", {"jobs": jobs, "waiting": waiting})


@require_POST
@role_required(Role.ORGANIZER)
def retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=job_id)
    if background.retry(job):
        record.change(job, {"status": (JobStatus.FAILED, JobStatus.QUEUED)}, retry="organizer")
        messages.success(request, f"{job.name.capitalize()} is queued again.")
    else:
        messages.info(request, f"{job.name.capitalize()} had not failed: nothing to retry.")
    return redirect("jobs_failed")
