"""Who may make and revoke tracker links: the one gate, so it changes in one place.

The day's people with the tracker role: organizers, volunteer accounts (the timing lead is one)
and a phone signed in with the run's tracker PIN (`raceday`), which then opens the link it
makes. Publishing the recorded track is the organizer's alone (`is_organizer`).
"""

from __future__ import annotations

from django.http import HttpRequest

from memorialmiles.events.models import Event
from memorialmiles.raceday.access import volunteer_can


def may_track(request: HttpRequest, event: Event) -> bool:
    return volunteer_can(request, event, "tracker")
