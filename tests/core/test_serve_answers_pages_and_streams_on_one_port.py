"""`memorialmiles serve --workers 2` starts, answers pages and static files, and streams
server-sent events from an async view on the same port while other requests go on.

The stream (tests/core/serve_urls.py) sends its second event only once this test creates a
file: the first event can reach the test only if the server streams rather than buffers."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = dict(
        os.environ,
        MEMORIALMILES_DATA_DIR=str(data),
        DJANGO_SETTINGS_MODULE="serve_settings",
        PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    )
    env.pop("DATABASE_URL", None)  # healthz asks a database: an empty SQLite file answers
    command = [sys.executable, "-m", "memorialmiles", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", "2", "--no-collectstatic"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("serve did not start: " + server.stdout.read().decode()[-2000:])
            time.sleep(0.2)
    yield base, data
    server.terminate()
    server.wait(timeout=30)


def test_it_answers_pages_and_static_files(served):
    base, _ = served
    health = urllib.request.urlopen(base + "/healthz", timeout=10)  # noqa: S310
    assert health.status == 200 and health.read() == b'{"ok": true}'
    assert "no-store" in health.headers["Cache-Control"]
    icon = urllib.request.urlopen(base + "/static/core/favicon.svg", timeout=10)  # noqa: S310
    assert icon.status == 200 and b"<svg" in icon.read()


def test_it_streams_server_sent_events_beside_pages(served):
    base, data = served
    stream = urllib.request.urlopen(base + "/test-stream/", timeout=15)  # noqa: S310
    assert stream.headers["Content-Type"] == "text/event-stream"
    first = b"".join(stream.readline() for _ in range(4))
    assert first == b"id: 1\nevent: status\ndata: first\n\n"
    # The stream is still open; the site answers meanwhile, on the same port.
    for _ in range(4):
        page = urllib.request.urlopen(base + "/healthz", timeout=10)  # noqa: S310
        assert page.status == 200
    (data / "stream-release").touch()
    assert stream.read() == b"id: 2\nevent: status\ndata: second\n\n"
