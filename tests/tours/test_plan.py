"""The planner on cases a person can check by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from memorialmiles.tours.model import Options, Stop
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
