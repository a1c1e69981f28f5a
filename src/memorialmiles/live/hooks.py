"""What reaches the live stream from outside this app: new results and status changes.

Timing announces "results changed" (`timing.signals.results_changed`) after a phone's batch,
a chip import or a correction commits; an organizer's status change is an
`EventStatusChange` row. Both are pushed to the run's watchers, and a finished run's
recorded track is measured.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from memorialmiles.events.models import Event, EventStatus, EventStatusChange
from memorialmiles.live import bus
from memorialmiles.live.state import results_short, status_payload
from memorialmiles.timing.signals import results_changed


@receiver(results_changed, dispatch_uid="live-results")
def push_results(sender, event_id: int, **kwargs) -> None:
    event = Event.objects.select_related("course").filter(pk=event_id).first()
    if event is not None:
        bus.publish(event_id, "results", results_short(event))


@receiver(post_save, sender=EventStatusChange, dispatch_uid="live-status")
def push_status(sender, instance: EventStatusChange, created: bool, **kwargs) -> None:
    if not created:
        return
    event_id = instance.event_id

    def push() -> None:
        event = Event.objects.select_related("course").filter(pk=event_id).first()
        if event is None:
            return
        if event.status == EventStatus.FINISHED:
            from memorialmiles.live.recorded import record_track

            record_track(event)
        bus.publish(event_id, "status", status_payload(event))

    transaction.on_commit(push, robust=True)  # a failed push never fails the status change
