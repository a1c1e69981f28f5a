import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles import gps


def _track(seed: int, n: int, with_time: bool, with_ele: bool, cut: int) -> gps.Track:
    rng = np.random.default_rng(seed)
    lat = 45 + np.cumsum(rng.normal(0, 1e-4, n))
    lon = 14 + np.cumsum(rng.normal(0, 1e-4, n))
    ele = 300 + np.cumsum(rng.normal(0, 1, n)) if with_ele else None
    time = 1.6e9 + np.arange(n) * 1.5 if with_time else None
    seg = (np.arange(n) >= cut).astype(int)
    return gps.Track(lat, lon, ele, time, seg, name="Crumby Memorial Mile")


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 80), st.booleans(), st.booleans(), st.integers(1, 80))
def test_it_round_trips_gpx_and_geojson(seed, n, with_time, with_ele, cut):
    original = _track(seed, n, with_time, with_ele, cut)
    for text in (gps.gpx_text(original), gps.geojson_text(original)):
        again = gps.read(io.BytesIO(text.encode()))
        assert again.name == "Crumby Memorial Mile"
        np.testing.assert_array_equal(again.lat, original.lat)
        np.testing.assert_array_equal(again.lon, original.lon)
        np.testing.assert_array_equal(again.ele, original.ele)
        np.testing.assert_allclose(again.time, original.time, atol=1e-3)
        np.testing.assert_array_equal(again.segment, original.segment)


def test_it_round_trips_the_shared_fit_run_through_gpx(real, h, tmp_path):
    track = gps.read(real(h.FIT))
    out = tmp_path / "run.gpx"
    gps.write_gpx(track, out)
    again = gps.read(out).metrics()
    assert again["distance_m"] == track.metrics()["distance_m"]
