"""The facts of a run as a message states them: on the run's clock, with absolute links."""

from __future__ import annotations

from django.urls import reverse

from memorialmiles.events.models import Event
from memorialmiles.messaging.rendering import absolute


def when(event: Event) -> str:
    local = event.local_start
    if local is None:
        return ""
    day = f"{local:%A, %B} {local.day}, {local:%Y}"
    if not event.start_time_known:
        return day
    return f"{day} at {local:%I:%M %p} {local.tzname()}".replace(" 0", " ", 1)


def heroes(event: Event) -> str:
    return ", ".join(d.hero.display_name for d in event.dedications.select_related("hero"))


def run_context(event: Event) -> dict:
    return {
        "event_title": event.title,
        "when": when(event),
        "place": event.place_name,
        "address": event.place_address,
        "heroes": heroes(event),
        "how_to_join": event.how_to_join,
        "event_url": absolute(event.get_absolute_url()),
        "results_url": absolute(reverse("timing_results", args=[event.pk])),
    }
