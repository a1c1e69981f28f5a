import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.gps import geodesy


@settings(max_examples=60, deadline=None)
@given(
    lat0=st.floats(-89.0, 89.0),
    lon0=st.floats(-180.0, 180.0),
    step=st.sampled_from([1e-7, 1e-5, 1e-4, 1e-2, 0.5]),
    seed=st.integers(0, 2**16),
)
def test_it_agrees_with_geographiclib_on_random_tracks(lat0, lon0, step, seed):
    rng = np.random.default_rng(seed)
    n = 60
    lat = np.clip(lat0 + np.cumsum(rng.normal(0, step, n)), -90, 90)
    lon = ((lon0 + np.cumsum(rng.normal(0, step, n)) + 180) % 360) - 180
    lat[5] = lat[4]
    lon[5] = lon[4]  # identical consecutive points
    ours = float(geodesy.step_distances(lat, lon).sum())
    ref = sum(
        Geodesic.WGS84.Inverse(lat[i], lon[i], lat[i + 1], lon[i + 1])["s12"] for i in range(n - 1)
    )
    assert ours == pytest.approx(ref, rel=1e-6, abs=1e-6)


def test_it_gives_zero_for_identical_points(h):
    assert geodesy.inverse(
        [10.0, 90.0], [20.0, 0.0], [10.0, 90.0], [20.0, 120.0]
    ).tolist() == pytest.approx(
        [
            0.0,
            0.0,
        ],
        abs=1e-6,
    )


def test_it_handles_nearly_antipodal_pairs(h):
    d = geodesy.inverse([0.0, 0.5], [0.0, 10.0], [0.5, -0.5], [179.7, -170.0])
    for got, args in zip(d, [(0, 0, 0.5, 179.7), (0.5, 10, -0.5, -170)], strict=True):
        assert got == pytest.approx(Geodesic.WGS84.Inverse(*args)["s12"], abs=1e-6)


def test_it_crosses_the_dateline_the_short_way(h):
    d = geodesy.inverse([0.0], [179.9999], [0.0], [-179.9999])[0]
    assert d == pytest.approx(Geodesic.WGS84.Inverse(0, 179.9999, 0, -179.9999)["s12"], abs=1e-6)
    assert d < 30
