"""The registry watch as a background task that plans its own next run.

Each run checks every source, then queues the next one `REGISTRY_WATCH_MINUTES` later under a
key naming that time slot, so however many workers or `--schedule` calls there are, one check
is planned per slot.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from memorialmiles.jobs.background import background, enqueue
from memorialmiles.jobs.models import Job
from memorialmiles.pipeline import watch


@background
def watch_registries() -> None:
    watch.check_all()
    schedule()


def schedule(now: dt.datetime | None = None) -> Job:
    """Plan the next check (one per slot of REGISTRY_WATCH_MINUTES)."""
    minutes = max(1, settings.REGISTRY_WATCH_MINUTES)
    slot = int((now or timezone.now()).timestamp() // (minutes * 60)) + 1
    due = dt.datetime.fromtimestamp(slot * minutes * 60, tz=dt.UTC)
    return enqueue(watch_registries, run_after=due, key=f"pipeline.registry-watch:{slot}")


def check_now() -> Job:
    return enqueue(watch_registries)
