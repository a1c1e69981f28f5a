"""Who may run a run's ceremony screen: one gate, so it is wired in one place.

Organizers and back-office volunteers may, and so may a phone signed in with the run's
"ceremony" PIN or QR code (``memorialmiles.raceday.access.volunteer_can``); no other role's PIN.
"""

from __future__ import annotations

from django.http import HttpRequest

from memorialmiles.events.models import Event
from memorialmiles.raceday.access import volunteer_can


def may_run_ceremony(request: HttpRequest, event: Event) -> bool:
    return _may_run_ceremony(request, event)


def _may_run_ceremony(request: HttpRequest, event: Event) -> bool:
    return volunteer_can(request, event, "ceremony")
