import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles import gps

tracks = st.builds(
    lambda seed, n, step: (np.random.default_rng(seed), n, step),
    st.integers(0, 10**6),
    st.integers(2, 300),
    st.sampled_from([1e-6, 2e-5, 1e-4, 1e-3]),
)


def _make(spec) -> gps.Track:
    rng, n, step = spec
    lat = 40 + np.cumsum(rng.normal(0, step, n))
    lon = -75 + np.cumsum(rng.normal(0, step, n))
    return gps.Track(lat, lon, 100 + np.cumsum(rng.normal(0, 0.5, n)), 1.7e9 + np.arange(n))


@settings(max_examples=60, deadline=None)
@given(tracks, st.sampled_from([0.5, 2.0, 10.0, 50.0]))
def test_it_never_lengthens_when_simplifying_and_keeps_within_half_a_percent(spec, tol):
    track = _make(spec)
    full = track.metrics()["distance_m"]
    simple = track.simplify(tol)
    kept = simple.metrics()["distance_m"]
    assert kept <= full * (1 + 1e-12) + 1e-9
    assert kept >= full * 0.995 - 1e-9
    assert simple.lat[0] == track.lat[0] and simple.lat[-1] == track.lat[-1]


@settings(max_examples=60, deadline=None)
@given(tracks, st.sampled_from([100.0, 1000.0, 1609.344]))
def test_it_adds_splits_up_to_the_whole_distance(spec, unit):
    track = _make(spec)
    m = track.metrics()
    parts = track.splits(unit)
    assert sum(p["distance_m"] for p in parts) == pytest.approx(m["distance_m"], rel=1e-12)
    assert all(p["distance_m"] <= unit + 1e-9 for p in parts)
    assert sum(p["time_s"] for p in parts) == pytest.approx(m["elapsed_s"], abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(tracks)
def test_it_keeps_length_and_durations_when_reversed(spec):
    track = _make(spec)
    m, r = track.metrics(), track.reversed().metrics()
    assert r["distance_m"] == pytest.approx(m["distance_m"], rel=1e-9)
    assert r["elapsed_s"] == m["elapsed_s"] and r["moving_s"] == m["moving_s"]
    assert r["start"] == m["finish"]


def test_it_splits_a_three_mile_run_per_mile_and_per_km():
    n = 4829  # 1 m apart along a meridian, one point a second: 3 miles and a bit
    lat = 40 + np.arange(n) / 111_034.0
    track = gps.Track(lat, np.full(n, -75.0), None, 1.7e9 + np.arange(n) * 0.5)
    miles = track.splits(1609.344)
    assert [round(s["distance_m"], 3) for s in miles][:3] == [1609.344] * 3
    assert len(miles) == 4
    assert miles[0]["pace_s_per_mile"] == pytest.approx(miles[0]["time_s"])
    assert len(track.splits(1000)) == 5


def test_it_slices_a_track():
    track = gps.Track([1, 2, 3, 4], [5, 6, 7, 8], None, None, [0, 0, 1, 1])
    part = track[1:3]
    assert part.lat.tolist() == [2, 3] and part.segment.tolist() == [0, 1]
    assert track[0].lat == 1
