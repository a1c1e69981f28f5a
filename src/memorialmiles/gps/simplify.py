"""Douglas-Peucker simplification with a tolerance in metres.

A course kept in the database and drawn on a phone needs hundreds of points, not the thousands
a watch records. Douglas-Peucker keeps a subset of the points, so the simplified line is never
longer than the original (each dropped point is a shortcut); if at the given tolerance the line
would lose more than ``MAX_LOSS`` of its length (a zig-zag trail), the tolerance is halved until
it does not. Points are projected to local metres for the tolerance test only; distances are
always geodesic.
"""

from __future__ import annotations

import numpy as np

from . import geodesy
from .metrics import step_arrays
from .track import Track

MAX_LOSS = 0.005


def simplify(track: Track, tolerance_m: float) -> Track:
    t = track.clean()
    if len(t) < 3 or tolerance_m <= 0:
        return t
    x, y = geodesy.local_xy(t.lat, t.lon, float(np.mean(t.lat)), float(t.lon[0]))
    full = float(step_arrays(t)[0].sum())
    tol = float(tolerance_m)
    while True:
        keep = np.zeros(len(t), dtype=bool)
        for lo, hi in _bounds(t.segment):
            keep[lo:hi] = _dp(x[lo:hi], y[lo:hi], tol)
        out = _subset(t, keep)
        kept = float(step_arrays(out)[0].sum())
        if full == 0 or kept >= full * (1 - MAX_LOSS) or tol < 1e-3:
            return out
        tol /= 2


def _dp(x: np.ndarray, y: np.ndarray, tol: float) -> np.ndarray:
    n = x.size
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        px, py = x[a + 1 : b], y[a + 1 : b]
        dx, dy = x[b] - x[a], y[b] - y[a]
        length2 = dx * dx + dy * dy
        if length2 == 0:
            dist = np.hypot(px - x[a], py - y[a])
        else:
            u = np.clip(((px - x[a]) * dx + (py - y[a]) * dy) / length2, 0.0, 1.0)
            dist = np.hypot(px - (x[a] + u * dx), py - (y[a] + u * dy))
        k = int(np.argmax(dist))
        if dist[k] > tol:
            m = a + 1 + k
            keep[m] = True
            stack.append((a, m))
            stack.append((m, b))
    return keep


def _subset(t: Track, keep: np.ndarray) -> Track:
    return Track(
        t.lat[keep],
        t.lon[keep],
        t.ele[keep],
        t.time[keep],
        t.segment[keep],
        name=t.name,
        device_totals=t.device_totals,
        waypoints=t.waypoints,
        sport=t.sport,
    )


def _bounds(segment: np.ndarray) -> list[tuple[int, int]]:
    cuts = np.flatnonzero(np.diff(segment)) + 1
    starts = [0, *cuts.tolist()]
    ends = [*cuts.tolist(), segment.size]
    return list(zip(starts, ends, strict=True))
