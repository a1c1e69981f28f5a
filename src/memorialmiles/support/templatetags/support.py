"""``{% run_support event %}``: what a run raised, and the way to give, on the run's page."""

from django import template

from memorialmiles.support.gifts import totals

register = template.Library()


@register.inclusion_tag("support/_run_support.html")
def run_support(event):
    return {"event": event, "totals": totals(event.gifts.all())}
