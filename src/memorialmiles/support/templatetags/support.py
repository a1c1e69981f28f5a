"""What support did, for the pages that show it: ``{% run_support event %}`` on a run's page,
``{% support_impact %}`` on the impact page (listed runs only, like every impact figure)."""

from django import template
from django.db.models import Count, Sum

from memorialmiles.events.models import Event
from memorialmiles.support.gifts import totals
from memorialmiles.support.models import Gift, GrantApplication, GrantStatus

register = template.Library()


@register.inclusion_tag("support/_run_support.html")
def run_support(event):
    return {"event": event, "totals": totals(event.gifts.all())}


@register.inclusion_tag("support/_impact.html")
def support_impact():
    grants = GrantApplication.objects.filter(status=GrantStatus.AWARDED).aggregate(
        count=Count("id"), dollars=Sum("award_amount")
    )
    return {
        "gifts": totals(Gift.objects.filter(event__in=Event.objects.listed())),
        "grants": grants["count"],
        "grant_dollars": grants["dollars"] or 0,
    }
