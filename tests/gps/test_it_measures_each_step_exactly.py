"""Every single step, not only the sum, agrees with geographiclib (short and long, any latitude)."""

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.gps import geodesy


@settings(max_examples=200, deadline=None)
@given(
    lat1=st.floats(-89.9, 89.9),
    lon1=st.floats(-180.0, 180.0),
    azimuth=st.floats(0.0, 360.0),
    length=st.sampled_from([0.3, 1.0, 4.0, 25.0, 99.0, 100.5, 400.0, 5_000.0, 300_000.0]),
)
def test_it_agrees_with_geographiclib_step_by_step(lat1, lon1, azimuth, length):
    end = Geodesic.WGS84.Direct(lat1, lon1, azimuth, length)
    lat = np.array([lat1, end["lat2"], lat1])
    lon = np.array([lon1, end["lon2"], lon1])
    steps = geodesy.step_distances(lat, lon)
    # 1e-9 of the step, or a few nanometres (the rounding of degrees in the reference itself).
    assert steps == pytest.approx([length, length], rel=1e-9, abs=5e-9)


def test_it_measures_a_recording_like_vincenty_does(h):
    lat, lon = h.walk(5000, seed=9, step_deg=3e-5, lat0=64.0, lon0=-21.0)
    fast = geodesy.step_distances(lat, lon)
    full = geodesy.inverse(lat[:-1], lon[:-1], lat[1:], lon[1:])
    np.testing.assert_allclose(fast, full, rtol=1e-9, atol=5e-9)
