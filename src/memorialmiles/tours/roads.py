"""Road distances and driving times between every pair of places.

No map server is needed: by default a road is the WGS84 geodesic distance times a detour
factor (1.25: roads between US towns run about a quarter longer than the straight line),
driven at an average speed (90 km/h). When an OSRM server is configured its table service
gives real road distances and times instead.
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from memorialmiles.gps.geodesy import inverse

# OSRM's default --max-table-size is 100 places per request.
OSRM_BLOCK = 50


@dataclass(frozen=True)
class Roads:
    road_factor: float = 1.25
    speed_kmh: float = 90.0
    osrm_url: str = ""
    timeout: float = 30.0

    def matrix(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        """(km, hours), two n x n arrays for the n (lat, lon) points."""
        if self.osrm_url:
            return osrm_table(self.osrm_url, points, timeout=self.timeout)
        return self.geodesic(points)

    def geodesic(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        lat, lon = pts[:, 0], pts[:, 1]
        metres = inverse(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        km = metres / 1000.0 * self.road_factor
        return km, km / self.speed_kmh


def roads_from_env(environ: Mapping[str, str] = os.environ) -> Roads:
    """The settings' reader too (settings.py), so the command and the site agree."""

    def number(name: str, default: float) -> float:
        raw = environ.get(name, "").strip()
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"{name}={raw!r}: expected a number") from None
        if not value > 0:
            raise ValueError(f"{name}={raw!r}: expected a number above 0")
        return value

    return Roads(
        road_factor=number("TOURS_ROAD_FACTOR", 1.25),
        speed_kmh=number("TOURS_SPEED_KMH", 90.0),
        osrm_url=environ.get("TOURS_OSRM_URL", "").strip().rstrip("/"),
    )


class OsrmError(RuntimeError):
    pass


def osrm_table(
    base_url: str, points: Sequence[tuple[float, float]], *, timeout: float = 30.0
) -> tuple[np.ndarray, np.ndarray]:
    """OSRM's table service, asked block by block so no request passes its size limit."""
    n = len(points)
    km = np.zeros((n, n))
    hours = np.zeros((n, n))
    blocks = [range(i, min(i + OSRM_BLOCK, n)) for i in range(0, n, OSRM_BLOCK)]
    for rows in blocks:
        for cols in blocks:
            dist, dur = _osrm_block(base_url, points, rows, cols, timeout)
            km[rows.start : rows.stop, cols.start : cols.stop] = dist / 1000.0
            hours[rows.start : rows.stop, cols.start : cols.stop] = dur / 3600.0
    return km, hours


def _osrm_block(base_url, points, rows: range, cols: range, timeout: float):
    places = [points[i] for i in rows] + [points[j] for j in cols]
    coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in places)
    query = urllib.parse.urlencode(
        {
            "sources": ";".join(str(i) for i in range(len(rows))),
            "destinations": ";".join(str(len(rows) + j) for j in range(len(cols))),
            "annotations": "distance,duration",
        }
    )
    url = f"{base_url}/table/v1/driving/{coords}?{query}"
    if not url.startswith(("http://", "https://")):
        raise OsrmError(f"TOURS_OSRM_URL must be an http(s) address, not {base_url!r}")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - checked
            body = json.load(response)
    except (OSError, ValueError) as exc:
        raise OsrmError(f"the OSRM server at {base_url} did not answer: {exc}") from exc
    if body.get("code") != "Ok":
        raise OsrmError(f"the OSRM server said {body.get('code')}: {body.get('message', '')}")
    dist = np.array(body["distances"], dtype=np.float64)
    dur = np.array(body["durations"], dtype=np.float64)
    if np.isnan(dist).any() or np.isnan(dur).any():
        raise OsrmError("the OSRM server found no road between some of the places")
    return dist, dur
