"""Lay an order of stops out on the calendar.

This is the only place that decides what a day holds, whatever solver chose the order: each
stop is run on the first working day its leg can reach within its window, else it is left out
with the reason. So a plan never breaks a window or a daily limit, by construction, and the
property tests check exactly this function's output.
"""

from __future__ import annotations

from geographiclib.geodesic import Geodesic

from memorialmiles.tours import calendar
from memorialmiles.tours.model import Day, Plan, Unplanned
from memorialmiles.tours.problem import Problem, window_reason


def no_room(problem: Problem, i: int) -> str:
    stop = problem.stops[i]
    return (
        f"no day in {window_reason(stop, problem.options)} can be reached with the other "
        "stops and the daily driving limits"
    )


def lay_out(problem: Problem, order: list[int], dropped: list[int] = ()) -> Plan:
    """`order`: stop indices in visiting order; `dropped`: those the solver left out."""
    unplanned = {i: problem.reasons[i] for i in problem.reasons}
    unplanned.update({i: no_room(problem, i) for i in dropped if i not in unplanned})
    visits = []  # (stop index, from node, working day of arrival, leg days)
    here, today = 0, 0
    for i in order:
        if i in unplanned:
            continue
        lo, hi = problem.windows[i]
        legs = problem.leg_days(here, i + 1)
        arrive = max(today + legs, lo)
        if hi is not None and arrive > hi:
            unplanned[i] = no_room(problem, i)
            continue
        visits.append((i, here, arrive, legs))
        here, today = i + 1, arrive
    for i in range(len(problem.stops)):
        if i not in unplanned and i not in {v[0] for v in visits}:
            unplanned[i] = no_room(problem, i)
    return Plan(
        days=_days(problem, visits),
        unplanned=[Unplanned(problem.stops[i].id, unplanned[i]) for i in sorted(unplanned)],
    )


def _days(problem: Problem, visits) -> list[Day]:
    opts = problem.options
    points = [(opts.start_lat, opts.start_lon)] + [(s.lat, s.lon) for s in problem.stops]
    driving: dict[int, tuple[float, float, tuple[float, float], tuple[str, ...]]] = {}
    for i, origin, arrive, legs in visits:
        km, hours = problem.km[origin, i + 1], problem.hours[origin, i + 1]
        line = Geodesic.WGS84.InverseLine(*points[origin], *points[i + 1])
        for k in range(1, legs + 1):
            last = k == legs
            if last:
                night = points[i + 1]
            else:
                pos = line.Position(line.s13 * k / legs)
                night = (pos["lat2"], pos["lon2"])
            stops = (problem.stops[i].id,) if last else ()
            driving[arrive - legs + k] = (km / legs, hours / legs, night, stops)
    if not visits:
        return []
    days = []
    night = points[0]
    last_day = calendar.calendar_day(visits[-1][2], opts.rest_every)
    working = 0
    for day in range(1, last_day + 1):
        date = calendar.date_of(opts.start_date, day)
        if calendar.is_rest(day, opts.rest_every):
            days.append(Day(date, (), 0.0, 0.0, night, rest=True))
            continue
        working += 1
        km, hours, night_here, stops = driving.get(working, (0.0, 0.0, night, ()))
        night = night_here
        days.append(Day(date, stops, float(km), float(hours), night))
    return days
