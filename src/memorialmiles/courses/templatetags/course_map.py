"""The course map for pages other than the course's own (the run's page)."""

from __future__ import annotations

from django import template

from memorialmiles.courses.maps import map_context

register = template.Library()


@register.inclusion_tag("courses/_run_course.html")
def run_course_map(course) -> dict:
    if course is None or not course.has_geometry:
        return {}
    return map_context(course)
