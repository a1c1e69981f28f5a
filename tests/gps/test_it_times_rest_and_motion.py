import numpy as np
import pytest

from memorialmiles import gps


def test_it_counts_standing_still_as_resting():
    # 600 s running at 3 m/s north, 300 s standing (GPS wander under 0.3 m/s), 600 s running.
    run = np.arange(600) * 3.0 / 111_000
    stand = run[-1] + np.random.default_rng(1).normal(0, 1e-6, 300)
    lat = 40 + np.concatenate([run, stand, stand[-1] + run])
    track = gps.Track(lat, np.full(lat.size, -75.0), None, 1.7e9 + np.arange(lat.size))
    m = track.metrics()
    assert m["elapsed_s"] == lat.size - 1
    assert m["moving_s"] == pytest.approx(1200, abs=5)
    assert m["avg_speed_mps"] == pytest.approx(3.0, rel=0.02)
    assert m["avg_pace_s_per_mile"] == pytest.approx(1609.344 / 3.0, rel=0.02)
    assert m["max_speed_mps"] == pytest.approx(3.0, rel=0.02)


def test_it_never_counts_time_across_a_segment_boundary():
    lat = 40 + np.array([0, 1, 2, 3]) * 3.0 / 111_000
    track = gps.Track(lat, [-75.0] * 4, None, [0, 1, 1000, 1001], [0, 0, 1, 1])
    m = track.metrics()
    assert m["elapsed_s"] == 1001
    assert m["moving_s"] == 2


def test_it_says_null_where_there_is_no_time():
    m = gps.Track([40, 40.001], [-75, -75]).metrics()
    assert m["elapsed_s"] is None and m["moving_s"] is None and m["avg_pace_s_per_km"] is None
