"""The gain/loss hysteresis run on turning points only gives the very sums of the full walk."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.gps import elevation


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(-40, 40), max_size=80) | st.lists(st.floats(-50, 50), max_size=80),
    st.sampled_from([0.5, 3.0, 10.0]),
)
def test_it_gives_the_same_gain_and_loss_as_walking_every_point(steps, threshold):
    values = np.cumsum(np.asarray(steps, dtype=float)) / 4.0  # plateaus, rises, spikes
    # The walk over every point is the reference; gain_loss walks only the turning points.
    assert elevation.gain_loss(values, threshold) == elevation.hysteresis(
        values.tolist(), threshold
    )


def test_it_keeps_the_ends_and_the_turns():
    profile = np.array([5.0, 5.0, 6.0, 7.0, 7.0, 3.0, 2.0, 2.0, 9.0])
    assert elevation.turning_points(profile).tolist() == [5.0, 7.0, 2.0, 9.0]
