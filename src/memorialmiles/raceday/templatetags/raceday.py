"""`{% raceday_screens event as rd %}`: the run's race-day screens this visitor may open."""

from __future__ import annotations

from django import template

from memorialmiles.raceday import access, screens

register = template.Library()


@register.simple_tag(takes_context=True)
def raceday_screens(context, event) -> dict:
    request = context.get("request")
    if request is None:
        return {"screens": [], "roles": []}
    if access.is_staff_volunteer(request.user):
        return {"screens": screens.lead_screens(event.pk), "roles": []}
    seen: dict[str, screens.Screen] = {}
    roles = []
    for volunteer in access.live_passes(request):
        if volunteer.event_id == event.pk:
            roles.append(volunteer.get_role_display().lower())
            for screen in screens.for_pass(volunteer):
                seen.setdefault(screen.url, screen)
    return {"screens": list(seen.values()), "roles": roles}
