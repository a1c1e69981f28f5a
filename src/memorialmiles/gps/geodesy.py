"""Distances on the WGS84 ellipsoid, for whole arrays at once.

GPS tracks are made of points a few metres apart; a sphere (haversine) is off by up to 0.5%
depending on latitude and heading, which is more than a memorial mile can afford (a "mile" that
is 8 m short). Vincenty's inverse formula on the ellipsoid is accurate to well under a
millimetre for any pair that is not nearly antipodal; it is iterated here on numpy arrays, every
pair at once, until every pair has converged. The rare pair that does not converge (points
nearly opposite on the globe, which no real track has between consecutive points) is handed to
geographiclib's Karney algorithm, which is exact but one Python call per pair.
"""

from __future__ import annotations

import numpy as np
from geographiclib.geodesic import Geodesic

A = 6378137.0
F = 1 / 298.257223563
B = A * (1 - F)
_MAX_ITER = 60
_TOL = 1e-14


def inverse(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Geodesic distance in metres between each (lat1, lon1) and (lat2, lon2), in degrees."""
    lat1, lon1, lat2, lon2 = np.broadcast_arrays(
        *(np.asarray(x, dtype=np.float64) for x in (lat1, lon1, lat2, lon2))
    )
    out = np.zeros(lat1.shape, dtype=np.float64)
    if out.size == 0:
        return out
    same = (lat1 == lat2) & (((lon1 - lon2) % 360.0) == 0.0)
    work = ~same
    if not work.any():
        return out
    p1, l1, p2, l2 = (x[work] for x in (lat1, lon1, lat2, lon2))
    dist, ok = _vincenty(p1, l1, p2, l2)
    if not ok.all():
        bad = np.flatnonzero(~ok)
        geod = Geodesic.WGS84
        for i in bad:
            dist[i] = geod.Inverse(p1[i], l1[i], p2[i], l2[i], Geodesic.DISTANCE)["s12"]
    out[work] = dist
    return out


def _vincenty(lat1, lon1, lat2, lon2):
    """Vincenty (1975) inverse, vectorised; returns distances and a converged mask."""
    big_l = np.radians(((lon2 - lon1 + 180.0) % 360.0) - 180.0)
    u1 = np.arctan((1 - F) * np.tan(np.radians(lat1)))
    u2 = np.arctan((1 - F) * np.tan(np.radians(lat2)))
    su1, cu1, su2, cu2 = np.sin(u1), np.cos(u1), np.sin(u2), np.cos(u2)
    # sin(U2 - U1) instead of cu1*su2 - su1*cu2 keeps precision for points metres apart.
    sdu = np.sin(u2 - u1)
    lam = big_l.copy()
    n = lam.size
    sin_s = np.empty(n)
    cos_s = np.empty(n)
    sigma = np.empty(n)
    cos2a = np.empty(n)
    cos2sm = np.empty(n)
    active = np.arange(n)
    converged = np.zeros(n, dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(_MAX_ITER):
            la = lam[active]
            a_su1, a_cu1, a_su2, a_cu2 = su1[active], cu1[active], su2[active], cu2[active]
            sl, cl = np.sin(la), np.cos(la)
            half = np.sin(la / 2)
            ss = np.hypot(a_cu2 * sl, sdu[active] + 2 * a_su1 * a_cu2 * half * half)
            cs = a_su1 * a_su2 + a_cu1 * a_cu2 * cl
            sg = np.arctan2(ss, cs)
            sa = np.where(ss == 0, 0.0, a_cu1 * a_cu2 * sl / ss)
            c2a = 1 - sa * sa
            c2m = np.where(c2a == 0, 0.0, cs - 2 * a_su1 * a_su2 / c2a)
            c = F / 16 * c2a * (4 + F * (4 - 3 * c2a))
            new = big_l[active] + (1 - c) * F * sa * (
                sg + c * ss * (c2m + c * cs * (-1 + 2 * c2m * c2m))
            )
            sin_s[active], cos_s[active], sigma[active] = ss, cs, sg
            cos2a[active], cos2sm[active] = c2a, c2m
            done = np.abs(new - la) <= _TOL * np.abs(new)  # relative: steps are tiny angles
            lam[active] = new
            converged[active[done]] = True
            active = active[~done]
            if active.size == 0:
                break
        u_sq = cos2a * (A * A - B * B) / (B * B)
        big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
        big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
        d_sigma = (
            big_b
            * sin_s
            * (
                cos2sm
                + big_b
                / 4
                * (
                    cos_s * (-1 + 2 * cos2sm**2)
                    - big_b / 6 * cos2sm * (-3 + 4 * sin_s**2) * (-3 + 4 * cos2sm**2)
                )
            )
        )
        dist = B * big_a * (sigma - d_sigma)
    converged &= np.isfinite(dist)
    return dist, converged


# Steps up to this long, between latitudes within this band, are measured on the local radii of
# the ellipsoid at their mid-latitude (below); longer ones, and steps near a pole, by Vincenty.
SHORT_STEP_M = 100.0
SHORT_STEP_MAX_LAT = 80.0


def step_distances(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Distance from each point to the next (length n-1).

    Consecutive points of a recording are metres apart. For such a step the ellipsoid is, to
    within a part in a billion, its osculating surface at the mid-latitude: north-south radius
    M, east-west radius N cos(phi) (Gauss's mid-latitude formula, whose error grows as the
    square of the step and with the tangent of the latitude; at most 5e-10 of the step within
    ``SHORT_STEP_M`` and ``SHORT_STEP_MAX_LAT``, checked against geographiclib in the tests).
    That costs two trigonometric calls per point where Vincenty's iteration costs a dozen; every
    other step (long legs of a planned route, polar tracks) still goes through :func:`inverse`.
    """
    lat = np.asarray(lat, dtype=np.float64)
    lon = np.asarray(lon, dtype=np.float64)
    if lat.size < 2:
        return np.zeros(0)
    phi = np.radians(lat)
    mid = phi[:-1] + phi[1:]
    mid *= 0.5
    sin_m = np.sin(mid)
    w2 = sin_m * sin_m
    w2 *= -F * (2 - F)
    w2 += 1.0
    n = A / np.sqrt(w2)  # normal radius of curvature
    north = np.diff(phi)
    north *= n
    north *= (1 - F * (2 - F)) / w2  # meridian radius M = N (1 - e2) / w2
    dlon = np.diff(lon)
    if np.abs(dlon).max(initial=0.0) > 180.0:
        dlon = ((dlon + 180.0) % 360.0) - 180.0
    east = np.radians(dlon)
    east *= n
    east *= np.cos(mid)
    out = np.hypot(north, east)
    far = (out > SHORT_STEP_M) | (np.abs(mid) > np.radians(SHORT_STEP_MAX_LAT))
    if far.any():
        idx = np.flatnonzero(far)
        out[idx] = inverse(lat[idx], lon[idx], lat[idx + 1], lon[idx + 1])
    return out


def local_xy(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float):
    """Project to metres east/north of (lat0, lon0) on the ellipsoid's local radii.

    Good to a fraction of a percent over a few tens of kilometres, which is all that drawing and
    simplification need; distances themselves always come from :func:`inverse`.
    """
    phi = np.radians(lat0)
    e2 = F * (2 - F)
    w = np.sqrt(1 - e2 * np.sin(phi) ** 2)
    r_meridian = A * (1 - e2) / w**3
    r_normal = A / w
    dlon = ((np.asarray(lon) - lon0 + 180.0) % 360.0) - 180.0
    x = np.radians(dlon) * r_normal * np.cos(phi)
    y = np.radians(np.asarray(lat) - lat0) * r_meridian
    return x, y
