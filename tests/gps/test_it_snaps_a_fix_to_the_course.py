"""A fix is placed on the course line: distance along it, and how far off it was."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.gps.geodesy import inverse
from memorialmiles.gps.snap import BACK_M, CourseLine

# A straight mile north from Huntsville's courthouse square, 11 points.
NORTH = CourseLine(np.linspace(34.7300, 34.7445, 11), np.full(11, -86.5860))


def test_a_point_of_the_line_is_on_it_at_its_own_distance():
    snap = NORTH.snap(34.7300 + 0.0145 * 0.4, -86.5860)
    assert snap.offset_m == pytest.approx(0, abs=0.01)
    assert snap.along_m == pytest.approx(NORTH.length_m * 0.4, rel=1e-6)


def test_a_fix_beside_the_road_is_placed_across_from_itself():
    snap = NORTH.snap(34.7372, -86.5862)  # about 18 m west of the line
    assert 15 < snap.offset_m < 21
    assert snap.lon == pytest.approx(-86.5860)
    assert snap.along_m == pytest.approx(float(inverse(34.7300, -86.5860, 34.7372, -86.5860)), 0.1)


def test_beyond_the_ends_it_clamps_to_start_and_finish():
    assert NORTH.snap(34.70, -86.5860).along_m == 0
    assert NORTH.snap(34.80, -86.5860).along_m == pytest.approx(NORTH.length_m)


def test_an_out_and_back_stays_on_the_way_out_until_the_turn():
    lat = np.concatenate([np.linspace(34.73, 34.74, 6), np.linspace(34.74, 34.73, 6)[1:]])
    line = CourseLine(lat, np.full(lat.size, -86.586))
    out = line.snap(34.735, -86.5861, after_m=300)
    back = line.snap(34.735, -86.5861, after_m=line.length_m * 0.7)
    assert out.along_m == pytest.approx(line.length_m * 0.25, rel=0.01)
    assert back.along_m == pytest.approx(line.length_m * 0.75, rel=0.01)


def test_it_reads_geojson_lines_and_refuses_a_point():
    multi = {
        "type": "MultiLineString",
        "coordinates": [[[-86.5, 34.7], [-86.5, 34.71]], [[-86.5, 34.71], [-86.5, 34.72]]],
    }
    assert CourseLine.from_geometry(multi).length_m == pytest.approx(2 * 1109, rel=0.01)
    assert CourseLine.from_geometry({"type": "Point", "coordinates": [0, 0]}) is None
    assert CourseLine.from_geometry({}) is None


lats = st.floats(34.72, 34.76)
lons = st.floats(-86.60, -86.57)


@settings(max_examples=150, deadline=None)
@given(lat=lats, lon=lons, after=st.none() | st.floats(0, 2000))
def test_the_snap_is_the_nearest_allowed_point_and_on_the_line(lat, lon, after):
    zigzag = CourseLine([34.73, 34.735, 34.74, 34.745], [-86.59, -86.58, -86.59, -86.58])
    snap = zigzag.snap(lat, lon, after_m=after)
    assert 0 <= snap.along_m <= zigzag.length_m + 1e-6
    if after is not None and after - BACK_M <= zigzag.cum[1:].max():
        assert snap.along_m >= min(after - BACK_M, zigzag.length_m) - zigzag.steps.max()
    # the placed point is on the line: snapping it again puts it at the same distance
    again = zigzag.snap(snap.lat, snap.lon)
    assert again.offset_m < 0.5
    # no vertex of the course is nearer than the snapped point (without a window)
    if after is None:
        to_vertices = inverse(lat, lon, zigzag.lat, zigzag.lon)
        assert snap.offset_m <= to_vertices.min() * 1.01 + 0.5


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=2, max_size=20))
def test_walking_forward_along_the_line_never_goes_back(fractions):
    fractions = sorted(fractions)
    along = [NORTH.snap(34.7300 + 0.0145 * f, -86.5859).along_m for f in fractions]
    assert along == sorted(along)
