"""A planning problem in the solver's terms: places, costs, and days counted as working days.

Node 0 is the start; node i + 1 is stop i. A leg from one night's place to a stop takes
`leg_days` working days: the drive split evenly over as few days as keep each one within the
day's kilometres and hours, the stop run on the last of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from memorialmiles.tours import calendar
from memorialmiles.tours.model import Options, Stop
from memorialmiles.tours.roads import Roads

# A floating-point whisker over a whole number of days is the same whole number.
_EPS = 1e-9


def window_reason(stop: Stop, options: Options) -> str:
    return f"its window ({_when(stop.earliest)} to {_when(stop.latest)})"


def _when(date) -> str:
    return date.isoformat() if date else "any day"


@dataclass
class Problem:
    stops: list[Stop]
    options: Options
    km: np.ndarray
    hours: np.ndarray
    # Working-day bounds (1-based, inclusive) for each stop; None: no day can hold it.
    windows: list[tuple[int, int | None] | None]
    reasons: dict[int, str] = field(default_factory=dict)

    def leg_days(self, a: int, b: int) -> int:
        need = max(
            self.km[a, b] / self.options.km_per_day,
            self.hours[a, b] / self.options.max_drive_hours,
        )
        return max(1, math.ceil(need - _EPS))

    def leg_days_matrix(self) -> np.ndarray:
        need = np.maximum(
            self.km / self.options.km_per_day, self.hours / self.options.max_drive_hours
        )
        return np.maximum(1, np.ceil(need - _EPS)).astype(np.int64)

    @property
    def plannable(self) -> list[int]:
        return [i for i, w in enumerate(self.windows) if w is not None]


def build(stops: list[Stop], options: Options, roads: Roads | None = None) -> Problem:
    seen: set[str] = set()
    for stop in stops:
        if stop.id in seen:
            raise ValueError(f"stop id {stop.id!r} appears twice")
        seen.add(stop.id)
    points = [(options.start_lat, options.start_lon)] + [(s.lat, s.lon) for s in stops]
    km, hours = (roads or Roads()).matrix(points)
    problem = Problem(stops, options, km, hours, [])
    for i, stop in enumerate(stops):
        window, reason = working_window(stop, options)
        problem.windows.append(window)
        if reason:
            problem.reasons[i] = reason
    return problem


def working_window(stop: Stop, options: Options) -> tuple[tuple[int, int | None] | None, str]:
    start, rest = options.start_date, options.rest_every
    if stop.earliest and stop.latest and stop.earliest > stop.latest:
        return None, f"{window_reason(stop, options)} ends before it begins"
    if stop.latest and stop.latest < start:
        return None, f"{window_reason(stop, options)} ends before the tour starts ({start})"
    first = max(1, calendar.day_number(start, stop.earliest)) if stop.earliest else 1
    lo = calendar.working_on_or_after(first, rest)
    hi = None
    if stop.latest:
        hi = calendar.working_on_or_before(calendar.day_number(start, stop.latest), rest)
        if hi < lo:
            return None, f"{window_reason(stop, options)} holds only rest days"
    return (lo, hi), ""
