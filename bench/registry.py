"""Benchmark: reading the real memorial-registry files with memorialmiles.registry.

The peer is the floor any reader pays: `csv.DictReader` over the same decoded text doing
nothing with the rows. The ratio says what name splitting, date parsing, agency keys and
validation cost on top. Caches are cleared before every run, so each run is a cold read.
Peak memory is measured with tracemalloc (Python allocations only) for both sides, which is
fair since both are pure Python over the same file.

Run: .venv/bin/python bench/registry.py [--quick]
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from _markdown import write_section  # noqa: E402
from memorialmiles.registry import (  # noqa: E402
    AgencyRow,
    agencies,
    dates,
    duplicates,
    find_duplicates,
    index_agencies,
    match_agency,
    read_agencies,
    read_registry,
)

DATA = ROOT / ".." / "shared" / "data"
FILES = [
    "odmp_police_deaths_538_raw.csv",
    "odmp_police_deaths_538_clean.csv",
    "odmp_officers_2024.csv",
]


def clear_caches() -> None:
    for cached in (agencies._normalise, dates._parse, duplicates._part_key):
        cached.cache_clear()


def ours(path: Path) -> int:
    clear_caches()
    return sum(1 for _ in read_registry(path).rows)


def peer(path: Path) -> int:
    text = path.read_bytes().decode("utf-8-sig")
    return sum(1 for _ in csv.DictReader(io.StringIO(text, newline="")))


def timed(fn, path: Path, repeat: int) -> tuple[float, int]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    repeat = 3 if quick else 7
    missing = [f for f in FILES if not (DATA / f).exists()]
    if missing:
        print(f"skipped: real data not found in {DATA.resolve()}: {missing}")
        return 0
    lines = [
        f"Reading ({'quick, ' if quick else ''}median of {repeat} cold runs; peak memory by"
        " tracemalloc; peer = csv.DictReader doing nothing with the rows)",
        "",
        "| file | records | ours (s) | peer (s) | ours/peer | ours peak (MB) | peer peak (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in FILES:
        path = DATA / name
        print(f"reading {name} ...", flush=True)
        count = ours(path)
        t_ours, m_ours = timed(ours, path, repeat)
        t_peer, m_peer = timed(peer, path, repeat)
        lines.append(
            f"| {name} | {count:,} | {t_ours:.3f} | {t_peer:.3f} | {t_ours / t_peer:.1f}x"
            f" | {m_ours / 1e6:.1f} | {m_peer / 1e6:.1f} |"
        )

    print("identity match raw vs clean ...", flush=True)
    raw = list(read_registry(DATA / FILES[0]).rows)
    clean = list(read_registry(DATA / FILES[1]).rows)
    same = {h.identity() for h in raw} == {h.identity() for h in clean}

    print("FBI join ...", flush=True)
    start = time.perf_counter()
    fbi = [a for a in read_agencies(DATA / "fbi_ucr_agencies_2018.csv") if isinstance(a, AgencyRow)]
    t_fbi = time.perf_counter() - start
    index = index_agencies(
        ((a.key, a.state, a) for a in fbi),
        aliases=((alias, a.state, a) for a in fbi for alias in a.aliases),
    )
    exact = {(a.name, a.state) for a in fbi}
    pairs = Counter((h.agency, h.agency_key, h.state) for h in raw)
    start = time.perf_counter()
    joined = [(agency, state) for agency, key, state in pairs if match_agency(key, state, index)]
    t_match = time.perf_counter() - start
    exact_joined = sum(1 for agency, _, state in pairs if (agency, state) in exact)
    in_states = [p for p in pairs if p[2] not in {"US", "RR", "TR"}]

    size = 20_000 if quick else 100_000
    print(f"duplicates at {size:,} heroes ...", flush=True)
    heroes = [
        (f"{copy}-{i}", replace(h, end_of_watch=h.end_of_watch + timedelta(days=9 * copy)))
        for copy in range(size // len(raw) + 1)
        for i, h in enumerate(raw)
    ][:size]
    start = time.perf_counter()
    found = find_duplicates(heroes)
    t_dup = time.perf_counter() - start

    lines += [
        "",
        "| figure | value |",
        "|---|---|",
        f"| raw and clean 538 identities equal (22,800 each) | {same} |",
        f"| FBI list read (18,702 rows) | {t_fbi:.3f} s |",
        f"| 538 agencies joined to FBI by exact name and state | {exact_joined / len(pairs):.1%}"
        f" of {len(pairs):,} |",
        f"| 538 agencies joined by key, alias, loose key or fuzzy, same state |"
        f" {len(joined) / len(pairs):.1%} ({t_match:.3f} s) |",
        f"| same, leaving out US/RR/TR (not in the FBI list) |"
        f" {sum(1 for p in in_states if (p[0], p[2]) in joined) / len(in_states):.1%} |",
        f"| find_duplicates on {size:,} heroes | {t_dup:.2f} s, {len(found)} pairs |",
    ]
    table = "\n".join(lines)
    print(table)
    write_section("registry", f"## Registry reading (`bench/registry.py`)\n\n{table}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
