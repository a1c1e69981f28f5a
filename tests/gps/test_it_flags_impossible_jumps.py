import io

import pytest

from memorialmiles import gps


def test_it_leaves_a_far_away_point_out_and_says_so(h):
    lat, lon = h.walk(200)
    pts = [(a, b, 300.0, h.iso(1000 + i)) for i, (a, b) in enumerate(zip(lat, lon))]
    clean = gps.read(io.BytesIO(h.gpx_doc(pts).encode())).metrics()
    pts[57] = (48.0, 2.3, 300.0, h.iso(1057))  # Paris, seen from Slovenia
    track = gps.read(io.BytesIO(h.gpx_doc(pts).encode()))
    m = track.metrics()
    assert m["excluded_points"] == [57]
    assert any(w.startswith("point 58:") and "impossible jump" in w for w in m["warnings"])
    assert m["points"] == 200
    assert m["distance_m"] == pytest.approx(clean["distance_m"], rel=0.01)


def test_it_keeps_long_legs_of_a_route_that_does_not_come_back():
    track = gps.Track([40.0, 40.0, 41.0, 42.5, 43.0], [-75.0, -78.0, -82.0, -85.0, -89.0])
    assert track.excluded.tolist() == []
