"""Template filters of the timing pages."""

from __future__ import annotations

import zoneinfo

from django import template

from memorialmiles.timing.models import us_to_datetime

register = template.Library()


@register.filter
def timing_clock(us: int | None, zone: str) -> str:
    """A stored microsecond time as the run's wall clock, to the tenth: 08:07:58.4."""
    moment = us_to_datetime(us)
    if moment is None:
        return ""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{local:%H:%M:%S}.{local.microsecond // 100_000}"
