"""Where on the course a GPS fix is: its projection on the course line.

A phone's fix wanders metres off the road; watchers want "0.62 mi done", which is a distance
along the course, not along the wandering line. Each fix is projected on the nearest segment
of the course (in metres east/north of the course's middle, exact enough over a few tens of
kilometres) and its distance along is the geodesic length of the segments before it plus the
projected fraction of its own.

A loop or an out-and-back passes the same street twice: the nearest segment alone would jump
from the way out to the way back. ``after_m`` (the last distance reached) keeps the answer
from going back more than ``BACK_M``, so the flag-bearer is on the way out until the turn.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .geodesy import local_xy, step_distances

# How far behind the last distance reached a fix may still be placed (GPS noise at a turn).
BACK_M = 60.0


class Snap(NamedTuple):
    along_m: float  # distance along the course from its start
    offset_m: float  # distance from the fix to the course line
    lat: float  # the projected point
    lon: float


class CourseLine:
    """A course's points, measured once, to project many fixes on."""

    __slots__ = ("lat", "lon", "cum", "steps", "x", "y", "lat0", "lon0")

    def __init__(self, lat, lon) -> None:
        self.lat = np.asarray(lat, dtype=np.float64)
        self.lon = np.asarray(lon, dtype=np.float64)
        if self.lat.size < 2 or self.lat.shape != self.lon.shape:
            raise ValueError("a course line needs at least two points")
        self.steps = step_distances(self.lat, self.lon)
        self.cum = np.concatenate([[0.0], np.cumsum(self.steps)])
        self.lat0 = float(self.lat.mean())
        self.lon0 = float(self.lon[0])
        self.x, self.y = local_xy(self.lat, self.lon, self.lat0, self.lon0)

    @classmethod
    def from_geometry(cls, geometry: dict) -> CourseLine | None:
        """A GeoJSON LineString or MultiLineString (segments joined in order); None if empty."""
        kind = (geometry or {}).get("type")
        coords = (geometry or {}).get("coordinates") or []
        if kind == "MultiLineString":
            coords = [c for part in coords for c in part]
        elif kind != "LineString":
            return None
        if len(coords) < 2:
            return None
        return cls([c[1] for c in coords], [c[0] for c in coords])

    @property
    def length_m(self) -> float:
        return float(self.cum[-1])

    def snap(self, lat: float, lon: float, after_m: float | None = None) -> Snap:
        px, py = local_xy(np.array([lat]), np.array([lon]), self.lat0, self.lon0)
        x0, y0 = self.x[:-1], self.y[:-1]
        dx, dy = np.diff(self.x), np.diff(self.y)
        length2 = dx * dx + dy * dy
        with np.errstate(invalid="ignore", divide="ignore"):
            t = ((px[0] - x0) * dx + (py[0] - y0) * dy) / length2
        t = np.clip(np.nan_to_num(t, nan=0.0), 0.0, 1.0)
        qx, qy = x0 + t * dx, y0 + t * dy
        dist = np.hypot(px[0] - qx, py[0] - qy)
        if after_m is not None:
            # segments ending before the allowed window are not candidates
            ahead = self.cum[1:] >= after_m - BACK_M
            if ahead.any():
                dist = np.where(ahead, dist, np.inf)
        i = int(np.argmin(dist))  # the first of equally near segments: the earlier pass
        f = float(t[i])
        return Snap(
            along_m=float(self.cum[i] + f * self.steps[i]),
            offset_m=float(dist[i]),
            lat=float(self.lat[i] + f * (self.lat[i + 1] - self.lat[i])),
            lon=float(self.lon[i] + f * (self.lon[i + 1] - self.lon[i])),
        )
