"""Template helpers other apps' pages use to show a run, without importing the events app."""

from django import template

from memorialmiles.events.models import Event

register = template.Library()


@register.simple_tag
def planned_mile(hero) -> Event | None:
    """The open draft honoring this hero, if any. Only for an organizer's eyes: a draft shows
    nothing to the public."""
    return Event.objects.drafts_for(hero).first()
