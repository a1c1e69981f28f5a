"""The ledger of background work: one row per job, whatever queue runs it.

The queue (django-tasks on the database or on RQ) carries only the row's id; the row keeps
what an organizer needs to read and act on: which task, for which run, how many tries, the
last error, and whether it is done, waiting to try again or failed for good. The same rows on
both backends mean one page of failed tasks and one retry button.
"""

from __future__ import annotations

from django.db import models

# Task import path -> a function of the job giving the page that follows it (an import's status,
# a batch's download page); each app adds its own, so this app imports none of theirs.
STATUS_PAGES: dict = {}


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    RETRYING = "retrying", "Waiting to try again"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    task = models.CharField(max_length=200, help_text="The task's import path.")
    args = models.JSONField(default=list)
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    last_error = models.TextField(blank=True)
    # Scheduled work (a reminder) is keyed, so planning it twice plans it once.
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    run_after = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the work came to, for the organizer's status page (an import's counts, a batch's
    # file); written by the task through ``background.save_result``.
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"

    @property
    def done(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def progress(self) -> int | None:
        """How far a running task has come (rows read...), as it last said; None if silent."""
        from memorialmiles.jobs.background import read_progress

        return read_progress(self.pk) if self.status == JobStatus.RUNNING else None

    @property
    def status_url(self) -> str:
        page = STATUS_PAGES.get(self.task)
        return page(self) if page else ""

    @property
    def name(self) -> str:
        return self.task.rsplit(".", 1)[-1].replace("_", " ")
