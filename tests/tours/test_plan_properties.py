"""The tour's constraints as properties: whatever the stops, windows and limits, a plan never
breaks a window or a daily limit, rests on rest days, and accounts for every stop once."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.tours import calendar
from memorialmiles.tours.model import Options, Stop
from memorialmiles.tours.problem import build
from memorialmiles.tours.schedule import lay_out
from memorialmiles.tours.solve import plan

START = dt.date(2027, 3, 1)
TOL = 1e-6


@st.composite
def stops(draw, max_size=12):
    n = draw(st.integers(0, max_size))
    out = []
    for i in range(n):
        lat = draw(st.floats(25, 49))
        lon = draw(st.floats(-124, -67))
        earliest = latest = None
        if draw(st.booleans()):
            a = draw(st.integers(-5, 40))
            b = a + draw(st.integers(-2, 10))
            earliest = START + dt.timedelta(days=a) if draw(st.booleans()) else None
            latest = START + dt.timedelta(days=b)
        out.append(Stop(f"s{i}", f"Stop {i}", lat, lon, earliest, latest))
    return out


options = st.builds(
    Options,
    start_lat=st.floats(25, 49),
    start_lon=st.floats(-124, -67),
    start_date=st.just(START),
    miles_per_day=st.sampled_from([150.0, 300.0, 500.0]),
    rest_every=st.sampled_from([None, 2, 3, 7]),
    max_drive_hours=st.sampled_from([2.0, 5.0, 10.0]),
    seconds=st.just(0.05),
)


def check(result, given_stops, opts):
    by_id = {s.id: s for s in given_stops}
    planned = [sid for day in result.days for sid in day.stops]
    unplanned = [u.id for u in result.unplanned]
    # every stop planned once or unplanned with a reason, never both
    assert sorted(planned + unplanned) == sorted(by_id)
    assert all(u.reason for u in result.unplanned)
    for n, day in enumerate(result.days, start=1):
        assert day.date == START + dt.timedelta(days=n - 1)
        assert len(day.stops) <= 1
        assert day.drive_km <= opts.km_per_day + TOL
        assert day.drive_hours <= opts.max_drive_hours + TOL
        if calendar.is_rest(n, opts.rest_every):
            assert day.rest and not day.stops and day.drive_km == 0
        for sid in day.stops:
            stop = by_id[sid]
            assert stop.earliest is None or day.date >= stop.earliest
            assert stop.latest is None or day.date <= stop.latest
    assert math.isclose(result.total_drive_km, sum(d.drive_km for d in result.days))


@settings(max_examples=40, deadline=None)
@given(stops(), options, st.randoms(use_true_random=False))
def test_any_order_laid_out_keeps_every_constraint(given_stops, opts, rnd):
    problem = build(given_stops, opts)
    order = list(range(len(given_stops)))
    rnd.shuffle(order)
    check(lay_out(problem, order), given_stops, opts)


@settings(max_examples=25, deadline=None)
@given(stops(max_size=8), options)
def test_the_solver_plan_keeps_every_constraint(given_stops, opts):
    check(plan(given_stops, opts), given_stops, opts)


@settings(max_examples=25, deadline=None)
@given(stops(max_size=8), options)
def test_a_stop_with_no_window_is_always_planned(given_stops, opts):
    free = [Stop(s.id, s.name, s.lat, s.lon) for s in given_stops]
    result = plan(free, opts)
    assert result.unplanned == []
    assert sorted(sid for d in result.days for sid in d.stops) == sorted(s.id for s in free)
