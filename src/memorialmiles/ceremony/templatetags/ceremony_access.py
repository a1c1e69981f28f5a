"""Whether this visitor may run the ceremony, for the run page's link to the ceremony screen."""

from __future__ import annotations

from django import template

from memorialmiles.ceremony.access import may_run_ceremony

register = template.Library()


@register.simple_tag(takes_context=True)
def can_run_ceremony(context, event) -> bool:
    request = context.get("request")
    return request is not None and may_run_ceremony(request, event)
