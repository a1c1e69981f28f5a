"""Who may run a run's ceremony screen: one gate, so it is wired in one place.

Organizers may; so may a volunteer holding the run's "ceremony" role. That role is given by
a PIN or QR code (``memorialmiles.raceday.access.volunteer_can``, branch ``desk``); until that
is merged this gate knows organizers only, and ``may_run_ceremony`` is the one line to change.
"""

from __future__ import annotations

from django.http import HttpRequest

from memorialmiles.core.roles import is_organizer
from memorialmiles.events.models import Event


def may_run_ceremony(request: HttpRequest, event: Event) -> bool:
    return _may_run_ceremony(request, event)


def _may_run_ceremony(request: HttpRequest, event: Event) -> bool:
    return is_organizer(request.user)
