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


def test_the_wsgi_door_sends_a_page_whole_and_a_large_file_in_chunks():
    import asyncio

    from memorialmiles.core.server import WHOLE_BYTES, WsgiDoor

    closed = []

    class Body(list):
        def close(self):
            closed.append(True)

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        size = int(environ["QUERY_STRING"])
        return Body([b"x" * size, b"y" * size, environ["wsgi.input"].read()])

    async def get(size):
        sent = []
        messages = [{"type": "http.request", "body": b"ab", "more_body": True},
                    {"type": "http.request", "body": b"c"}]  # fmt: skip

        async def receive():
            return messages.pop(0)

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/", "query_string": str(size).encode(),
                 "headers": [], "http_version": "1.1"}  # fmt: skip
        await WsgiDoor(app, threads=2)(scope, receive, send)
        return sent

    small = asyncio.run(get(10))
    assert small[0]["status"] == 200 and (b"content-type", b"text/plain") in small[0]["headers"]
    assert [m["body"] for m in small[1:]] == [b"x" * 10 + b"y" * 10 + b"abc"]
    large = asyncio.run(get(WHOLE_BYTES + 1))
    assert (
        b"".join(m["body"] for m in large[1:])
        == b"x" * (WHOLE_BYTES + 1) + b"y" * (WHOLE_BYTES + 1) + b"abc"
    )
    assert len(large) > 2 and large[-1].get("more_body", False) is False
    assert closed == [True, True]  # Django's request_finished ran for both
