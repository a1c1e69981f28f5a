"""Honor roll: import speed and memory, and honor-wall search latency at 100,000 heroes.

Runs each database in its own process (Django's settings are per process): SQLite in a
throwaway folder, and PostgreSQL in a throwaway database when one answers on 127.0.0.1:5432.
The peer for search is the query a developer would write first: `icontains` on the name and
agency columns. Usage: python bench/honor_roll.py [--quick] [--backend sqlite|postgres]
(HONOR_ROLL_PASSES=n: passes over our queries, 3 by default).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from _markdown import write_section  # noqa: E402

RAW = ROOT.parent / "shared" / "data" / "odmp_police_deaths_538_raw.csv"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "memorialmiles_bench"
# Passes over our queries, each query timed once a pass: one search timed once varies by a
# quarter from run to run on a shared two-core machine, and 300 timings give a steadier p95
# than 100. The peer's queries (a quarter of a second each) are timed in one pass.
PASSES = int(os.environ.get("HONOR_ROLL_PASSES", "3"))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_cpu() -> float:
    """CPU seconds of this process's children that ended: the import's reading processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_seconds() -> float:
    """The best of 3 timings of a plain Python loop of 10 million additions: how fast this
    machine's core is, so that runs on different machines (their targets are absolute) can be
    compared. 0.31-0.38 s on 2026-12-03's machine, where a first import took 1.1-1.5 s."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return best


def one_edit(word: str, rng: random.Random) -> str:
    """The word with one letter wrong, missing, extra or swapped, as a hurried thumb types it."""
    i = rng.randrange(1, len(word) - 1)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return rng.choice(
        [
            word[:i] + letter + word[i + 1 :],
            word[:i] + word[i + 1 :],
            word[:i] + letter + word[i:],
            word[:i] + word[i + 1] + word[i] + word[i + 2 :],
        ]
    )


def worker(backend: str, total: int, queries: int, peer_queries: int = 30) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Q

    from memorialmiles.core.bulk import copy_rows, reserve_ids
    from memorialmiles.honors import held_roll
    from memorialmiles.honors.importer import import_heroes
    from memorialmiles.honors.models import SORTS, Agency, Hero, SearchWord, hero_search_text
    from memorialmiles.honors.search import bulk_indexing, order_heroes

    call_command("migrate", verbosity=0)
    log(f"[{backend}] importing {RAW.name} …")
    before = peak_rss_mb()
    started, cpu, readers = time.perf_counter(), time.process_time(), children_cpu()
    report = import_heroes(RAW)
    import_s, import_cpu = time.perf_counter() - started, time.process_time() - cpu
    readers_cpu = children_cpu() - readers
    import_peak = peak_rss_mb() - before
    # The rows are read by a forked process (core.forked); its high-water mark counts the
    # pages it shares with this one, so it is shown apart, not added.
    reader_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    log(f"[{backend}] {report.summary()} in {import_s:.2f} s")

    started, cpu = time.perf_counter(), time.process_time()
    again = import_heroes(RAW)
    reimport_s, reimport_cpu = time.perf_counter() - started, time.process_time() - cpu
    log(f"[{backend}] re-import: {again.summary()} in {reimport_s:.2f} s")
    imported = {
        "import_s": import_s,
        "import_peak_mb": import_peak,
        "reader_peak_mb": reader_peak,
        "reimport_s": reimport_s,
        "import_cpu_s": import_cpu,
        "readers_cpu_s": readers_cpu,
        "reimport_cpu_s": reimport_cpu,
        "import_counts": dict(report.counts),
        "reimport_counts": dict(again.counts),
    }
    if not total:  # an import-only run (`--imports`)
        return imported

    # Grow the roll to `total` with synthetic heroes made of the real names, shuffled.
    real = list(Hero.objects.values_list("first_name", "last_name", "state", "agency_id"))
    agency_names = dict(Agency.objects.values_list("id", "name"))
    rng = random.Random(7)
    extra = total - len(real)
    log(f"[{backend}] adding {extra:,} synthetic heroes for the search test …")
    fields = ("id", "rank", "first_name", "last_name", "state", "agency_id", "service")
    fields += ("identity", "country", "search_text")
    with transaction.atomic():
        ids = reserve_ids(Hero, extra)
        rows = []
        for i, pk in enumerate(ids):
            first = rng.choice(real)[0]
            last, state, agency = rng.choice(real)[1:]
            text = hero_search_text("Officer", first, last, agency_names.get(agency, ""))
            rows.append(
                (pk, "Officer", first, last, state, agency, "police", f"bench-{i}", "US", text)
            )
        with bulk_indexing(ids):
            copy_rows(Hero, fields, rows)
            SearchWord.add(row[-1] for row in rows)
    with connection.cursor() as cursor:
        # The state autovacuum leaves the roll in within a minute of a bulk load (visibility
        # map set, statistics fresh), not the moment after it: a fifth less server time.
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")  # SQLite's VACUUM rewrites the file; nothing is pending
    count = Hero.objects.count()
    # What every process reads again after a write to the heroes (honors.held_roll).
    loads = []
    for _ in range(3):
        started = time.perf_counter()
        held = held_roll.load()
        loads.append(time.perf_counter() - started)
    index = held.index
    held_mb = (
        held.ids.nbytes
        + index.rows.nbytes
        + index.starts.nbytes
        + sys.getsizeof(index.words)
        + sum(sys.getsizeof(w) for w in index.words)
    ) / 2**20
    del held, index
    log(f"[{backend}] held roll: {statistics.median(loads):.2f} s to load, {held_mb:.1f} MB")

    lasts = sorted({r[1].lower() for r in real if len(r[1]) >= 5 and r[1].isalpha()})
    rng.shuffle(lasts)
    kinds = {
        "exact": lasts[:queries],
        "prefix": [name[: rng.randint(3, 5)] for name in lasts[queries : 2 * queries]]
        + [f"{r[0][:3]} {r[1][:4]}" for r in rng.sample(real, queries // 4) if r[0]],
        "typo": [one_edit(name, rng) for name in lasts[2 * queries : 3 * queries]],
    }
    order = SORTS["name"]

    def ours(term):  # the wall's and the API's list, as in views._wall_queryset
        qs = Hero.objects.filter_wall({"q": term}).for_list()
        qs = order_heroes(qs, {"q": term})
        return qs.count(), list(qs[:50])

    def baseline(term):
        qs = Hero.objects.all()
        for word in term.split():
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(agency__name__icontains=word)
            )
        qs = qs.select_related("agency").order_by(*order)
        return qs.count(), list(qs[:50])

    results: dict[str, float] = {}
    for kind, terms in kinds.items():
        peer = terms[:peer_queries]
        for label, fn, sample in (("ours", ours, terms), ("icontains", baseline, peer)):
            for term in sample[:5]:
                fn(term)  # warm the caches
            timings, found = [], 0
            for round_ in range(PASSES if label == "ours" else 1):
                for term in sample:
                    started = time.perf_counter()
                    n, _ = fn(term)
                    timings.append((time.perf_counter() - started) * 1000)
                    found += n > 0 and not round_
            timings.sort()
            results[f"{kind}_{label}_p50_ms"] = statistics.median(timings)
            results[f"{kind}_{label}_p95_ms"] = timings[max(0, int(len(timings) * 0.95) - 1)]
            results[f"{kind}_{label}_found"] = found / len(sample)
            log(f"[{backend}] {kind} {label}: p95 {results[f'{kind}_{label}_p95_ms']:.1f} ms")
    return {
        "backend": backend,
        "heroes": count,
        **imported,
        "queries": {k: len(v) for k, v in kinds.items()},
        "peer_queries": peer_queries,
        "held_load_s": statistics.median(loads),
        "held_mb": held_mb,
        **results,
    }


def postgres_url() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    except Exception as exc:  # no server, no rights: say so and run SQLite only
        log(f"PostgreSQL not reachable ({exc.__class__.__name__}): skipping it")
        return None
    return f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"


def run_backend(
    backend: str, total: int, queries: int, peer_queries: int, imports: int = 1
) -> dict | None:
    """One run with the search at `total` heroes, then `imports - 1` runs that only import:
    the import figures are the medians of all, with the range, since one import's second
    moves by a fifth from run to run on a shared machine."""
    row = run_worker(backend, total, queries, peer_queries)
    if row is None:
        return None
    runs = [row]
    for n in range(1, imports):
        log(f"[{backend}] import run {n + 1} of {imports} …")
        runs.append(run_worker(backend, 0, queries, peer_queries))
    for key in (
        "import_s", "import_cpu_s", "readers_cpu_s", "reimport_s", "reimport_cpu_s",
        "import_peak_mb",
    ):  # fmt: skip
        values = sorted(r[key] for r in runs)
        row[key] = statistics.median(values)
        row[key + "_range"] = (values[0], values[-1])
    row["imports"] = imports
    return row


def run_worker(backend: str, total: int, queries: int, peer_queries: int) -> dict | None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="memorialmiles.settings")
    env.pop("REDIS_URL", None)
    with tempfile.TemporaryDirectory() as tmp:
        env["MEMORIALMILES_DATA_DIR"] = tmp
        if backend == "postgres":
            url = postgres_url()
            if url is None:
                return None
            env["DATABASE_URL"] = url
        else:
            env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                backend,
                "--total",
                str(total),
                "--queries",
                str(queries),
                "--peer-queries",
                str(peer_queries),
            ],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    return json.loads(out.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    lines = [
        "| database | imports | import 22,800 rows: median (range) | CPU of this process "
        "| CPU of the reading processes | peak memory | reading processes (whole RSS) "
        "| re-import, unchanged (CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        low, high = r["import_s_range"]
        lines.append(
            f"| {r['backend']} | {r['imports']} | {r['import_s']:.2f} s ({low:.2f}-{high:.2f}) "
            f"| {r['import_cpu_s']:.2f} s | {r['readers_cpu_s']:.2f} s "
            f"| {r['import_peak_mb']:.0f} MB | "
            f"{r['reader_peak_mb']:.0f} MB | "
            f"{r['reimport_s']:.2f} s ({r['reimport_cpu_s']:.2f} s) |"
        )
    lines += [
        "",
        "| database | query | ours p50 / p95 | found | icontains p50 / p95 | found | p95 ratio |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        for kind in ("exact", "prefix", "typo"):
            ours, peer = f"{kind}_ours", f"{kind}_icontains"
            lines.append(
                f"| {r['backend']} | {kind} ({r['queries'][kind]} × {PASSES}) | "
                f"{r[ours + '_p50_ms']:.1f} / {r[ours + '_p95_ms']:.1f} ms | "
                f"{r[ours + '_found']:.0%} | "
                f"{r[peer + '_p50_ms']:.1f} / {r[peer + '_p95_ms']:.1f} ms | "
                f"{r[peer + '_found']:.0%} | "
                f"{r[peer + '_p95_ms'] / r[ours + '_p95_ms']:.1f}× faster |"
            )
    lines += [
        "",
        "| database | held roll (each process, after a write to the heroes): load | size |",
        "|---|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['backend']} | {r['held_load_s']:.2f} s | {r['held_mb']:.1f} MB |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="30,000 heroes, 20 queries a kind")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--worker")
    parser.add_argument("--total", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100, help="per kind of query")
    parser.add_argument(
        "--peer-queries", type=int, default=30, help="icontains queries per kind (slow ones)"
    )
    parser.add_argument("--imports", type=int, default=7, help="import runs per database")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.total, args.queries, args.peer_queries)))
        return
    if not RAW.exists():
        sys.exit(f"{RAW} not found: the benchmark needs the shared data folder beside the repo")
    total, queries = (30_000, 20) if args.quick else (args.total, args.queries)
    load_before = os.getloadavg()[0]
    core_before = machine_seconds()
    log(f"a Python loop of 10 million additions: {core_before:.2f} s")
    backends = args.backend or ["sqlite", "postgres"]
    imports = 1 if args.quick else args.imports
    rows = [
        r for b in backends if (r := run_backend(b, total, queries, args.peer_queries, imports))
    ]
    text = table(rows)
    print(text)
    if not args.quick:
        load = os.getloadavg()[0]
        core_after = machine_seconds()
        write_section(
            "honor_roll",
            f"""## Honor roll (`bench/honor_roll.py`)

Import of `odmp_police_deaths_538_raw.csv` (22,800 rows, one transaction, in process, into an
empty roll: reading, outcomes, heroes, agencies, source links, the search index and vocabulary),
the median of {imports} runs (each a fresh process and an empty database) with their range,
peak memory as the process's high-water mark (VmHWM) growth during the import, then a second
import of the same file (all 22,800 unchanged). The rows are read and parsed by two processes
forked for the import (`core.forked`), each a block of rows in turn; their CPU is apart from
the importing process's (its main thread and the writer's), and their peak is the larger's
whole resident size, most of it pages shared with the importing process. Targets: import
under 1 s, re-import under 0.5 s.

Search: the honor wall's own query (`filter_wall` + `order_heroes`: count plus the first page
of 50, best match first) at {total:,} heroes, after `VACUUM ANALYZE` on PostgreSQL (the state
autovacuum leaves a roll in within a minute of a bulk load), for {queries} queries of each
kind: *exact* (a whole surname), *prefix* (3-5 letters of a surname, and "first last"
prefixes), *typo* (a surname with one letter wrong, missing, extra or swapped), each timed once
in each of {PASSES} passes over them (p50 and p95 of all those timings). The peer is the plain
`icontains` query on the name and agency columns ({args.peer_queries} queries a kind, one
pass), which finds no typo. The count and first 100 ids of a search come from the roll each
process holds (`honors.held_roll`), read again by the first search after a write to the heroes:
its load time (median of 3) and size are the last table. Targets: exact and prefix p95 under 5
ms, typo p95 under 20 ms. Machine: 2 cores shared with other sessions' tests; load average
{load_before:.1f} when the run began, {load:.1f} when it ended. A plain Python loop of 10
million additions (best of 3: the core's own speed, since the targets are absolute) took
{core_before:.2f} s before the run and {core_after:.2f} s after.

{text}
""",
        )


if __name__ == "__main__":
    main()
