"""A run published plans its reminders; a run finished plans its results and thanks.

Status changes go through ``events.services.change_status`` (a queryset update, no Event
save, but an ``EventStatusChange`` row); the back office saves the Event itself. Both land
here, and the keyed jobs make a second call plan nothing new.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from memorialmiles.events.models import Event, EventStatus, EventStatusChange
from memorialmiles.messaging import after_run, reminders


def plan_messages(event: Event) -> None:
    if event.status == EventStatus.SCHEDULED:
        reminders.plan(event)
    elif event.status == EventStatus.FINISHED:
        after_run.plan(event)


@receiver(post_save, sender=Event, dispatch_uid="messaging-event-saved")
def event_saved(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    if not raw:
        plan_messages(instance)


@receiver(post_save, sender=EventStatusChange, dispatch_uid="messaging-status-changed")
def status_changed(sender, instance: EventStatusChange, created: bool, raw=False, **kw) -> None:
    if created and not raw:
        event = instance.event
        event.status = instance.to_status  # the row is written before the run's own update
        plan_messages(event)
