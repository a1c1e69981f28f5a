"""Impossible jumps: points that a receiver put hundreds of kilometres away.

A glitch that lands one or a few points far from a track, with the track carrying on where it
was, would add the round trip to the distance (a 5 km run measured at 800 km). Such an excursion
is recognised by shape alone (times are often missing): a step longer than ``JUMP_M``, a few
points later a step back, and the points on both sides of the excursion close to each other.
Long legs of a planned route (a cross-country tour with points 300 km apart) are not
excursions, because the route does not come back.
"""

from __future__ import annotations

import numpy as np

from . import geodesy

JUMP_M = 100_000.0
MAX_EXCURSION_POINTS = 10


def excursions(lat: np.ndarray, lon: np.ndarray, steps: np.ndarray | None = None) -> np.ndarray:
    """Indices of points that belong to an impossible out-and-back excursion.

    ``steps`` are the step lengths when the caller already has them (they are computed once).
    """
    n = lat.size
    if n < 3:
        return np.empty(0, dtype=np.int64)
    if steps is None:
        steps = geodesy.step_distances(lat, lon)
    big = np.flatnonzero(steps > JUMP_M)
    if big.size == 0:
        return np.empty(0, dtype=np.int64)
    bad: list[int] = []
    used_until = -1
    for k, a in enumerate(big.tolist()):
        if a < used_until:
            continue
        # Leading glitch: the first few points are far from everything after them.
        if k == 0 and a + 1 <= MAX_EXCURSION_POINTS and n - (a + 1) > 10 * (a + 1):
            bad.extend(range(0, a + 1))
            used_until = a + 1
            continue
        for b in big[k + 1 :].tolist():
            if b - a > MAX_EXCURSION_POINTS:
                break
            back = geodesy.inverse(lat[a], lon[a], lat[b + 1], lon[b + 1])
            if float(back) < JUMP_M:
                bad.extend(range(a + 1, b + 1))
                used_until = b + 1
                break
        else:
            # Trailing glitch: the last few points are far from everything before them.
            if a == big[-1] and n - (a + 1) <= MAX_EXCURSION_POINTS and a + 1 > 10 * (n - a - 1):
                bad.extend(range(a + 1, n))
    return np.array(sorted(set(bad)), dtype=np.int64)
