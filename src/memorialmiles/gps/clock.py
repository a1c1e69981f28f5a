"""Clock faults of real devices: steps back, repeated timestamps, gaps. Warnings, never refusals.

A Garmin watch steps its clock back a second at a multisport transition; GPS receivers repeat
a timestamp when they log twice in one second; a receiver that loses the sky leaves a gap. The
points themselves are good, so the file is kept whole. What must not happen is that the bad
interval distorts the figures: a step whose time does not move forward (``dt <= 0``) counts
neither in moving time nor in the distance behind average and maximum speed (``metrics``),
and each kind of fault is named once, with the first places it happens, in the track's
warnings.
"""

from __future__ import annotations

import numpy as np

from .timeparse import format_time

# A pause longer than this inside a segment is worth a word (docs/gps.md: metrics count it
# only when it was covered at running pace).
GAP_S = 60.0
SHOWN = 3  # places named per kind of fault; the rest are counted


def bad_steps(time: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """Mask of the n - 1 steps, within a segment and with both times known, that go nowhere
    in time (backwards or repeated): left out of moving time and speed."""
    if time.size < 2:
        return np.zeros(0, dtype=bool)
    dt = np.diff(time)
    with np.errstate(invalid="ignore"):
        return (segment[1:] == segment[:-1]) & np.isfinite(dt) & (dt <= 0)


def clock_warnings(time: np.ndarray, segment: np.ndarray) -> list[str]:
    """One warning per kind of clock fault, naming points (counted from 1) and their times.

    Points whose time is unknown are passed over: the step is measured from the last known
    time of the same segment, so a step back hidden behind a point without a time is found too.
    """
    idx = np.flatnonzero(np.isfinite(time))
    if idx.size < 2:
        return []
    t = time[idx]
    dt = np.diff(t)
    same = segment[idx][1:] == segment[idx][:-1]
    out = []
    back = np.flatnonzero(same & (dt < 0))
    if back.size:
        places = [
            f"point {idx[k + 1] + 1} at {_at(t[k + 1])}, {_seconds(-dt[k])} before "
            f"point {idx[k] + 1}"
            for k in back[:SHOWN].tolist()
        ]
        out.append(
            f"the clock steps back {_times(back.size)}: {_list(places, back.size)}; "
            "the points are kept, the interval is left out of moving time and speed"
        )
    repeat = np.flatnonzero(same & (dt == 0))
    if repeat.size:
        places = [f"point {idx[k + 1] + 1} at {_at(t[k + 1])}" for k in repeat[:SHOWN].tolist()]
        out.append(
            f"{repeat.size:,} point(s) repeat the time of the point before: "
            f"{_list(places, repeat.size)}; the points are kept, the interval is left out of "
            "moving time and speed"
        )
    gap = np.flatnonzero(same & (dt > GAP_S))
    if gap.size:
        places = [
            f"{_seconds(dt[k])} before point {idx[k + 1] + 1} at {_at(t[k + 1])}"
            for k in gap[:SHOWN].tolist()
        ]
        out.append(
            f"{gap.size:,} gap(s) of over {GAP_S:g} s in the recording: "
            f"{_list(places, gap.size)}; a gap counts as moving time only if it was covered at "
            "running pace"
        )
    return out


def _at(seconds: float) -> str:
    try:
        return format_time(seconds)
    except (ValueError, OverflowError, OSError):  # beyond the years datetime knows
        return f"{seconds:g} s"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count:,} times"


def _seconds(value: float) -> str:
    return f"{value:g} s" if value < 3600 else f"{value / 3600:.1f} h"


def _list(places: list[str], count: int) -> str:
    text = "; ".join(places)
    return text if count <= len(places) else f"{text}; and {count - len(places):,} more"
