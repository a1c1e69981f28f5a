"""`{{ moment|run_clock:event }}`: a task's or a message's time on its run's clock (UTC else)."""

from __future__ import annotations

import datetime as dt

from django import template

from memorialmiles.events.zones import in_zone

register = template.Library()


@register.filter
def run_clock(moment: dt.datetime | None, event=None) -> str:
    return in_zone(moment, event.zone if event is not None else dt.UTC)
