"""The course map as pages draw it: the course's own page and the run's page share it."""

from __future__ import annotations

from django.conf import settings
from django.utils.safestring import mark_safe

from memorialmiles import gps
from memorialmiles.gps.pieces import track_shape

# OpenStreetMap's standard tiles; their use policy asks for the attribution the map shows.
TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def map_context(course, track=None) -> dict:
    """What ``courses/_course_map.html`` needs: the drawing, the tiles, the shape warnings."""
    track = track if track is not None else course.track()
    return {
        "course": course,
        # The library escapes every text it writes into the SVG (the course name included).
        "map_svg": mark_safe(gps.course_svg(track, title=course.name)),  # noqa: S308
        "tile_url": getattr(settings, "COURSE_TILE_URL", TILE_URL),
        "shape_warnings": track_shape(track).warnings(),
    }
