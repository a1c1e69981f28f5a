"""Background tasks with retries and backoff, on whichever django-tasks backend is set.

``@background`` makes a django-tasks ``Task`` of a function that takes ids (never model
instances); ``enqueue`` records a ``Job`` and hands the queue only that job's id. The task
locks the row and runs only from queued or retrying, so a task delivered twice does its work
once. A failure is tried again after 30 s, 1, 2, 4 minutes (``TASK_RETRY_SECONDS`` doubled)
until ``TASK_MAX_ATTEMPTS``; then the job is failed, an organizer sees it and may retry it.

On the database backend the queue's row is written in the caller's transaction, so a message
and its delivery commit together or not at all; on RQ (Redis is not transactional) the job is
pushed once the transaction commits.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

from memorialmiles.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

# A job still "running" this long after its last change lost its worker: run it again.
STUCK_AFTER = dt.timedelta(hours=1)
# The job a worker is running now: a task reports its progress and result without its id.
_current: contextvars.ContextVar[int | None] = contextvars.ContextVar("job", default=None)


class GiveUp(Exception):
    """Raised by a task whose failure another try cannot mend (a file that does not read)."""


def background(func: Callable[..., Any]) -> Task:
    """Decorator: the function becomes a task run through the job ledger (see the module)."""

    def runner(job_id: int) -> None:
        run(job_id, func)

    # The queue finds a task by its import path: the runner stands under the function's name.
    runner.__module__ = func.__module__
    runner.__name__ = func.__name__
    runner.__qualname__ = func.__qualname__
    runner.__doc__ = func.__doc__
    return task()(runner)


def enqueue(
    work: Task,
    *args: Any,
    event=None,
    run_after: dt.datetime | None = None,
    key: str | None = None,
) -> Job:
    """Record a job and queue it; with a ``key``, a job already planned under it is returned."""
    fields = {
        "task": work.module_path,
        "args": list(args),
        "event": event,
        "run_after": run_after,
        "max_attempts": settings.TASK_MAX_ATTEMPTS,
    }
    if key:
        job, created = Job.objects.get_or_create(key=key, defaults=fields)
        if not created:
            return job
    else:
        job = Job.objects.create(**fields)
    submit(job)
    return job


def submit(job: Job) -> None:
    """Hand the job's id to the queue, deferred to ``job.run_after`` when that is ahead."""
    work: Task = import_string(job.task)
    if job.run_after and job.run_after > timezone.now():
        work = work.using(run_after=job.run_after)
    if isinstance(work.get_backend(), DatabaseBackend):
        work.enqueue(job.pk)
    else:
        transaction.on_commit(lambda: work.enqueue(job.pk))


def run(job_id: int, func: Callable[..., Any]) -> None:
    """One try of a job: claimed under a row lock, so a duplicate delivery finds it taken."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in (JobStatus.QUEUED, JobStatus.RETRYING):
            return  # delivered twice, or the job is gone: its work is done or not ours
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.save(update_fields=["status", "attempts", "updated_at"])
    token = _current.set(job.pk)
    try:
        func(*job.args)
    except Exception as exc:
        _failed(job, exc)
        if job.status == JobStatus.FAILED:
            raise
        return
    finally:
        _current.reset(token)
        _progress_file(job.pk).unlink(missing_ok=True)
    job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.last_error = ""
    job.save(update_fields=["status", "finished_at", "last_error", "updated_at"])


def backoff(attempts: int) -> dt.timedelta:
    """The wait before the next try: TASK_RETRY_SECONDS doubled at each failure."""
    return dt.timedelta(seconds=settings.TASK_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def _failed(job: Job, exc: Exception) -> None:
    job.last_error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
    if job.attempts >= job.max_attempts or isinstance(exc, GiveUp):
        job.status = JobStatus.FAILED
        job.finished_at = timezone.now()
        logger.error("Task %s failed for good after %s tries", job, job.attempts)
    else:
        job.status = JobStatus.RETRYING
        job.run_after = timezone.now() + backoff(job.attempts)
    job.save(update_fields=["status", "last_error", "finished_at", "run_after", "updated_at"])
    if job.status == JobStatus.RETRYING:
        submit(job)


def retry(job: Job) -> bool:
    """An organizer's "try again" on a failed job: a fresh set of tries, queued now."""
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, attempts=0, run_after=None, updated_at=timezone.now()
        )
        if not updated:
            return False
        job.refresh_from_db()
        submit(job)
    return True


def sweep(now: dt.datetime | None = None) -> int:
    """Queue again the jobs whose worker died mid-run (still "running" after an hour)."""
    now = now or timezone.now()
    stuck = list(Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=now - STUCK_AFTER))
    for job in stuck:
        with transaction.atomic():
            if Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                status=JobStatus.RETRYING, updated_at=now
            ):
                submit(job)
    return len(stuck)


# Progress and result: what the organizer's status page reads while and after a task runs.
#
# Progress goes to a small file beside the uploads (PRIVATE_ROOT, shared by the servers and the
# workers like the uploads themselves), not to the database: an import writes its rows in one
# transaction, which on SQLite holds the only write lock until the end.


def _progress_file(job_id: int) -> Path:
    return Path(settings.PRIVATE_ROOT) / "jobs" / f"{job_id}.progress"


def report_progress(done: int) -> None:
    """Say how far the running task has come (a count: rows read, files written)."""
    job_id = _current.get()
    if job_id is None:
        return
    target = _progress_file(job_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    partial.write_text(str(int(done)))
    os.replace(partial, target)


def read_progress(job_id: int) -> int | None:
    try:
        return int(_progress_file(job_id).read_text())
    except (OSError, ValueError):
        return None


def counting(items: Iterable, every_seconds: float = 0.5) -> Iterator:
    """Pass ``items`` through, reporting how many went by at most every ``every_seconds``."""
    done, last = 0, time.monotonic()
    for item in items:
        yield item
        done += 1
        if time.monotonic() - last >= every_seconds:
            report_progress(done)
            last = time.monotonic()
    report_progress(done)


def save_result(result: dict) -> None:
    """Keep what the running task came to (JSON) on its job, for the status page."""
    job_id = _current.get()
    if job_id is not None:
        Job.objects.filter(pk=job_id).update(result=result, updated_at=timezone.now())
