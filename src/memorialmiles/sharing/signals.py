"""A listed run's cards are drawn by the worker when the run or a dedication changes.

After the commit, so the worker reads what was saved; ``robust``, so a card never stands in
the way of saving a run.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from memorialmiles.events.models import Dedication, Event, EventStatusChange
from memorialmiles.sharing import prerender


def _later(event_id: int) -> None:
    def draw() -> None:
        event = Event.objects.listed().filter(pk=event_id).first()
        if event is not None:
            prerender.queue_run(event)

    transaction.on_commit(draw, robust=True)


@receiver(post_save, sender=Event, dispatch_uid="sharing-event-saved")
def event_saved(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    if not raw:
        _later(instance.pk)


@receiver(post_save, sender=EventStatusChange, dispatch_uid="sharing-status-changed")
def status_changed(sender, instance: EventStatusChange, created: bool, raw=False, **kw) -> None:
    if created and not raw:
        _later(instance.event_id)


@receiver(post_save, sender=Dedication, dispatch_uid="sharing-dedication-saved")
def dedication_saved(sender, instance: Dedication, raw: bool = False, **kwargs) -> None:
    if not raw:
        _later(instance.event_id)
