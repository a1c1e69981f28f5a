"""Benchmark the tour planner: its plan in S seconds against the same solver given 10 x S.

Usage:
  .venv/bin/python bench/tours.py [--sizes 50,200,1000] [--seeds 12] [--seconds 30]
                                  [--vroom 0] [--quick] [--agencies PATH]

The target (issue 12): on 200 stops, the plan in under 30 s within 5% of the best the same
solver finds in 300 s. Each (size, seed) is one instance: stops drawn with that seed from the
FBI UCR agency list (/work/shared/data/fbi_ucr_agencies_2018.csv, "FBI Crime Data Explorer"),
lower 48 states, one in twenty with a week's window somewhere in the tour (an agency asking
for a week); start in Huntsville, AL, 400 miles and 8 hours a day at most, a rest day every 7.

For each instance: the planner as the site and the command run it (build the problem, solve,
lay out the calendar) with S seconds in all, then again with 10 x S; the seconds reported are
the whole plan's wall time. VROOM (pyvroom) sees the same model (working days, metres) and its
order goes through the same calendar layout, so the kilometres compared are those of valid
plans; VROOM has no time limit, only an exploration level, so it runs in a child process
stopped after VROOM_LIMIT seconds. A plan's cost, to compare: km driven + 100 km for each
day spent waiting for a window (as the solver charges it: a crew idle in a motel) + 2,000 km
for each stop left unplanned (a stop left out is a separate trip later), so no plan looks good
by dropping stops or by waiting.

A run of one size and seed takes about 11 x S seconds plus VROOM's time; to keep each run
short (the machine is shared: run it under `flock /work/heavy.lock`), pass one size and one
seed at a time. Every run's figures are kept in bench/tours_runs.json, keyed by size, seed and
budget, and the section of docs/benchmarks.md is rewritten from all of them, so runs made one
by one add up to one table. `--quick` (S / 10) is for trying the script, never for the doc.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import multiprocessing
import os
import random
import subprocess
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
RUNS = Path(__file__).resolve().parent / "tours_runs.json"
START = dt.date(2027, 3, 1)
SECONDS = 30.0
VROOM_LIMIT = 120.0
UNPLANNED_KM = 2000.0
WAITING_DAY_KM = 100.0  # tours.solve.METRES_PER_WAITING_DAY
TARGET = 1.05
OPTIONS = Options(34.7304, -86.5861, START, miles_per_day=400, rest_every=7, max_drive_hours=8)


def cost(plan) -> float:
    return (
        plan.total_drive_km
        + WAITING_DAY_KM * plan.waiting_days
        + UNPLANNED_KM * len(plan.unplanned)
    )


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


def ortools_plan(stops: list[Stop], budget: float):
    """The plan as `tours.solve.plan` makes it, the solver given what the budget has left
    after the distances are computed, timed whole."""
    t = time.perf_counter()
    problem = build(stops, OPTIONS)
    # a second for the calendar layout and the solver's own overrun of its limit
    left = budget - (time.perf_counter() - t) - 1.0
    order, dropped = solve_order(problem, max(0.5, left))
    plan = lay_out(problem, order, dropped)
    return plan, time.perf_counter() - t


def vroom_plan(stops: list[Stop], level: int):
    t = time.perf_counter()
    problem = build(stops, OPTIONS)
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_vroom_child, args=(problem, level, queue))
    child.start()
    try:
        order, dropped = queue.get(timeout=VROOM_LIMIT)
    except Empty:
        child.terminate()
        child.join()
        return None, time.perf_counter() - t
    child.join()
    return lay_out(problem, order, dropped), time.perf_counter() - t


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%H:%M:%S")


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def run_instance(agencies: Path, n: int, seed: int, s: float, vroom_levels: list[int]) -> dict:
    stops = draw(agencies, n, seed)
    load_before = _load()
    rows = []
    runs = [(f"OR-Tools {s:g} s", "ortools", s), (f"OR-Tools {10 * s:g} s", "ortools", 10 * s)]
    runs += [(f"VROOM level {level}", "vroom", level) for level in vroom_levels]
    for label, solver, arg in runs:
        print(f"{_now()}  {n} stops, seed {seed}: {label} ... (load {_load()})", flush=True)
        plan, took = ortools_plan(stops, arg) if solver == "ortools" else vroom_plan(stops, arg)
        if plan is None:
            print(f"{_now()}    no answer in {VROOM_LIMIT:.0f} s", flush=True)
            rows.append({"label": label, "answer": False, "seconds": round(took, 1)})
            continue
        row = {
            "label": label,
            "answer": True,
            "km": round(plan.total_drive_km, 1),
            "days": len(plan.days),
            "waiting": plan.waiting_days,
            "unplanned": len(plan.unplanned),
            "cost": round(cost(plan), 1),
            "seconds": round(took, 1),
        }
        rows.append(row)
        print(
            f"{_now()}    {row['km']:10,.0f} km  {row['days']:5} days "
            f"({row['waiting']} waiting)  {row['unplanned']:3} unplanned  {took:6.1f} s",
            flush=True,
        )
    ours, ten_x = rows[0], rows[1]
    ratio = ours["cost"] / ten_x["cost"]
    verdict = "within" if ratio <= TARGET else "NOT within"
    print(
        f"{_now()}  {n} stops, seed {seed}: {s:g} s / {10 * s:g} s cost ratio {ratio:.3f} "
        f"({verdict} 5%), plan in {ours['seconds']:.1f} s",
        flush=True,
    )
    return {
        "size": n,
        "seed": seed,
        "seconds": s,
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "load_before": load_before,
        "load_after": _load(),
        "rows": rows,
        "ratio": round(ratio, 4),
    }


def _commit() -> str:
    """The solver's version a run measured: the commit, marked when src/ had changes."""
    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "src"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return ""
    return head + ("+changes" if dirty else "")


def _key(r: dict) -> str:
    return f"{r['size']}/{r['seed']}/{r['seconds']:g}"


def load_runs() -> dict:
    return json.loads(RUNS.read_text()) if RUNS.exists() else {}


def render(runs: dict) -> str:
    lines = [
        "## Tour planner (bench/tours.py): S seconds against 10 x S, and VROOM",
        "",
        "Stops drawn from the FBI UCR agency list (FBI Crime Data Explorer), lower 48 states, "
        "1 in 20 with a 7-day window; start Huntsville, AL; 400 miles and 8 hours a day, rest "
        "every 7th day. Each row: one plan as the planner makes it (distances, solver, "
        "calendar), its wall seconds in all; km: the valid plan's driving; waiting: its days "
        "spent waiting for a window; ratio: its cost (km + 100 km per waiting day + 2,000 km "
        "per unplanned stop) to the OR-Tools 10 x S plan's. The machine: 2 "
        "cores shared with other sessions, so each run's load average (1, 5, 15 min, before "
        "and after) is given; under load the solver gets a fraction of a core, the same for "
        "S and 10 x S. Runs one size and seed at a time under `flock /work/heavy.lock`.",
        "",
        "| stops | seed | when, commit | load before / after | plan | km | days | waiting "
        "| unplanned | seconds | ratio to 10 x S |",
        "|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    ordered = sorted(runs.values(), key=lambda r: (r["size"], -r["seconds"], r["seed"]))
    for r in ordered:
        ten_x = r["rows"][1]["cost"]
        when = f"{r['when']}, {r['commit']}" if r.get("commit") else r["when"]
        for row in r["rows"]:
            if not row["answer"]:
                lines.append(
                    f"| {r['size']} | {r['seed']} | {when} | {r['load_before']} / "
                    f"{r['load_after']} | {row['label']} | no answer in {VROOM_LIMIT:.0f} s "
                    f"| | | | {row['seconds']:.1f} | |"
                )
                continue
            lines.append(
                f"| {r['size']} | {r['seed']} | {when} | {r['load_before']} / "
                f"{r['load_after']} | {row['label']} | {row['km']:,.0f} | {row['days']} | "
                f"{row.get('waiting', '')} | {row['unplanned']} | {row['seconds']:.1f} | "
                f"{row['cost'] / ten_x:.3f} |"
            )
    lines += ["", "Summary, OR-Tools S against its 10 x S (target: within 5%, 200 stops in "]
    lines[-1] += "under 30 s):"
    lines.append("")
    groups: dict[tuple[int, float], list[dict]] = {}
    for r in ordered:
        groups.setdefault((r["size"], r["seconds"]), []).append(r)
    for (size, s), group in groups.items():
        ratios = [g["ratio"] for g in group]
        within = sum(x <= TARGET for x in ratios)
        took = [g["rows"][0]["seconds"] for g in group]
        in_time = sum(t < s for t in took)
        lines.append(
            f"- {size} stops, {s:g} s against {10 * s:g} s: ratio "
            + ", ".join(f"{x:.3f}" for x in ratios)
            + f" (seeds {', '.join(str(g['seed']) for g in group)}); within 5% on {within} of "
            f"{len(ratios)}; the {s:g}-s plan took at most {max(took):.1f} s (under {s:g} s "
            f"on {in_time} of {len(took)})."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50,200,1000", help="comma-separated stop counts")
    parser.add_argument("--seeds", default="12", help="comma-separated instance seeds")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="S (the plan's budget)")
    parser.add_argument(
        "--vroom",
        default=None,
        help="VROOM exploration levels, comma-separated ('' for none); "
        "default 0 up to 200 stops and none above (it takes minutes there)",
    )
    parser.add_argument("--quick", action="store_true", help="S / 10: to try the script")
    parser.add_argument("--agencies", type=Path, default=AGENCIES)
    args = parser.parse_args()
    if not args.agencies.exists():
        print(f"skipped: {args.agencies} is not here")
        return
    sizes = [int(x) for x in args.sizes.split(",") if x]
    seeds = [int(x) for x in args.seeds.split(",") if x]
    s = args.seconds / 10 if args.quick else args.seconds
    runs = load_runs()
    for n in sizes:
        if args.vroom is None:
            levels = [0] if n <= 200 else []
        else:
            levels = [int(x) for x in args.vroom.split(",") if x]
        for seed in seeds:
            result = run_instance(args.agencies, n, seed, s, levels)
            if not args.quick:
                runs[_key(result)] = result
                RUNS.write_text(json.dumps(runs, indent=1) + "\n")
    if not args.quick:
        write_section("tours", render(runs))


if __name__ == "__main__":
    main()
