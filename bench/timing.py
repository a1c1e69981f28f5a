"""Benchmark timing through the database: a chip-file import and results, SQLite and PostgreSQL.

Usage: .venv/bin/python bench/timing.py [--quick] [--pg postgres://...] [--no-pg]

- import: a 1,000,000-line plain chip CSV (``bib,time,kind``) into an event through
  ``memorialmiles.timing.imports.import_chip_file`` (sha256, parse, fold, store raw records
  and rejected lines in one transaction);
- results: 50,000 entrants from the stored reads through ``services.compute_event`` (one SQL
  query for the reads as columns, the entries, then the pure core).
The peer is the same work without a database (``chipfiles.parse`` + ``fold``; ``compute`` on
in-memory columns), so the ratio is what the database costs. Each backend runs in a fresh
subprocess; memory is that process's peak RSS (ru_maxrss), which counts the driver and the
database client alike. PostgreSQL runs in a scratch database created and dropped here.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from _markdown import write_section  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"
SCRATCH_DB = "mm_bench_timing"
HISTORY = (
    "Before the database side was reworked (commit 0e92d85, same machine, same sizes): import "
    "21.26 s SQLite / 26.69 s PostgreSQL, store 1,000,000 unfolded 23.99 / 55.61 s, results "
    "5.81 / 6.87 s. What changed: COPY FROM STDIN on PostgreSQL (`core.bulk.copy_rows`; "
    "SQLite gets one executemany of plain tuples), ids from the database instead of a "
    "table lock, the reads fetched in one aggregate query as packed columns (`int8send` + "
    "`string_agg` on PostgreSQL, `group_concat` on SQLite) that numpy unpacks, fewer "
    "raw-record indexes (none on event, device or author alone; a SQLite-only covering index "
    "for the results read, which on PostgreSQL made COPY 2.5x slower), entries through "
    "`values_list`, and results cached by a cheap version key (highest ids and a digest of "
    "the runners' columns) with the latest results of a few events kept in-process. The "
    "figures move by tens of percent with the load other test suites put on this 2-CPU "
    "machine; the peer columns are measured in the same process at the same time.\n"
)


def write_chip_file(path: Path, bibs, t, kind) -> None:
    from results import ZONE  # bench/results.py: the same synthetic race

    stamps = [datetime.fromtimestamp(x, ZONE).isoformat(timespec="milliseconds") for x in t]
    kinds = ["start" if k else "finish" for k in kind.tolist()]
    with open(path, "w", encoding="utf-8") as f:
        f.write("bib,time,kind\n")
        f.writelines(f"{b},{s},{k}\n" for b, s, k in zip(bibs, stamps, kinds, strict=True))


def child(n_entries: int, n_reads: int, chip_path: str) -> dict:
    """Runs inside the subprocess, with DATABASE_URL naming the database to use."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorialmiles.settings")
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection, transaction

    from memorialmiles.core.bulk import insert_rows, reserve_ids
    from memorialmiles.events.models import Event, Registration
    from memorialmiles.results import ReadTable, Start, compute, fold
    from memorialmiles.results.chipfiles import parse
    from memorialmiles.timing.imports import import_chip_file, store_reads
    from memorialmiles.timing.models import ChipImport, RawRecord
    from memorialmiles.timing.services import compute_event, results_for
    from results import DAY, GUN, ZONE, make_race

    call_command("migrate", verbosity=0)
    entries, bibs, t, kind, _ = make_race(n_entries, n_reads)
    event = Event.objects.create(
        title="Bench mile", starts_at=datetime.fromtimestamp(GUN, UTC), time_zone=ZONE.key,
        status="live",
    )  # fmt: skip
    with transaction.atomic():
        ids = reserve_ids(Registration, len(entries))
        insert_rows(
        Registration,
        [
            {"id": i, "event_id": event.pk, "first_name": e.first_name, "last_name": e.last_name,
             "sex": e.sex, "age": e.age, "team": e.agency or "", "bib": int(e.bib),
             "token": f"bench-{event.pk}-{e.bib}", "person_key": f"{event.pk}|{e.bib}",
             "status": "registered", "role": "runner", "source": "import"}
            for i, e in zip(ids, entries, strict=True)
        ],
        )  # fmt: skip

    # Results must read 1,000,000 raw records: store them unfolded on the race itself (a
    # chip import of the same file folds them to a fifth), and import the file into another.
    reads = parse(chip_path, "csv", event_date=DAY, tz=ZONE).reads
    t0 = time.perf_counter()
    with transaction.atomic():
        dump = ChipImport.objects.create(event=event, file_name="raw", sha256="-", format="csv")
        store_reads(event.pk, dump.pk, reads)
    s_store = time.perf_counter() - t0
    del reads
    other = Event.objects.create(title="Import mile", starts_at=event.starts_at,
                                 time_zone=ZONE.key, status="live")  # fmt: skip
    t0 = time.perf_counter()
    outcome = import_chip_file(other, chip_path, format="csv")
    s_import = time.perf_counter() - t0
    ci = outcome.chip_import
    t0 = time.perf_counter()
    again = import_chip_file(other, chip_path, format="csv")
    s_again = time.perf_counter() - t0
    assert not again.created

    s_results = min(_timed(lambda: compute_event(event)) for _ in range(3))
    out = compute_event(event)
    results_for(event)  # fills the caches
    s_poll = min(_timed(lambda: results_for(event)) for _ in range(5))
    finished = sum(1 for r in out.results if r.place is not None)

    # The peer: the same work with no database.
    t0 = time.perf_counter()
    report = fold(parse(chip_path, "csv", event_date=DAY, tz=ZONE), GUN, 5.0)
    s_peer_import = time.perf_counter() - t0
    everything = parse(chip_path, "csv", event_date=DAY, tz=ZONE).reads  # unfolded, as stored
    table = ReadTable.from_columns(
        [r[0] for r in everything],
        np.array([round(r[1] * 1e6) for r in everything], dtype=np.int64),
        np.array([r[5] == "start" for r in everything], dtype=bool),
    )
    del everything
    s_peer_results = min(_timed(lambda: compute(entries, table, [Start(GUN)])) for _ in range(3))
    stored = RawRecord.objects.filter(event=other).count()
    assert stored == ci.reads_stored == report.reads_stored
    raw = RawRecord.objects.filter(event=event).count()
    return {
        "vendor": connection.vendor,
        "lines": ci.lines_read,
        "stored": stored,
        "folded": ci.repeats_folded,
        "before": ci.before_start,
        "rejected": ci.rejected,
        "finished": finished,
        "raw": raw,
        "store_s": s_store,
        "import_s": s_import,
        "again_s": s_again,
        "results_s": s_results,
        "poll_s": s_poll,
        "peer_import_s": s_peer_import,
        "peer_results_s": s_peer_results,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_backend(url: str, args, chip: Path, data_dir: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "MEMORIALMILES_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, __file__, "--child", str(chip), "--entries", str(args.entries),
           "--reads", str(args.reads)]  # fmt: skip
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{url}: child failed\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pg_scratch(url: str, create: bool) -> str | None:
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
            if create:
                conn.execute(f"CREATE DATABASE {SCRATCH_DB}")
    except psycopg.Error as exc:
        print(f"PostgreSQL skipped: {exc}", flush=True)
        return None
    return url.rsplit("/", 1)[0] + "/" + SCRATCH_DB


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG))
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--child")
    ap.add_argument("--entries", type=int)
    ap.add_argument("--reads", type=int)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.entries, args.reads, args.child)))
        return 0
    args.entries, args.reads = (5_000, 100_000) if args.quick else (50_000, 1_000_000)
    from results import make_race

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"writing a {args.reads:,}-line chip file ...", flush=True)
        _, bibs, t, kind, _ = make_race(args.entries, args.reads)
        chip = folder / "reads.csv"
        write_chip_file(chip, bibs, t, kind)
        print("SQLite ...", flush=True)
        rows.append(run_backend(f"sqlite:///{folder / 'bench.sqlite3'}", args, chip, folder))
        if not args.no_pg:
            url = pg_scratch(args.pg, create=True)
            if url:
                print("PostgreSQL ...", flush=True)
                try:
                    rows.append(run_backend(url, args, chip, folder))
                finally:
                    pg_scratch(args.pg, create=False)
    table = render(rows, args)
    print(table)
    write_section(
        "timing",
        "## Timing through the database (`bench/timing.py`)\n\n"
        "Targets: the import of a 1,000,000-line chip file under 20 s; results for 50,000 "
        f"entrants from 1,000,000 reads under 3 s; on SQLite and on PostgreSQL.\n\n{table}\n"
        + HISTORY,
    )
    return 0


def render(rows, args) -> str:
    head = [
        "| database | what | ours (s) | no-DB peer (s) | DB cost | target | peak RSS MiB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    body = []
    for r in rows:
        body.append(
            f"| {r['vendor']} | import {r['lines']:,}-line chip CSV ({r['stored']:,} stored, "
            f"{r['folded']:,} folded, {r['before']:,} before start) | {r['import_s']:.2f} | "
            f"{r['peer_import_s']:.2f} | {r['import_s'] / r['peer_import_s']:.1f}x | < 20 s | "
            f"{r['peak_mib']:.0f} |"
        )
        body.append(
            f"| {r['vendor']} | same file again (adds nothing) | {r['again_s']:.2f} | - | - | - "
            "| - |"
        )
        body.append(
            f"| {r['vendor']} | store {r['raw']:,} raw records unfolded | {r['store_s']:.2f} "
            "| - | - | - | - |"
        )
        body.append(
            f"| {r['vendor']} | results, {args.entries:,} entrants from {r['raw']:,} raw "
            f"reads ({r['finished']:,} finished) | {r['results_s']:.2f} | "
            f"{r['peer_results_s']:.2f} | {r['results_s'] / r['peer_results_s']:.1f}x | < 3 s "
            "| - |"
        )
        body.append(
            f"| {r['vendor']} | results poll, nothing changed (`results_for`, cached) | "
            f"{r['poll_s']:.2f} | - | - | - | - |"
        )
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    note = (
        f"Run {when} on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
        f"{' (--quick sizes)' if args.quick else ''}. Import: one run (a second run of the "
        "same bytes is a no-op by sha256); results: best of 3, uncached (`compute_event`); "
        "poll: best of 5 (checks the version key: max ids and a digest of the runners' columns). "
        "Peer: the same pure-core work with no database. Memory: peak RSS of the fresh "
        "process per backend (ru_maxrss), including the 50,000 registrations it inserts."
    )
    return "\n".join(head + body) + "\n\n" + note + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
