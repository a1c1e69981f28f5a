"""GPS reading benchmark: memorialmiles.gps against gpxpy, with a bare lxml parse as the limit.

    .venv/bin/python bench/gps.py [--quick]

Each measurement runs in a fresh subprocess so that peak memory (VmHWM, which sees the C
allocations of lxml and numpy as well as Python objects: fair to both sides) belongs to one
job; "net" subtracts a subprocess that only imports the same modules. Times are the best of
three runs inside that subprocess. Distance errors are against geographiclib's geodesic (Karney)
summed over the same points, segments not joined. Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "gps"
sys.path.insert(0, str(ROOT / "bench"))
from _markdown import write_section  # noqa: E402

JOB = r"""
import json, sys, time
mode, path = sys.argv[1], sys.argv[2]
import numpy, lxml.etree, gpxpy, fitdecode
import memorialmiles.gps as gps

def ours():
    # The same work as the peer's: parse, 2D distance, elevation gain and loss.
    track = gps.read(path)
    climb = track.elevation_gain_loss()
    return track.distance_m(), climb and climb[0]

def metrics():
    m = gps.read(path).metrics()  # everything: also moving time, speeds, bounds, 3D distance
    return m["distance_m"], m["elevation_gain_m"]

def peer():
    with open(path) as fh:
        g = gpxpy.parse(fh)
    return g.length_2d(), g.get_uphill_downhill().uphill

class Null:
    def close(self):
        return None

def bare():
    parser = lxml.etree.XMLParser(target=Null(), resolve_entities=False, no_network=True)
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            parser.feed(chunk)
    parser.close()
    return None, None

def fit():
    n = 0
    with fitdecode.FitReader(path) as reader:
        for frame in reader:
            n += 1
    return None, None

def nothing():
    return None, None

fn = {"ours": ours, "metrics": metrics, "gpxpy": peer, "bare": bare, "fitdecode": fit,
      "baseline": nothing}[mode]
best = cpu = float("inf")
result = None
for _ in range(int(sys.argv[3])):
    t, c = time.perf_counter(), time.process_time()
    result = fn()
    best = min(best, time.perf_counter() - t)
    cpu = min(cpu, time.process_time() - c)
# VmHWM (peak RSS of this address space) starts afresh at exec; ru_maxrss would carry the
# parent's peak over through fork.
with open("/proc/self/status") as fh:
    rss = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024
print(json.dumps({"s": best, "cpu": cpu, "mb": rss, "distance": result[0], "gain": result[1]}))
"""


REPEAT = {"baseline": 1, "gpxpy": 3}  # gpxpy takes seconds a run; the rest: best of --repeat


ARGS = argparse.Namespace(repeat=15)


def job(mode: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", JOB, mode, str(path), str(REPEAT.get(mode, ARGS.repeat))],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


def generate(path: Path, n: int) -> None:
    """A run like a watch writes it: 1 Hz, elevation, time and a heart-rate extension."""
    rng = np.random.default_rng(3)
    lat = 34.73 + np.cumsum(rng.normal(1.5e-5, 1e-5, n))
    lon = -86.58 + np.cumsum(rng.normal(1.5e-5, 1e-5, n))
    ele = 190 + np.cumsum(rng.normal(0, 0.3, n))
    t0 = datetime(2025, 5, 15, 12, 0, tzinfo=UTC).timestamp()
    with open(path, "w") as fh:
        fh.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
            'xmlns="http://www.topografix.com/GPX/1/1" '
            'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
            "<trk><name>Generated</name><trkseg>\n"
        )
        for i in range(n):
            stamp = datetime.fromtimestamp(t0 + i, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            fh.write(
                f'<trkpt lat="{lat[i]:.7f}" lon="{lon[i]:.7f}"><ele>{ele[i]:.1f}</ele>'
                f"<time>{stamp}</time><extensions><gpxtpx:TrackPointExtension>"
                f"<gpxtpx:hr>{140 + i % 20}</gpxtpx:hr></gpxtpx:TrackPointExtension>"
                "</extensions></trkpt>\n"
            )
        fh.write("</trkseg></trk></gpx>\n")


def reference(path: Path) -> float:
    from geographiclib.geodesic import Geodesic

    sys.path.insert(0, str(ROOT / "src"))
    import memorialmiles.gps as gps

    t = gps.read(path).clean()
    inv = Geodesic.WGS84.Inverse
    lat, lon, seg = t.lat.tolist(), t.lon.tolist(), t.segment.tolist()
    return sum(
        inv(lat[i], lon[i], lat[i + 1], lon[i + 1], Geodesic.DISTANCE)["s12"]
        for i in range(len(lat) - 1)
        if seg[i] == seg[i + 1]
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="20,000 points instead of 200,000")
    ap.add_argument("--repeat", type=int, default=15, help="runs of each fast job (best kept)")
    args = ap.parse_args()
    ARGS.repeat = args.repeat
    n = 20_000 if args.quick else 200_000
    rows, fit_rows = [], []
    start_load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        gen = Path(tmp) / f"generated-{n}.gpx"
        print(f"generating a {n:,}-point GPX ...", flush=True)
        generate(gen, n)
        base = job("baseline", gen)["mb"]
        print(f"baseline interpreter with imports: {base:.0f} MB", flush=True)
        files = [gen] + [
            DATA / name for name in ("gpxpy_cerknicko-jezero.gpx", "tcxparser_test.tcx")
        ]
        for path in files:
            if not path.exists():
                print(f"skipping {path.name}: not found")
                continue
            is_gpx = path.suffix == ".gpx"
            print(f"{path.name}: ours ...", flush=True)
            ours = job("ours", path)
            ours["metrics_s"] = job("metrics", path)["s"]
            peer = job("gpxpy", path) if is_gpx else None
            if peer:
                print(f"{path.name}: gpxpy ...", flush=True)
            print(f"{path.name}: bare lxml parse, geographiclib reference ...", flush=True)
            bare = job("bare", path)
            ref = reference(path)
            rows.append((path, ours, peer, bare, ref))
        fit = DATA / "fitparse_activity-small-fenix2-run.fit"
        if fit.exists():
            print(f"{fit.name}: fitdecode alone, then ours ...", flush=True)
            fit_rows.append((fit, job("fitdecode", fit), job("ours", fit), reference(fit)))
    load = (start_load, os.getloadavg())
    lines = report(rows, fit_rows, base, n, load)
    print("\n".join(lines))
    write_section("gps", "\n".join(["## GPS reading (`bench/gps.py`)", "", *lines]))
    print("wrote docs/benchmarks.md")


def _flag(n: int) -> str:
    return "" if n == 200_000 else " --quick"


def _err(value: float | None, ref: float) -> str:
    return "-" if value is None else f"{abs(value - ref) / ref * 100:.7f}%"


def report(rows, fit_rows, base: float, n: int, load) -> list[str]:
    (a1, a5, _), (b1, b5, _) = load
    out = [
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `bench/gps.py{_flag(n)}` on "
        f"{os.cpu_count()} CPUs shared with other work (load average {a1:.1f} / {a5:.1f} at the "
        f"start, {b1:.1f} / {b5:.1f} at the end, so times are best of several runs). "
        "Work timed, reading the file from disk on both sides: parse + 2D distance + elevation "
        "gain and loss (ours: `t = read(f)`, `t.distance_m()`, `t.elevation_gain_loss()`, with "
        "the jump check and the same noise filter as `metrics()`; gpxpy: `parse`, `length_2d`, "
        "`get_uphill_downhill`); `metrics()` is our full set of figures (moving time, speeds, "
        "bounds, 3D distance, on top). Bare lxml: a full libxml2 parse of the same file that "
        f"builds nothing. Best of {ARGS.repeat} (gpxpy: 3), wall clock; the ratios by CPU time "
        "(which a busy machine disturbs less) in brackets. Memory: peak RSS of a fresh "
        "subprocess (VmHWM); "
        f"net = minus {base:.0f} MB for the interpreter with the same imports.",
        "",
        "| file | points | ours s | ours metrics() s | gpxpy s | speed-up (CPU) | bare lxml s "
        "| ours / bare (CPU) | ours MB (net) | gpxpy MB (net) | memory ratio "
        "| ours distance error | gpxpy distance error |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for path, ours, peer, bare, ref in rows:
        pts = f"{n:,}" if path.name.startswith("generated") else "real"
        peer_s = speed = peer_mb = mem = "-"
        if peer:
            peer_s = f"{peer['s']:.3f}"
            speed = f"{peer['s'] / ours['s']:.1f}x ({peer['cpu'] / ours['cpu']:.1f}x)"
            peer_mb = f"{peer['mb']:.0f} ({peer['mb'] - base:.0f})"
            mem = f"{(ours['mb'] - base) / max(peer['mb'] - base, 1e-9):.2f}"
        cells = [
            path.name,
            pts,
            f"{ours['s']:.3f}",
            f"{ours['metrics_s']:.3f}",
            peer_s,
            speed,
            f"{bare['s']:.3f}",
            f"{ours['s'] / bare['s']:.1f}x ({ours['cpu'] / max(bare['cpu'], 1e-9):.1f}x)",
            f"{ours['mb']:.0f} ({ours['mb'] - base:.0f})",
            peer_mb,
            mem,
            _err(ours["distance"], ref),
            _err(peer["distance"] if peer else None, ref),
        ]
        out.append("| " + " | ".join(cells) + " |")
    for path, ours, peer, bare, _ in rows:
        if peer and path.name.startswith("generated"):
            speed = min(peer["s"] / ours["s"], peer["cpu"] / ours["cpu"])
            limit = max(ours["s"] / bare["s"], ours["cpu"] / bare["cpu"])
            out += [
                "",
                f"To quote for {path.name} (the less flattering of wall clock and CPU time, as "
                f"load lands unevenly on long and short runs): {speed:.1f}x faster than gpxpy, "
                f"{limit:.1f}x the bare lxml parse, "
                f"{(ours['mb'] - base) / max(peer['mb'] - base, 1e-9):.2f} of gpxpy's memory.",
            ]
    for path, fd, ours, ref in fit_rows:
        out += [
            "",
            "| FIT file | fitdecode alone s | ours (fitdecode + columns + distance + gain) s "
            "| on top | ours MB | distance error |",
            "|---|---|---|---|---|---|",
            f"| {path.name} | {fd['s']:.3f} | {ours['s']:.3f} | {ours['s'] - fd['s']:+.3f} "
            f"| {ours['mb']:.0f} | {_err(ours['distance'], ref)} |",
        ]
    return out


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"done in {time.perf_counter() - t0:.0f} s")
