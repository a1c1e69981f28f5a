"""``{% share_tags %}``: the Open Graph and Twitter card tags of a page.

A page says what it is about (``event=``, ``hero=``, ``dedication=``); the tag picks that card
and makes every address absolute with ``SITE_URL``, since crawlers fetch them cold.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

# SITE_URL, never the request's Host header: a forged Host must not reach a crawler's cache.
from memorialmiles.messaging.rendering import absolute

register = template.Library()


@register.inclusion_tag("sharing/tags.html", takes_context=True)
def share_tags(context, event=None, hero=None, dedication=None, title="", description=""):
    if dedication is not None:
        event = dedication.event
        image = reverse("share_dedication_card", args=[event.pk, dedication.pk])
        title = title or f"{dedication.hero.display_name} · {event.title}"
    elif event is not None:
        first = event.dedications.order_by("order", "mile", "id").first()
        image = (
            reverse("share_dedication_card", args=[event.pk, first.pk])
            if first
            else reverse("share_event_card", args=[event.pk])
        )
        title = title or event.title
        description = description or event.summary
    elif hero is not None:
        image = reverse("share_hero_card", args=[hero.pk])
        title = title or hero.display_name
    else:
        image = reverse("share_site_card")
    return {
        "og_title": title or "Memorial Miles",
        "og_description": (
            description or "One mile for every first responder killed in the line of duty."
        )[:300],
        "og_image": absolute(image),
        # The page's own address only where it is about something: never echo a request's path
        # (an error page would show the address it was asked for).
        "og_url": absolute((event or hero).get_absolute_url()) if (event or hero) else "",
        "og_type": "article" if (event or hero) else "website",
    }
