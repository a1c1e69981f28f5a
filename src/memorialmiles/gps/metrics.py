"""Figures of a track: distance, climbing, time, speed, splits.

Definitions (see docs/gps.md for the reasoning):

* distance: sum of WGS84 geodesic steps between consecutive points of the same segment, with
  impossible jumps left out; ``distance_3d_m`` adds the smoothed elevation change to each step.
* moving time: a step between two points of the same segment counts as moving when its speed
  is at least the sport's resting threshold (running: slower than 30 minutes per mile is
  resting). A device pause shows as a time gap: it counts only if the gap was covered at running
  pace (sparse "smart recording" logs), and never across segments (FIT timer stops, GPX trksegs).
* average speed is distance over moving time; max speed is the fastest span of at least
  ``MAX_SPEED_SPAN_S`` seconds with no gap over ``PAUSE_GAP_S``, because one-second GPS speeds
  jump with position noise.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import elevation
from .clock import bad_steps
from .track import Track

MILE_M = 1609.344
PAUSE_GAP_S = 60.0
MAX_SPEED_SPAN_S = 10.0
RESTING_SPEED_MPS = {
    "running": MILE_M / (30 * 60),  # slower than 30 min/mile
    "walking": MILE_M / (60 * 60),  # slower than 60 min/mile
    "cycling": 2.0,
}


def step_arrays(track: Track) -> tuple[np.ndarray, np.ndarray]:
    """Per-step 2D distance (0 across segment boundaries) and the same-segment mask."""
    if len(track) < 2:
        return np.zeros(0), np.zeros(0, dtype=bool)
    same = track.segment[1:] == track.segment[:-1]
    d = np.where(same, track.step_lengths(), 0.0)
    return d, same


def smoothed_elevation(track: Track) -> np.ndarray:
    return elevation.smooth(track.ele)


def compute(track: Track) -> dict[str, Any]:
    excluded = track.excluded
    t = track.clean()
    n = len(t)
    d, same = step_arrays(t)
    distance = float(d.sum())
    out: dict[str, Any] = {
        "name": track.name,
        "points": len(track),
        "segments": track.segment_count,
        "distance_m": distance,
        "distance_3d_m": None,
        "elevation_gain_m": None,
        "elevation_loss_m": None,
        "elevation_min_m": None,
        "elevation_max_m": None,
        "elapsed_s": None,
        "moving_s": None,
        "start_time": None,
        "start": [float(t.lat[0]), float(t.lon[0])] if n else None,
        "finish": [float(t.lat[-1]), float(t.lon[-1])] if n else None,
        "avg_speed_mps": None,
        "max_speed_mps": None,
        "avg_pace_s_per_km": None,
        "avg_pace_s_per_mile": None,
        "bbox": None,
        "device": dict(track.device_totals) or None,
        "excluded_points": [int(i) for i in excluded],
        "warnings": list(track.warnings),
    }
    if n:
        out["bbox"] = {
            "min_lat": float(t.lat.min()),
            "min_lon": float(t.lon.min()),
            "max_lat": float(t.lat.max()),
            "max_lon": float(t.lon.max()),
        }
    if t.has_elevation:
        _elevation(t, d, same, out)
    if t.has_time:
        _times(t, d, same, out)
    return out


def _elevation(t: Track, d: np.ndarray, same: np.ndarray, out: dict[str, Any]) -> None:
    sm = smoothed_elevation(t)
    gain, loss = elevation.gain_loss(sm)
    dz = np.diff(sm)
    dz = np.where(same & np.isfinite(dz), dz, 0.0)
    out["distance_3d_m"] = float(np.sqrt(d * d + dz * dz).sum())
    out["elevation_gain_m"] = gain
    out["elevation_loss_m"] = loss
    out["elevation_min_m"] = float(np.nanmin(t.ele))
    out["elevation_max_m"] = float(np.nanmax(t.ele))


def _times(t: Track, d: np.ndarray, same: np.ndarray, out: dict[str, Any]) -> None:
    first, last = float(np.nanmin(t.time)), float(np.nanmax(t.time))
    out["elapsed_s"] = last - first
    out["start_time"] = _iso(first)
    dt = np.diff(t.time)
    with np.errstate(invalid="ignore", divide="ignore"):
        timed = same & np.isfinite(dt) & (dt > 0)
        speed = np.where(timed, d / np.where(timed, dt, 1.0), 0.0)
    resting = RESTING_SPEED_MPS.get(t.sport, RESTING_SPEED_MPS["running"])
    # A gap in the recording (the device paused or sleeping) counts only if the runner covered
    # it at running pace; a segment boundary (a timer stop) never counts.
    moving = timed & (speed >= resting)
    ok = timed & (dt <= PAUSE_GAP_S)
    moving_s = float(dt[moving].sum())
    out["moving_s"] = moving_s
    # A step whose clock stands still or goes back has no duration to divide by: its distance
    # stays in the total but not in the speed (clock.py).
    stalled = float(d[bad_steps(t.time, t.segment)].sum())
    if moving_s > 0:
        avg = max(out["distance_m"] - stalled, 0.0) / moving_s
        out["avg_speed_mps"] = avg
        out["avg_pace_s_per_km"] = 1000.0 / avg
        out["avg_pace_s_per_mile"] = MILE_M / avg
    out["max_speed_mps"] = _max_speed(t, d, ok)


def _max_speed(t: Track, d: np.ndarray, ok: np.ndarray) -> float | None:
    known = np.isfinite(t.time)
    if known.sum() < 2:
        return None
    # A span may not cross a pause or a segment boundary: number the unbroken runs of steps.
    run = np.concatenate([[0], np.cumsum(~ok)])
    cum = np.concatenate([[0.0], np.cumsum(np.where(ok, d, 0.0))])
    idx = np.flatnonzero(known)
    rel = t.time[idx] - t.time[idx].min()
    key = rel + run[idx] * (rel.max() + 2 * MAX_SPEED_SPAN_S)  # one run after another
    j = np.searchsorted(key, key + MAX_SPEED_SPAN_S, side="left")
    valid = j < idx.size
    i_, j_ = idx[valid], idx[j[valid]]
    same_run = run[i_] == run[j_]
    if not same_run.any():
        return None
    i_, j_ = i_[same_run], j_[same_run]
    span = t.time[j_] - t.time[i_]
    return float(np.max((cum[j_] - cum[i_]) / span))


_LEAST_SPLIT_M = 0.01


def splits(track: Track, unit_m: float = MILE_M) -> list[dict[str, Any]]:
    """Equal-distance splits (the last one shorter, never under 1 cm), time, pace, climb."""
    if unit_m <= 0:
        raise ValueError("unit_m must be positive")
    t = track.clean()
    d, _ = step_arrays(t)
    cum = np.concatenate([[0.0], np.cumsum(d)])
    total = float(cum[-1]) if cum.size else 0.0
    if total <= 0:
        return []
    # A last split shorter than a centimetre is rounding (3000.000005 m of track in km splits),
    # not a split: it joins the one before.
    count = max(1, math.ceil((total - _LEAST_SPLIT_M) / unit_m))
    edges = np.minimum(np.arange(count + 1) * unit_m, total)
    edges[-1] = total
    times = _interp(edges, cum, t.time)
    eles = _interp(edges, cum, smoothed_elevation(t))
    out = []
    for k in range(count):
        length = float(edges[k + 1] - edges[k])
        seconds = None if np.isnan(times[k + 1] - times[k]) else float(times[k + 1] - times[k])
        change = None if np.isnan(eles[k + 1] - eles[k]) else float(eles[k + 1] - eles[k])
        out.append(
            {
                "split": k + 1,
                "distance_m": length,
                "end_m": float(edges[k + 1]),
                "time_s": seconds,
                "pace_s_per_km": seconds * 1000 / length if seconds and length else None,
                "pace_s_per_mile": seconds * MILE_M / length if seconds and length else None,
                "elevation_change_m": change,
            }
        )
    return out


def _interp(x: np.ndarray, xp: np.ndarray, fp: np.ndarray) -> np.ndarray:
    known = np.isfinite(fp)
    if known.sum() < 2:
        return np.full(x.size, np.nan)
    return np.interp(x, xp[known], fp[known])


def _iso(seconds: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")
