"""Who may make and revoke tracker links: the one gate, so it changes in one place.

Today: organizers and volunteers (the timing lead is a volunteer, as on the timing lead page).
When branch `desk` lands `raceday.access.volunteer_can(request, event, "tracker")`, this gate
becomes that call. Publishing the recorded track is the organizer's alone (`is_organizer`).
"""

from __future__ import annotations

from django.http import HttpRequest

from memorialmiles.core.roles import Role, has_role
from memorialmiles.events.models import Event


def may_track(request: HttpRequest, event: Event) -> bool:
    return has_role(request.user, Role.VOLUNTEER)
