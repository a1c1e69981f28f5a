from django import template

from memorialmiles.reports.impact import running_count

register = template.Library()


@register.inclusion_tag("reports/_home_count.html")
def impact_count() -> dict:
    return {"miles": running_count()}
