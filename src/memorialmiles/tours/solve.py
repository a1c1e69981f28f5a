"""Choose the order of the stops with OR-Tools' routing solver, then lay it out.

The model is exact in working days: one vehicle starts at the start place and ends anywhere
(an end node every place reaches for nothing); travelling to a stop takes its leg's days;
each stop's window bounds the day it is reached, waiting allowed; a stop may be dropped at a
penalty far above any drive, so it is dropped only when no window can hold it. The cost is
the metres driven plus 10 km for each day on the road, both on the arcs, plus 100 km for each
day spent waiting for a window (the days dimension's slack). OR-Tools won over VROOM on our
instances (docs/tours.md, bench/tours.py).

Why these settings (bench/tours.py: 200 stops, 30 s against 300 s). The first route is
built by local cheapest insertion, which keeps the windows as it inserts, then improved by
guided local search. From the former nearest-first route the search needed minutes to undo
its early choices (25 s was 3.5% and 12.8% worse than 250 s in two runs); from cheapest
insertion it levels out within seconds (docs/tours.md has the figures). A cost on the tour's
span (or on waiting) instead of on the arcs made every move walk the whole route: the same
search did not finish its first descent in 30 s (41,224 km against 40,706), so a day's cost
sits on the legs. Waiting was then free, and plans waited: 86 idle days in a 347-day tour of
200 stops, a 10-stop tour sitting six days in one town for a window while its other stops
could be run. Charged as well as the arcs (not instead of them), waiting costs the search
little: the same 200 stops took 306 days with 45 waiting in 30 s, within 1.2% of the 300-s
plan's cost (docs/tours.md, docs/benchmarks.md).
"""

from __future__ import annotations

import numpy as np
from ortools.constraint_solver import (
    pywrapcp,
    routing_enums_pb2,
    routing_heuristic_parameters_pb2,
)

from memorialmiles.tours.model import Options, Plan, Stop
from memorialmiles.tours.problem import Problem, build
from memorialmiles.tours.roads import Roads
from memorialmiles.tours.schedule import lay_out

# A stop left out costs more than driving a million kilometres; a stop with a last day costs
# twice that, only so that cheapest insertion (which takes stops by falling penalty) places the
# dated stops first, while the route still has room for their windows. Inserted last, they
# found none: 3 of 10 left out on one 200-stop instance that VROOM planned whole.
DROP_PENALTY = 10**12
DATED_DROP_PENALTY = 2 * DROP_PENALTY
# Each day on the road costs as much as 10 km of driving: of two orders that drive the same,
# the one with fewer travel days wins.
METRES_PER_DAY = 10_000
# Each day spent waiting for a window costs as much as 100 km of driving: a crew idle in a motel
# is worth more than an hour's detour to run a stop meanwhile.
METRES_PER_WAITING_DAY = 100_000


def plan(stops: list[Stop], options: Options, roads: Roads | None = None) -> Plan:
    problem = build(stops, options, roads)
    order, dropped = solve_order(problem, options.seconds)
    return lay_out(problem, order, dropped)


def search_parameters(seconds: float):
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION
    )
    sorting = params.local_cheapest_insertion_parameters.insertion_sorting_properties
    del sorting[:]
    sorting.append(
        routing_heuristic_parameters_pb2.LocalCheapestInsertionParameters.SORTING_PROPERTY_PENALTY
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    return params


def solve_order(problem: Problem, seconds: float) -> tuple[list[int], list[int]]:
    """Stop indices in visiting order, and those the solver left out."""
    stops = problem.plannable
    if not stops:
        return [], []
    nodes = [0] + [i + 1 for i in stops]  # rows of the problem's matrices
    m = len(nodes)
    end = m
    days = np.zeros((m + 1, m + 1), dtype=np.int64)
    days[:m, :m] = problem.leg_days_matrix()[np.ix_(nodes, nodes)]
    arc_cost = np.zeros((m + 1, m + 1), dtype=np.int64)
    arc_cost[:m, :m] = np.rint(problem.km[np.ix_(nodes, nodes)] * 1000)
    arc_cost[:m, :m] += METRES_PER_DAY * days[:m, :m]
    horizon = int(days.max(initial=1)) * m + max(
        (w[1] or 0 for w in (problem.windows[i] for i in stops)), default=0
    )

    manager = pywrapcp.RoutingIndexManager(m + 1, 1, [0], [end])
    routing = pywrapcp.RoutingModel(manager)
    cost = routing.RegisterTransitMatrix(arc_cost.tolist())
    routing.SetArcCostEvaluatorOfAllVehicles(cost)
    transit = routing.RegisterTransitMatrix(days.tolist())
    routing.AddDimension(transit, horizon, horizon, True, "days")
    dimension = routing.GetDimensionOrDie("days")
    dimension.SetSlackCostCoefficientForAllVehicles(METRES_PER_WAITING_DAY)
    for node, i in enumerate(stops, start=1):
        index = manager.NodeToIndex(node)
        lo, hi = problem.windows[i]
        dimension.CumulVar(index).SetRange(lo, hi if hi is not None else horizon)
        routing.AddDisjunction([index], DROP_PENALTY if hi is None else DATED_DROP_PENALTY)

    solution = routing.SolveWithParameters(search_parameters(seconds))
    if solution is None:  # no answer in the time: a route that keeps the windows, still valid
        return deadline_first(problem), []
    order = []
    index = routing.Start(0)
    while not routing.IsEnd(index):
        node = manager.IndexToNode(index)
        if node:
            order.append(stops[node - 1])
        index = solution.Value(routing.NextVar(index))
    visited = set(order)
    dropped = [i for i in stops if i not in visited]
    if dropped:
        # Stopped by its time limit while still inserting (a loaded machine, a short limit),
        # the solver gives the stops it had not placed yet as left out, with no window to
        # blame. A route that keeps the windows and holds more stops wins, as a left-out stop
        # costs more than any drive.
        fallback = deadline_first(problem)
        if len(fallback) > len(order):
            return fallback, [i for i in stops if i not in set(fallback)]
    return order, dropped


def deadline_first(problem: Problem) -> list[int]:
    """The order used when the solver has no answer in its time, one that keeps windows: go to
    the nearest stop from which every stop with a last day can still be reached in time; when
    none can, to the most urgent one; stops whose last day has become unreachable are left
    out (the calendar layout lists them as unplanned)."""
    legs = problem.leg_days_matrix()
    left = np.array(problem.plannable, dtype=np.int64)
    lo = np.array([w[0] if w else 0 for w in problem.windows])
    hi_list = [
        problem.windows[i][1] if problem.windows[i] else None for i in range(len(problem.stops))
    ]
    hi = np.array([np.iinfo(np.int64).max // 4 if h is None else h for h in hi_list])
    order, here, today = [], 0, 0
    while left.size:
        nodes = left + 1
        arrive = np.maximum(today + legs[here, nodes], lo[left])
        reachable = arrive <= hi[left]
        if not reachable.any():
            break
        left, nodes, arrive = left[reachable], nodes[reachable], arrive[reachable]
        dated = hi[left] < np.iinfo(np.int64).max // 4
        # after going to candidate c, can every dated stop w != c still be reached in time?
        later = arrive[:, None] + legs[np.ix_(nodes, nodes[dated])]
        ok = (later <= hi[left[dated]][None, :]) | (left[:, None] == left[dated][None, :])
        safe = ok.all(axis=1)
        wait = arrive - (today + legs[here, nodes])
        score = problem.km[here, nodes] + 500.0 * wait
        if safe.any():
            pick = int(np.flatnonzero(safe)[np.argmin(score[safe])])
        else:
            pick = int(np.argmin(np.where(dated, hi[left], np.iinfo(np.int64).max)))
        order.append(int(left[pick]))
        here, today = int(nodes[pick]), int(arrive[pick])
        left = np.delete(left, pick)
    return order
