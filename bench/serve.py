"""The web tier under a crowd: `memorialmiles serve --workers 2` against wrk on one machine.

Starts the server exactly as a deployment does (one command, one port) on the demo data, runs
wrk (Debian's package `wrk`: installed here with apt-get when missing and we are root, else
the message says how) with 32 connections on the pages a crowd asks for, and records requests
per second and the 99th-percentile latency in docs/benchmarks.md, beside the same code under a
plain WSGI server (granian's WSGI interface, no router, same processes and threads) and under
the old `serve` (uvicorn running Django's ASGI handler).

    python bench/serve.py                 # SQLite and local memory, in a temporary folder
    DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/serve.py
    python bench/serve.py --seconds 5 --only serve

The machine's load (`uptime`) is written beside the figures: other work on the same cores
lowers them, so compare runs made at a similar load.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _markdown import write_section  # noqa: E402

BIN = Path(sys.executable).parent
CONNECTIONS = 32
# The targets for `serve --workers 2` on 2 cores (requests a second; p99 in ms).
TARGETS = {"results": 750, "event": 400, "wall": 250}
P99_MS = 100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: installing Debian's package (apt-get install wrk)...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
        found = shutil.which("wrk")
    if not found:
        sys.exit(
            "bench/serve.py needs wrk, the HTTP load generator: `sudo apt-get install wrk` "
            "(Debian, Ubuntu) or `brew install wrk` (macOS), then run again."
        )
    return found


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def prepare(env: dict) -> None:
    """Migrate and load the demo data (idempotent), as `make demo` does."""
    manage = [sys.executable, "-m", "memorialmiles"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)


def pick_event(env: dict) -> int:
    """The demo run with the most registrations: its results are the live ones to poll."""
    code = (
        "import django; django.setup();"
        "from django.db.models import Count; from memorialmiles.events.models import Event;"
        "print(Event.objects.filter(status__in=['scheduled','live','finished'],"
        "visibility='public').annotate(n=Count('registrations')).order_by('-n','pk')[0].pk)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip().splitlines()[-1])


SERVERS = {
    "serve": lambda port, threads: [
        str(BIN / "memorialmiles"),
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
        "--threads",
        str(threads),
        "--no-collectstatic",
    ],
    "plain WSGI": lambda port, threads: [
        str(BIN / "granian"),
        "--interface",
        "wsgi",
        "--workers",
        "2",
        "--blocking-threads",
        str(threads),
        "--port",
        str(port),
        "--log-level",
        "warning",
        "memorialmiles.wsgi:application",
    ],
    "old serve (uvicorn, Django ASGI)": lambda port, threads: [
        sys.executable,
        "-m",
        "uvicorn",
        "memorialmiles.asgi:application",
        "--port",
        str(port),
        "--workers",
        "2",
        "--log-level",
        "warning",
        "--lifespan",
        "off",
    ],
}


def start(command: list[str], env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                stop(server)
                sys.exit(f"server did not start: {' '.join(command)}")
            time.sleep(0.3)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, 9)
        server.wait()


def wrk(binary: str, url: str, seconds: int) -> tuple[float, float, int]:
    """(requests a second, p99 in ms, answers that were errors or timed out) for 32
    connections on 2 threads."""
    out = subprocess.run(
        [binary, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    found = re.findall(r"(?:timeout |Non-2xx or 3xx responses: )(\d+)", out)
    errors = sum(int(n) for n in found)
    return rate, p99, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--threads", type=int, default=8, help="threads per process")
    parser.add_argument("--only", choices=list(SERVERS), action="append")
    parser.add_argument(
        "--data",
        help="a data folder prepared by an earlier run (kept; skips loading the demo again)",
    )
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    args = parser.parse_args()
    binary = ensure_wrk()

    data = Path(args.data) if args.data else Path(tempfile.mkdtemp(prefix="mm-bench-serve-"))
    env = dict(os.environ, MEMORIALMILES_DATA_DIR=str(data), MEMORIALMILES_DEMO="1")
    env.setdefault("DJANGO_SETTINGS_MODULE", "memorialmiles.settings")
    engine = "PostgreSQL + Redis" if env.get("DATABASE_URL") else "SQLite + local memory"
    if env.get("DATABASE_URL") and not env.get("REDIS_URL"):
        engine = "PostgreSQL + local memory"
    ready = data / ".bench-ready"
    if not (args.data and ready.exists()):
        print(f"preparing the demo data ({engine})...", flush=True)
        prepare(env)
        ready.touch()
    event = pick_event(env)
    pages = {
        "results": f"/events/{event}/results.json",
        "event": f"/events/{event}/",
        "wall": "/heroes/",
        "healthz": "/healthz",
    }
    load_before = load()
    figures: dict[str, dict[str, tuple[float, float]]] = {}
    for name in args.only or list(SERVERS):
        port = free_port()
        server = start(SERVERS[name](port, args.threads), env, port)
        try:
            figures[name] = {}
            for page, path in pages.items():
                url = f"http://127.0.0.1:{port}{path}"
                wrk(binary, url, 2)  # warm: each process fills its cache (or Redis) once
                figures[name][page] = wrk(binary, url, args.seconds)
                rate, p99, errors = figures[name][page]
                print(
                    f"{name:34} {path:28} {rate:8.0f} req/s  p99 {p99:6.1f} ms  errors {errors}",
                    flush=True,
                )
        finally:
            stop(server)
    load_after = load()
    if not args.data:
        shutil.rmtree(data, ignore_errors=True)
    body = report(figures, pages, engine, load_before, load_after, args.seconds)
    print(body)
    if not args.no_write:
        write_section(f"serve-{'pg' if env.get('DATABASE_URL') else 'sqlite'}", body)


def cell(rate: float, p99: float, errors: int) -> str:
    failed = f", {errors:,} errors or timeouts" if errors else ""
    return f"{rate:,.0f} ({p99:.1f}{failed})"


def report(figures, pages, engine, load_before, load_after, seconds) -> str:
    names = list(figures)
    busy = max(float(load_before.split(",")[0]), float(load_after.split(",")[0]))
    lines = [
        f"## Web tier (`bench/serve.py`): `memorialmiles serve --workers 2`, {engine}",
        "",
        f"`python bench/serve.py` on {os.cpu_count()} cores ({platform.machine()}), wrk with "
        f"{CONNECTIONS} connections for {seconds} s per page on the same machine, demo data, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average {load_before} "
        f"before and {load_after} after (other work on the machine lowers every figure: with "
        f"a load of {busy:.0f} on {os.cpu_count()} cores, the server and wrk had about "
        f"{min(1.0, (os.cpu_count() or 1) / max(busy, 1)):.0%} of the machine).",
        "",
        "| page | " + " | ".join(f"{n} req/s (p99 ms)" for n in names) + " | target |",
        "|---|" + "---:|" * (len(names) + 1),
    ]
    for page, path in pages.items():
        cells = [cell(*figures[n][page]) for n in names]
        target = f"≥ {TARGETS[page]}, p99 < {P99_MS}" if page in TARGETS else ""
        lines.append(f"| `{path}` | " + " | ".join(cells) + f" | {target} |")
    if "serve" in figures:
        met = [
            page
            for page, goal in TARGETS.items()
            if figures["serve"][page][0] >= goal
            and figures["serve"][page][1] < P99_MS
            and not figures["serve"][page][2]
        ]
        lines += ["", f"`serve` meets {len(met)} of {len(TARGETS)} targets ({', '.join(met)})."]
        if "plain WSGI" in figures:
            ratio = figures["serve"]["results"][0] / figures["plain WSGI"]["results"][0]
            lines.append(f"serve / plain WSGI on results.json: {ratio:.2f}.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
