"""Race-day template tags: the run's screens a visitor may open, and the pages to keep offline."""

from __future__ import annotations

import json

from django import template
from django.urls import reverse

from memorialmiles.raceday import access, screens

register = template.Library()


def _offline_json(event_id: int, shown: list[screens.Screen]) -> str:
    urls = {reverse("event", args=[event_id])} | {s.url for s in shown if s.offline}
    return json.dumps(sorted(urls))


@register.simple_tag(takes_context=True)
def raceday_screens(context, event) -> dict:
    """`{% raceday_screens event as rd %}`: every screen for organizers and back-office
    volunteers; a PIN's phone sees its roles' screens; anyone else nothing."""
    request = context.get("request")
    if request is None:
        return {"screens": [], "roles": []}
    if access.is_staff_volunteer(request.user):
        shown = screens.lead_screens(event.pk)
        return {"screens": shown, "roles": [], "offline_json": _offline_json(event.pk, shown)}
    seen: dict[str, screens.Screen] = {}
    roles = []
    for volunteer in access.live_passes(request):
        if volunteer.event_id == event.pk:
            roles.append(volunteer.get_role_display().lower())
            for screen in screens.for_pass(volunteer):
                seen.setdefault(screen.url, screen)
    shown = list(seen.values())
    return {"screens": shown, "roles": roles, "offline_json": _offline_json(event.pk, shown)}


@register.simple_tag
def offline_urls(event_id: int, role: str) -> str:
    """The JSON list of pages the service worker keeps for a phone with `role`."""
    return _offline_json(event_id, screens.role_screens(role, event_id))
