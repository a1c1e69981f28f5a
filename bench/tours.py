"""Benchmark the tour planner: OR-Tools routing against VROOM (pyvroom) on the same instances.

Usage: .venv/bin/python bench/tours.py [--quick] [--agencies PATH]

Instances: 50, 200 and 1,000 stops drawn (fixed seed) from the FBI UCR agency list
(/work/shared/data/fbi_ucr_agencies_2018.csv, "FBI Crime Data Explorer"), lower 48 states, one
in twenty with a week's window somewhere in the tour (an agency asking for a week); start in
Huntsville, AL, 400 miles and 8 hours a day at most, a rest day every 7. Both solvers see the
same model (working days, metres driven) and their orders go through the same calendar layout,
so the kilometres compared are those of valid plans. Each solver gets S seconds, then 10 x S
("the best found by the same solver given ten times longer"); the plan must be within 5% of
that best.
VROOM has no time limit: it is run at exploration levels 1 and 5 (its fastest and its most
thorough) in a child process stopped after VROOM_LIMIT seconds, and its wall time is reported.
A plan's cost, to compare: km driven + 2,000 km for each stop left unplanned (a stop left out
is a separate trip later), so a solver cannot look good by dropping stops.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path
from queue import Empty

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _markdown import write_section  # noqa: E402
from memorialmiles.tours.model import Options, Stop  # noqa: E402
from memorialmiles.tours.problem import build  # noqa: E402
from memorialmiles.tours.schedule import lay_out  # noqa: E402
from memorialmiles.tours.solve import solve_order  # noqa: E402

AGENCIES = Path("/work/shared/data/fbi_ucr_agencies_2018.csv")
START = dt.date(2027, 3, 1)
SECONDS = {50: 5.0, 200: 25.0, 1000: 25.0}
VROOM_LIMIT = 120.0
UNPLANNED_KM = 2000.0


def cost(plan) -> float:
    return plan.total_drive_km + UNPLANNED_KM * len(plan.unplanned)


FAR = {"AK", "HI", "PR", "GU", "VI", "AS", "MP"}


def draw(path: Path, n: int, seed: int = 12) -> list[Stop]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["latitude"] and r["longitude"] and r["state_abbr"] not in FAR
        ]
    rnd = random.Random(seed)
    picked = rnd.sample(rows, n)
    days = int(n * 1.4)
    stops = []
    for i, r in enumerate(picked):
        earliest = latest = None
        if i % 20 == 0:
            earliest = START + dt.timedelta(days=rnd.randrange(days))
            latest = earliest + dt.timedelta(days=6)
        stops.append(
            Stop(
                r["ori"],
                r["agency_name"],
                float(r["latitude"]),
                float(r["longitude"]),
                earliest,
                latest,
            )
        )
    return stops


def vroom_order(problem, level: int) -> tuple[list[int], list[int]]:
    import vroom

    stops = problem.plannable
    nodes = [0] + [i + 1 for i in stops]
    days = problem.leg_days_matrix()[np.ix_(nodes, nodes)].astype(np.uint32)
    # hectometres: in metres VROOM refused the 1,000-stop instance ("Too high cost values")
    hectometres = np.rint(problem.km[np.ix_(nodes, nodes)] * 10).astype(np.uint32)
    inp = vroom.Input()
    inp.set_durations_matrix("car", days)
    inp.set_costs_matrix("car", hectometres)
    inp.add_vehicle(vroom.Vehicle(0, start=0, profile="car"))
    horizon = int(days.max()) * len(nodes) + 10_000
    for node, i in enumerate(stops, start=1):
        lo, hi = problem.windows[i]
        inp.add_job(
            vroom.Job(
                node, location=node, time_windows=[vroom.TimeWindow(lo, hi if hi else horizon)]
            )
        )
    solution = inp.solve(exploration_level=level, nb_threads=1)
    routes = solution.routes
    jobs = routes[routes["type"] == "job"]
    order = [stops[int(j) - 1] for j in jobs["id"]]
    seen = set(order)
    return order, [i for i in stops if i not in seen]


def _vroom_child(problem, level, queue):
    queue.put(vroom_order(problem, level))


def run(problem, solver: str, budget: float):
    t = time.perf_counter()
    if solver == "ortools":
        order, dropped = solve_order(problem, budget)
    else:
        queue = multiprocessing.Queue()
        child = multiprocessing.Process(target=_vroom_child, args=(problem, int(budget), queue))
        child.start()
        try:
            order, dropped = queue.get(timeout=VROOM_LIMIT)
        except Empty:
            child.terminate()
            return None, time.perf_counter() - t
        child.join()
    took = time.perf_counter() - t
    plan = lay_out(problem, order, dropped)
    return plan, took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="50 and 200 stops, short budgets")
    parser.add_argument("--agencies", type=Path, default=AGENCIES)
    args = parser.parse_args()
    if not args.agencies.exists():
        print(f"skipped: {args.agencies} is not here")
        return
    sizes = [50, 200] if args.quick else [50, 200, 1000]
    options = Options(34.7304, -86.5861, START, miles_per_day=400, rest_every=7, max_drive_hours=8)
    lines = []
    for n in sizes:
        problem = build(draw(args.agencies, n), options)
        s = SECONDS[n] / (5 if args.quick else 1)
        results = {}
        for label, solver, budget in [
            (f"OR-Tools {s:g} s", "ortools", s),
            (f"OR-Tools {10 * s:g} s", "ortools", 10 * s),
            ("VROOM level 1", "vroom", 1),
            ("VROOM level 5", "vroom", 5),
        ]:
            plan, took = run(problem, solver, budget)
            if plan is None:
                print(f"{n:5} stops  {label:18} stopped after {took:.0f} s", flush=True)
                lines.append(f"| {n} | {label} | no answer in {VROOM_LIMIT:.0f} s | | | | |")
                continue
            results[label] = (plan, took)
            print(
                f"{n:5} stops  {label:18} {plan.total_drive_km:10.0f} km  "
                f"{len(plan.days):5} days  {len(plan.unplanned):3} unplanned  {took:6.1f} s",
                flush=True,
            )
        best = min(cost(p) for p, _ in results.values())
        for label, (plan, took) in results.items():
            lines.append(
                f"| {n} | {label} | {plan.total_drive_km:,.0f} | {len(plan.days)} | "
                f"{len(plan.unplanned)} | {took:.1f} | {cost(plan) / best:.3f} |"
            )
        ours = cost(results[f"OR-Tools {s:g} s"][0])
        ten_x = cost(results[f"OR-Tools {10 * s:g} s"][0])
        verdict = "within" if ours <= ten_x * 1.05 else "NOT within"
        lines.append(
            f"| {n} | OR-Tools {s:g} s vs its 10x | cost ratio {ours / ten_x:.3f} "
            f"({verdict} 5%) | | | | |"
        )
    load = os.getloadavg()[0]
    write_section(
        "tours",
        "## Tour planner (bench/tours.py): OR-Tools vs VROOM\n\n"
        f"Run {dt.date.today()}, load average {load:.1f} on 2 shared cores. Stops drawn from "
        "the FBI UCR agency list (FBI Crime Data Explorer), 1 in 20 with a 7-day window; "
        "400 miles and 8 hours a day, rest every 7th day. km: the valid plan's driving; "
        "ratio: cost (km + 2,000 km per unplanned stop) to the best cost of the four.\n\n"
        "| stops | solver | km | days | unplanned | seconds | ratio |\n"
        "|---:|---|---:|---:|---:|---:|---:|\n" + "\n".join(lines),
    )


if __name__ == "__main__":
    main()
