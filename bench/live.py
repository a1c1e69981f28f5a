"""Benchmark the live stream: two app servers behind HAProxy, a thousand watchers, a position
a second.

Usage: .venv/bin/python bench/live.py [--watchers 1000] [--seconds 30] [--redis URL] [--pg URL]

What runs: two app servers, each `memorialmiles serve --workers 1` (granian and
core/server.py's router, the stream kept by live/door.py; `--server uvicorn` for Django's own
ASGI handler instead), each with its own event loop and its own one Redis subscription;
HAProxy from Debian in front of them (installed with apt-get when missing; `option
http-no-delay`, as docs/deploy.md says), a scratch database (SQLite in WAL mode in the data
folder, or PostgreSQL with --pg) and Redis for the fan-out. The watchers are N connections
from this process: bare asyncio protocols by default (`--client aiohttp` for aiohttp
streams, which cost the load generator several times more CPU on the same two cores); the
CPU this process used is reported beside the servers'. The poster sends one position a
second, like a phone, through the proxy too. Every watcher must receive every position;
delivery is the time from the POST leaving the poster to the event arriving at a watcher.
Memory per idle watcher is the growth of the two app servers' resident memory with all
watchers connected and idle, divided by their number (HAProxy's own is given apart).

The peer is what the site did before: every watcher polling the results JSON every 5 s. Its
cost is measured here as the requests a second the same two servers answer for live.json,
beside the 200 requests a second that 1,000 pollers would need, and its delay is 2.5 s on
average, 5 s at worst, against the stream's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from _markdown import write_section  # noqa: E402

BIN = Path(sys.executable).parent
POLL_EVERY_S = 5.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> list[int]:
    """The process and its descendants (granian's supervisor runs its worker as a child)."""
    out, todo = [], [pid]
    while todo:
        pid = todo.pop()
        out.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            todo.extend(int(c) for c in task.read_text().split())
    return out


def rss_kb(pid: int) -> int:
    """Resident memory of the process and its children."""
    total = 0
    for each in tree(pid):
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def cpu_s(pid: int) -> float:
    """User + system CPU seconds the process and its children have used."""
    total = 0
    for each in tree(pid):
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def ensure_haproxy() -> str:
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if found:
        return found
    print("haproxy missing: apt-get install -y haproxy", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "haproxy"], check=True)
    return shutil.which("haproxy") or "/usr/sbin/haproxy"


def setup_database(env: dict) -> tuple[int, str]:
    """Migrate the scratch database and make a live run with a course and a tracker link."""
    code = """
import datetime as dt, json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from memorialmiles.courses.models import Course
from memorialmiles.events.models import Event
from memorialmiles.live.models import Tracker
line = {"type": "LineString", "coordinates": [[-86.586, 34.73 + 0.0014507 * i] for i in range(11)]}
course = Course.objects.create(name="Bench mile", geometry=line, distance_m=1609.3)
run = Event.objects.create(title="Bench live mile", status="live", course=course,
    starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1), time_zone="America/Chicago")
print(json.dumps({"event": run.pk, "token": Tracker.create(run)[1]}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return data["event"], data["token"]


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))


def server_command(kind: str, port: int) -> list[str]:
    if kind == "serve":  # the production shape: granian and core/server.py's router
        return [
            str(BIN / "memorialmiles"),
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--no-collectstatic",
        ]
    return [
        str(BIN / "uvicorn"),
        "memorialmiles.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--timeout-keep-alive",
        "30",
    ]


def start_servers(env: dict, kind: str, n: int = 2) -> list[tuple[subprocess.Popen, int]]:
    servers = []
    for _ in range(n):
        port = free_port()
        proc = subprocess.Popen(server_command(kind, port), env=env, preexec_fn=raise_fd_limit)
        servers.append((proc, port))
    return servers


def start_proxy(haproxy: str, ports: list[int], workdir: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    # each proxied stream holds two descriptors (client and server side)
    maxconn = resource.getrlimit(resource.RLIMIT_NOFILE)[1] // 2 - 100
    backends = "\n".join(
        f"    server app{i} 127.0.0.1:{p} maxconn {maxconn}" for i, p in enumerate(ports)
    )
    cfg = workdir / "haproxy.cfg"
    cfg.write_text(f"""global
    maxconn {maxconn}
defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    option http-server-close
    # send each event at once: without it HAProxy passes MSG_MORE while a chunked response
    # goes on, and the kernel holds the bytes up to 200 ms for more (measured: +200 ms)
    option http-no-delay
frontend live
    bind 127.0.0.1:{port}
    default_backend apps
backend apps
    balance roundrobin
{backends}
""")
    proc = subprocess.Popen([haproxy, "-db", "-f", str(cfg)])
    return proc, port


def wait_up(port: int, path: str = "/healthz", seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nothing answers on port {port}")


class Watchers:
    """The aiohttp client: a task per watcher reading its stream line by line (what a Python
    program would write; it costs the load generator several times the raw client's CPU)."""

    def __init__(self) -> None:
        self.ready = 0
        self.got: list[dict[str, float]] = []  # per watcher: fix time -> arrival
        self.errors = 0

    async def watch(self, session, url: str, i: int, ready: asyncio.Event, total: int) -> None:
        mine: dict[str, float] = {}
        self.got.append(mine)
        try:
            async with session.get(url, timeout=None) as response:
                event = None
                async for raw in response.content:
                    line = raw.decode().rstrip("\n")
                    if line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: ") and event == "position":
                        at = line.index('"t":"') + 5
                        mine[line[at : line.index('"', at)]] = time.monotonic()
                    elif line.startswith("data: ") and event == "results":
                        self.ready += 1
                        if self.ready == total:
                            ready.set()
        except (asyncio.CancelledError, GeneratorExit):
            raise
        except Exception:
            self.errors += 1


class RawWatcher(asyncio.Protocol):
    """One watcher as a bare asyncio protocol: a GET written once, then each arriving block of
    bytes searched for position events; no HTTP client, no task, no line splitting. The
    chunked framing between events is skipped over (events are split on the blank line)."""

    def __init__(self, owner: RawWatchers) -> None:
        self.owner = owner
        self.mine: dict[str, float] = {}
        self.buffer = b""
        self.opened = False
        owner.got.append(self.mine)

    def connection_made(self, transport) -> None:
        transport.write(self.owner.request)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buffer = self.buffer + data
        end = buffer.rfind(b"\n\n")
        if end < 0:
            self.buffer = buffer
            return
        self.buffer = buffer[end + 2 :]
        for block in buffer[:end].split(b"\n\n"):
            if b"event: position" in block:
                at = block.index(b'"t":"') + 5
                self.mine[block[at : block.index(b'"', at)].decode()] = now
            elif not self.opened and b"event: results" in block:
                self.opened = True
                self.owner.opened()

    def connection_lost(self, exc) -> None:
        if not self.owner.closing:
            self.owner.errors += 1


class RawWatchers:
    def __init__(self, host: str, port: int, path: str, total: int) -> None:
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n"
        ).encode()
        self.host, self.port, self.total = host, port, total
        self.ready = 0
        self.errors = 0
        self.closing = False
        self.got: list[dict[str, float]] = []
        self.transports: list = []
        self.all_ready = asyncio.Event()

    def opened(self) -> None:
        self.ready += 1
        if self.ready == self.total:
            self.all_ready.set()

    async def connect(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            transport, _ = await loop.create_connection(
                lambda: RawWatcher(self), self.host, self.port
            )
            self.transports.append(transport)
        except OSError:
            self.errors += 1

    def close(self) -> None:
        self.closing = True
        for transport in self.transports:
            transport.close()


async def poll_rate(session, url: str, seconds: float = 8.0, concurrency: int = 32) -> float:
    """Requests a second the servers answer for the polling fallback (the peer)."""
    done = 0
    stop = time.monotonic() + seconds

    async def loop() -> None:
        nonlocal done
        while time.monotonic() < stop:
            async with session.get(url) as r:
                await r.read()
                done += r.status == 200

    await asyncio.gather(*(loop() for _ in range(concurrency)))
    return done / seconds


def own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run_load(
    proxy: int, event_id: int, token: str, n: int, seconds: int, servers, client: str
) -> dict:
    import aiohttp

    base = f"http://127.0.0.1:{proxy}"
    path = f"/events/{event_id}/live/stream"
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        peer_rps = await poll_rate(session, f"{base}/events/{event_id}/live.json")
        before = sum(rss_kb(p.pid) for p, _ in servers)
        tasks = []
        t0 = time.monotonic()
        if client == "raw":
            watchers = RawWatchers("127.0.0.1", proxy, path, n)
            ready = watchers.all_ready
            for i in range(n):
                tasks.append(asyncio.create_task(watchers.connect()))
                if i % 50 == 49:
                    await asyncio.sleep(0.05)
        else:
            watchers = Watchers()
            ready = asyncio.Event()
            for i in range(n):
                tasks.append(asyncio.create_task(watchers.watch(session, base + path, i, ready, n)))
                if i % 50 == 49:
                    await asyncio.sleep(0.05)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ready.wait(), 180)
        connect_s = time.monotonic() - t0
        await asyncio.sleep(3)  # idle: every watcher connected, nothing sent
        idle = sum(rss_kb(p.pid) for p, _ in servers)
        cpu_before = sum(cpu_s(p.pid) for p, _ in servers)
        own_before = own_cpu_s()
        sent: dict[str, float] = {}
        posts: list[float] = []
        start = datetime.now(UTC)
        headers = {"Authorization": f"Bearer {token}"}
        for seq in range(1, seconds + 1):
            at = start + timedelta(seconds=seq)
            t = at.isoformat().replace("+00:00", "Z")
            fix = {
                "seq": seq,
                "time": t,
                "lat": 34.73 + 0.00003 * seq,
                "lon": -86.586,
                "accuracy_m": 5,
            }
            began = time.monotonic()
            sent[t.replace(".000000", "")] = began
            async with session.post(
                f"{base}/api/v1/live/events/{event_id}/positions",
                json={"positions": [fix]},
                headers=headers,
            ) as r:
                body = await r.json()
                assert r.status == 200 and body["verdicts"]["kept"] == 1, body
            posts.append(time.monotonic() - began)
            await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - began)))
        await asyncio.sleep(3)
        cpu_used = sum(cpu_s(p.pid) for p, _ in servers) - cpu_before
        own_used = own_cpu_s() - own_before
        busy = sum(rss_kb(p.pid) for p, _ in servers)
        if client == "raw":
            watchers.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    delays = []
    complete = 0
    for mine in watchers.got:
        ok = all(t in mine for t in sent)
        complete += ok
        delays.extend(mine[t] - sent[t] for t in sent if t in mine)
    delays.sort()
    # the fan-out alone: each arrival after the first watcher's arrival of the same position
    spread = []
    for t in sent:
        arrivals = [mine[t] for mine in watchers.got if t in mine]
        if arrivals:
            first = min(arrivals)
            spread.extend(a - first for a in arrivals)
    spread.sort()

    def pct(p: float, values: list[float] = delays) -> float:
        return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")

    posts.sort()
    return {
        "watchers": n,
        "post_p50_ms": posts[len(posts) // 2] * 1000,
        "post_p99_ms": posts[min(len(posts) - 1, int(0.99 * len(posts)))] * 1000,
        "post_max_ms": posts[-1] * 1000,
        "spread_p50_ms": pct(0.50, spread) * 1000,
        "spread_p99_ms": pct(0.99, spread) * 1000,
        "connected": watchers.ready,
        "connect_s": connect_s,
        "errors": watchers.errors,
        "positions": len(sent),
        "complete": complete,
        "deliveries": len(delays),
        "p50_ms": pct(0.50) * 1000,
        "p99_ms": pct(0.99) * 1000,
        "max_ms": delays[-1] * 1000 if delays else float("nan"),
        "rss_before_mb": before / 1024,
        "rss_idle_mb": idle / 1024,
        "rss_busy_mb": busy / 1024,
        "kb_per_watcher": (idle - before) / n,
        "cpu_s": cpu_used,
        "cpu_ms_per_1000_deliveries": cpu_used / max(1, len(delays)) * 1_000_000,
        "peer_rps": peer_rps,
        "client": client,
        "client_cpu_s": own_used,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--watchers", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7"))
    parser.add_argument("--pg", help="postgres://… (default: a scratch SQLite file)")
    parser.add_argument(
        "--server",
        choices=("serve", "uvicorn"),
        default="serve",
        help="each app server: `memorialmiles serve --workers 1` (granian) or uvicorn",
    )
    parser.add_argument(
        "--client",
        choices=("raw", "aiohttp"),
        default="raw",
        help="the watchers: bare asyncio protocols (light) or aiohttp streams (heavier)",
    )
    parser.add_argument("--no-write", action="store_true", help="print, do not update the docs")
    parser.add_argument("--figures", help="write the section from a run's printed JSON file")
    args = parser.parse_args()
    if args.figures:
        write_section("live", render(json.loads(Path(args.figures).read_text()), args))
        return 0
    raise_fd_limit()
    haproxy = ensure_haproxy()
    work = Path(tempfile.mkdtemp(prefix="mm-bench-live-"))
    (work / "static").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "memorialmiles.settings",
        # SQLite as a laptop or a one-machine site runs it (WAL, in the data folder), else
        # the PostgreSQL given
        "DATABASE_URL": args.pg or "",
        "REDIS_URL": args.redis,
        "CACHE_PREFIX": f"bench-live-{os.getpid()}",
        "RATELIMIT_ENABLED": "0",
        "LIVE_STREAM_SECONDS": "3600",
        "MEMORIALMILES_DATA_DIR": str(work),
        "PYTHONPATH": str(ROOT / "src"),
    }
    event_id, token = setup_database(env)
    servers = start_servers(env, args.server)
    proxy = None
    try:
        for _, port in servers:
            wait_up(port)
        proxy, proxy_port = start_proxy(haproxy, [p for _, p in servers], work)
        wait_up(proxy_port)
        load = os.getloadavg()
        out = asyncio.run(
            run_load(proxy_port, event_id, token, args.watchers, args.seconds, servers, args.client)
        )
        out["haproxy_mb"] = rss_kb(proxy.pid) / 1024
    finally:
        for proc, _ in servers:
            proc.send_signal(signal.SIGINT)
        if proxy is not None:
            proxy.terminate()
        for proc, _ in servers:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    out["load"] = f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    out["server"] = args.server
    print(json.dumps(out, indent=2))
    ok = out["complete"] == out["watchers"] and out["p99_ms"] < 1000
    table = render(out, args)
    print(table)
    if not args.no_write:
        write_section("live", table)
    return 0 if ok else 1


def render(o: dict, args) -> str:
    db = "PostgreSQL" if args.pg else "SQLite"
    n = o["watchers"]
    rows = [
        (
            "watchers connected (opening received)",
            f"{o['connected']:,} of {n:,} in {o['connect_s']:.1f} s",
            "",
        ),
        (
            "watchers that got every position",
            f"{o['complete']:,} of {n:,} ({o['deliveries']:,} deliveries, {o['errors']} errors)",
            "",
        ),
        (
            "delivery p50 / p99 / max",
            f"{o['p50_ms']:.0f} / {o['p99_ms']:.0f} / {o['max_ms']:.0f} ms",
            "2,500 ms on average, 5,000 ms at worst",
        ),
        (
            "the tracker's POST (stored, then published) p50 / p99",
            f"{o['post_p50_ms']:.0f} / {o['post_p99_ms']:.0f} ms",
            "",
        ),
        (
            "fan-out alone (after the first watcher's arrival) p50 / p99",
            f"{o['spread_p50_ms']:.0f} / {o['spread_p99_ms']:.0f} ms",
            "",
        ),
        (
            f"requests for {n:,} watchers",
            "none: one message a second out to each",
            f"{n / POLL_EVERY_S:,.0f} a second (these two servers answered {o['peer_rps']:.0f})",
        ),
        (
            "app servers' memory (2 processes)",
            f"{o['rss_before_mb']:.0f} MB before, {o['rss_idle_mb']:.0f} MB with all idle, "
            f"{o['rss_busy_mb']:.0f} MB after the run",
            "",
        ),
        ("memory per idle watcher (app servers)", f"{o['kb_per_watcher']:.1f} KB", ""),
        (
            "app servers' CPU while posting",
            f"{o['cpu_s']:.1f} s for {o['positions']} s of posting: "
            f"{o['cpu_ms_per_1000_deliveries']:.0f} ms per 1,000 deliveries",
            "",
        ),
        ("HAProxy's memory", f"{o['haproxy_mb']:.0f} MB", ""),
        (
            "the watchers' own CPU (load generator, same machine)",
            f"{o.get('client_cpu_s', float('nan')):.1f} s for {o['positions']} s of posting",
            "",
        ),
    ]
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    servers = {
        "serve": "two `memorialmiles serve --workers 1` (granian; the stream kept by live/door.py)",
        "uvicorn": "two uvicorn processes with Django's ASGI handler",
    }[o.get("server", "uvicorn")]
    client = {
        "raw": "bare asyncio connections",
        "aiohttp": "aiohttp streams",
    }[o.get("client", "aiohttp")]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    busy = float(o["load"].split()[0])
    context = (
        f"other sessions' work was running beside it (load average {o['load']} when it "
        f"started, on {os.cpu_count()} cores): every latency here is stretched by that"
        if busy >= 1.5
        else f"load average {o['load']} when it started, nothing else heavy running"
    )
    return f"""## Live stream: {n:,} watchers, two app servers behind HAProxy (`bench/live.py`)

`python bench/live.py --watchers {n} --seconds {o["positions"]}`, {when}:
{servers}, HAProxy (Debian, `option http-no-delay`) in front, {db} and Redis pub/sub for the
fan-out, one position a second for {o["positions"]} s from a tracker through the proxy; the
watchers are {client} from one process on the same {os.cpu_count()}-core machine; {context}.
Delivery runs from the tracker's POST leaving the client to the event arriving at a
watcher, so it includes storing the fix.

| measure | stream | peer: polling live.json every {POLL_EVERY_S:.0f} s |
|---|---|---|
{table}

Targets: every watcher gets every position ({verdict(o["complete"] == n)}); p99 delivery
under 1 s ({verdict(o["p99_ms"] < 1000)}: the tracker's POST took {o["post_p50_ms"]:.0f} ms at
the median, the fan-out {o["cpu_s"]:.1f} CPU-seconds of the app servers in {o["positions"]} s).
What 10,000 watchers need is worked out from these figures in `docs/deploy.md`.
"""


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


if __name__ == "__main__":
    sys.exit(main())
