"""The gain/loss hysteresis run on turning points only gives the very sums of the full walk."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.gps import elevation


def walk_every_point(values: list[float], threshold: float) -> tuple[float, float]:
    """The hysteresis as first written, one value at a time: the reference."""
    if len(values) < 2:
        return 0.0, 0.0
    gain = loss = 0.0
    lo = hi = base = ext = values[0]
    mode = 0
    for v in values:
        if mode == 0:
            lo, hi = min(lo, v), max(hi, v)
            if hi - lo >= threshold:
                mode, base, ext = (1, lo, v) if v == hi else (-1, hi, v)
        elif mode == 1:
            if v > ext:
                ext = v
            elif ext - v >= threshold:
                gain += ext - base
                mode, base, ext = -1, ext, v
        elif v < ext:
            ext = v
        elif v - ext >= threshold:
            loss += base - ext
            mode, base, ext = 1, ext, v
    if mode == 1:
        gain += ext - base
    elif mode == -1:
        loss += base - ext
    return gain, loss


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(-40, 40), max_size=80) | st.lists(st.floats(-50, 50), max_size=80),
    st.sampled_from([0.5, 3.0, 10.0]),
)
def test_it_gives_the_same_gain_and_loss_as_walking_every_point(steps, threshold):
    values = np.cumsum(np.asarray(steps, dtype=float)) / 4.0  # plateaus, rises, spikes
    assert elevation.gain_loss(values, threshold) == walk_every_point(values.tolist(), threshold)


def test_it_keeps_the_ends_and_the_turns():
    profile = np.array([5.0, 5.0, 6.0, 7.0, 7.0, 3.0, 2.0, 2.0, 9.0])
    assert elevation.turning_points(profile).tolist() == [5.0, 7.0, 2.0, 9.0]
