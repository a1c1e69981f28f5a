"""GPS tracks and courses: read, measure, simplify, convert and draw. No Django here.

>>> from memorialmiles import gps
>>> track = gps.read("run.fit")          # GPX, TCX, FIT, GeoJSON or encoded polyline
>>> track.metrics()["distance_m"]
"""

from .errors import GpsError
from .geojson import geojson_dict, geojson_text, write_geojson
from .gpx import gpx_text, write_gpx
from .polyline import read_polyline
from .reading import DEFAULT_MAX_BYTES, read, sniff
from .svg import course_svg, elevation_svg
from .track import Point, Track

__all__ = [
    "DEFAULT_MAX_BYTES",
    "GpsError",
    "Point",
    "Track",
    "course_svg",
    "elevation_svg",
    "geojson_dict",
    "geojson_text",
    "gpx_text",
    "read",
    "read_polyline",
    "sniff",
    "write_geojson",
    "write_gpx",
]
