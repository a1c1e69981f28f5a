"""The planner on cases a person can check by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from memorialmiles.tours.model import Day, Options, Plan, Stop
from memorialmiles.tours.roads import Roads
from memorialmiles.tours.solve import plan

START = dt.date(2027, 3, 1)
HUNTSVILLE = (34.7304, -86.5861)


def options(**kw):
    return Options(*HUNTSVILLE, START, **{"seconds": 0.2, **kw})


def test_it_drives_a_long_leg_over_several_days_within_the_limits():
    seattle = Stop("sea", "Seattle PD", 47.6062, -122.3321)
    result = plan([seattle], options(max_drive_hours=8, miles_per_day=1000, rest_every=None))
    # about 3,100 km of geodesic x 1.25 at 90 km/h: 43 hours, six days of 8 hours at most
    assert [d.stops for d in result.days][-1] == ("sea",)
    assert len(result.days) == 6
    assert all(d.drive_hours <= 8 for d in result.days)
    assert result.days[2].night != HUNTSVILLE  # a night along the road
    assert result.days[-1].night == (47.6062, -122.3321)


def test_it_uses_the_road_factor_and_speed():
    stop = Stop("a", "A", 34.7304, -85.5861)
    slow = plan([stop], options(), Roads(road_factor=1.0, speed_kmh=45))
    fast = plan([stop], options(), Roads(road_factor=1.25, speed_kmh=90))
    assert fast.total_drive_km == pytest.approx(slow.total_drive_km * 1.25)
    assert slow.days[0].drive_hours == pytest.approx(slow.total_drive_km / 45)


def test_it_waits_for_a_window_and_lists_what_cannot_fit():
    early = Stop("past", "Past", 34.0, -86.0, latest=START - dt.timedelta(days=1))
    rest_only = Stop("rest", "Rest", 34.0, -86.0, START + dt.timedelta(6), START + dt.timedelta(6))
    later = Stop("later", "Later", 34.5, -86.5, START + dt.timedelta(3), START + dt.timedelta(4))
    result = plan([early, rest_only, later], options(rest_every=7))
    assert result.day_of() == {"later": START + dt.timedelta(3)}
    reasons = {u.id: u.reason for u in result.unplanned}
    assert "ends before the tour starts" in reasons["past"]
    assert "only rest days" in reasons["rest"]


def test_two_stops_pinned_to_one_day_leave_one_unplanned_with_a_reason():
    day = START + dt.timedelta(2)
    a = Stop("a", "A", 34.0, -86.0, day, day)
    b = Stop("b", "B", 34.1, -86.1, day, day)
    result = plan([a, b], options())
    assert len(result.day_of()) == 1
    (left,) = result.unplanned
    assert "no day in its window (2027-03-03 to 2027-03-03)" in left.reason


def test_a_stop_id_given_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        plan([Stop("a", "A", 34, -86), Stop("a", "B", 35, -86)], options())


def test_with_no_answer_from_the_solver_in_its_time_the_plan_still_keeps_the_windows(
    monkeypatch,
):
    # A large tour on a short budget can end before the solver's first route; the planner
    # then lays out its deadline-first order, which must keep every window too.
    from ortools.constraint_solver import pywrapcp

    monkeypatch.setattr(pywrapcp.RoutingModel, "SolveWithParameters", lambda self, p: None)
    near = Stop("near", "Near", 34.8, -86.6)
    far = Stop("far", "Far", 36.2, -86.8)  # Nashville, about 200 km north
    dated = Stop("dated", "Dated", 33.5, -86.8, START + dt.timedelta(4), START + dt.timedelta(5))
    result = plan([far, dated, near], options(rest_every=None))
    days = result.day_of()
    assert set(days) == {"near", "far", "dated"}
    assert START + dt.timedelta(4) <= days["dated"] <= START + dt.timedelta(5)
    assert days["near"] == START  # nearest first, and the dated stop can still be reached


def test_stops_the_solver_had_no_time_to_place_are_planned_all_the_same(monkeypatch):
    # Stopped by its time limit before it inserted a stop (CI's loaded machine, 50 ms), the
    # solver answers with every stop left out: its first answer here, all stops unperformed.
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    from memorialmiles.tours import solve

    def interrupted(seconds):
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.ALL_UNPERFORMED
        params.solution_limit = 1
        return params

    monkeypatch.setattr(solve, "search_parameters", interrupted)
    free = Stop("free", "Free", 34.8, -81.5)
    dated = Stop("dated", "Dated", 29.6, -124.0, START + dt.timedelta(13), START + dt.timedelta(23))
    past = Stop("past", "Past", 34.0, -86.0, latest=START - dt.timedelta(days=1))
    result = plan([free, dated, past], options(rest_every=3, miles_per_day=300))
    days = result.day_of()
    assert set(days) == {"free", "dated"}
    assert START + dt.timedelta(13) <= days["dated"] <= START + dt.timedelta(23)
    (left,) = result.unplanned
    assert left.id == "past" and "ends before the tour starts" in left.reason


SOUTHEAST = [
    Stop("bham", "Birmingham PD", 33.5186, -86.8104),
    Stop("mgm", "Montgomery PD", 32.3668, -86.3000),
    Stop("atl", "Atlanta PD", 33.7490, -84.3880, dt.date(2027, 3, 10), dt.date(2027, 3, 14)),
    Stop("bna", "Nashville PD", 36.1627, -86.7816),
    Stop("mem", "Memphis PD", 35.1495, -90.0490),
    Stop("jan", "Jackson PD", 32.2988, -90.1848),
    Stop("mob", "Mobile PD", 30.6954, -88.0399),
    Stop("cha", "Chattanooga PD", 35.0456, -85.3097),
    Stop("tys", "Knoxville PD", 35.9606, -83.9207),
    Stop("tcl", "Tuscaloosa PD", 33.2098, -87.5692),
]


def test_it_runs_other_stops_while_a_window_is_not_open_yet():
    """Atlanta asked for March 10-14. Waiting was once free to the solver, and this tour ran
    three stops near Huntsville, sat six days for Atlanta, and ended on March 18."""
    result = plan(SOUTHEAST, options(miles_per_day=400, rest_every=4, max_drive_hours=8))
    assert not result.unplanned
    assert START + dt.timedelta(days=9) <= result.day_of()["atl"] <= dt.date(2027, 3, 14)
    assert result.waiting_days <= 1
    assert result.days[-1].date <= dt.date(2027, 3, 14)
    assert [d.date.day for d in result.days if d.rest] == [4, 8, 12][: len(result.days) // 4]


def test_a_waiting_day_is_a_working_day_with_nothing_to_run_or_drive():
    here = HUNTSVILLE
    days = [
        Day(START, ("a",), 10.0, 0.1, here),
        Day(START + dt.timedelta(1), (), 0.0, 0.0, here),
        Day(START + dt.timedelta(2), (), 0.0, 0.0, here, rest=True),
        Day(START + dt.timedelta(3), (), 420.0, 4.7, here),
    ]
    assert [d.waiting for d in days] == [False, True, False, False]
    assert Plan(days=days).waiting_days == 1
