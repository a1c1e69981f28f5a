"""Course files made on the spot: a straight run north from Huntsville's South Side Square.

Points are placed with geographiclib's geodesic, so a file of ``length_m`` measures that length
to the millimetre and the tests can assert distances, not just that something was saved.
"""

from __future__ import annotations

import json

import pytest
from geographiclib.geodesic import Geodesic

START = (34.7300, -86.5850)


def line(length_m: float, points: int = 41, *, ele0: float = 190.0, climb_m: float = 0.0):
    """(lat, lon, ele) along a meridian, evenly spaced, climbing ``climb_m`` in all."""
    out = []
    for k in range(points):
        s = length_m * k / (points - 1)
        g = Geodesic.WGS84.Direct(START[0], START[1], 0.0, s)
        out.append((g["lat2"], g["lon2"], ele0 + climb_m * k / (points - 1)))
    return out


def gpx_bytes(length_m: float, points: int = 41, name: str = "Test mile", **kw) -> bytes:
    pts = "".join(
        f'<trkpt lat="{la:.9f}" lon="{lo:.9f}"><ele>{el:.1f}</ele></trkpt>'
        for la, lo, el in line(length_m, points, **kw)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="tests" xmlns="http://www.topografix.com/GPX/1/1">\n'
        f"<trk><name>{name}</name><trkseg>{pts}</trkseg></trk></gpx>\n"
    ).encode()


def geojson_bytes(length_m: float, points: int = 41) -> bytes:
    coords = [[lo, la, el] for la, lo, el in line(length_m, points)]
    doc = {
        "type": "Feature",
        "properties": {"name": "GeoJSON mile"},
        "geometry": {"type": "LineString", "coordinates": coords},
    }
    return json.dumps(doc).encode()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded originals go to a temporary folder, never the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def liam_for_huntsville(liam, huntsville_pd):
    from memorialmiles.honors.models import LiaisonAssignment

    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    return liam
