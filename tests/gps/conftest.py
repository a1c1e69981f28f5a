from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "gps"
FIT = "fitparse_activity-small-fenix2-run.fit"
GPX = "gpxpy_cerknicko-jezero.gpx"
TCX = "tcxparser_test.tcx"


@pytest.fixture
def real():
    """Path of a shared real file; skips when the shared data is not checked out."""

    def path(name: str) -> Path:
        p = DATA / name
        if not p.exists():
            pytest.skip(f"shared GPS sample {name} not found at {DATA}")
        return p

    return path


def geodesic_length(lat, lon, segment=None) -> float:
    """Independent reference: Karney's geodesic via geographiclib, one pair at a time."""
    total = 0.0
    for i in range(len(lat) - 1):
        if segment is not None and segment[i] != segment[i + 1]:
            continue
        total += Geodesic.WGS84.Inverse(lat[i], lon[i], lat[i + 1], lon[i + 1])["s12"]
    return total


def gpx_doc(points, *, version="1.1", segments=None, extra="", name="Test") -> str:
    """A GPX document from (lat, lon, ele|None, iso-time|None) tuples."""
    ns = f"http://www.topografix.com/GPX/{version.replace('.', '/')}"
    segs = segments or [points]
    body = []
    for seg in segs:
        body.append("<trkseg>")
        for lat, lon, ele, time in seg:
            inner = ""
            if ele is not None:
                inner += f"<ele>{ele}</ele>"
            if time is not None:
                inner += f"<time>{time}</time>"
            body.append(f'<trkpt lat="{lat}" lon="{lon}">{inner}{extra}</trkpt>')
        body.append("</trkseg>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="{version}" creator="t" '
        f'xmlns="{ns}" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
        f"<trk><name>{name}</name>\n" + "\n".join(body) + "\n</trk></gpx>\n"
    )


def walk(n: int, seed: int = 0, step_deg: float = 2e-5, lat0: float = 45.0, lon0: float = 14.0):
    rng = np.random.default_rng(seed)
    lat = lat0 + np.cumsum(rng.normal(0, step_deg, n))
    lon = lon0 + np.cumsum(rng.normal(0, step_deg, n))
    return lat, lon


def iso(seconds: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def h():
    """Helpers for building test tracks and reference values."""
    return SimpleNamespace(
        geodesic_length=geodesic_length,
        gpx_doc=gpx_doc,
        walk=walk,
        iso=iso,
        FIT=FIT,
        GPX=GPX,
        TCX=TCX,
    )
