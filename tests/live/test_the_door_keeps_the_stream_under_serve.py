"""Under `memorialmiles serve`, core/server.py's router hands the stream to live/door.py:
Django answers the opening through WSGI (its middleware and access rules), then the door keeps
the connection, writes each new position once, and lets go of the watcher when it leaves. A
draft run's 404 and a HEAD are answered and closed like any page."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import pytest
from asgiref.sync import sync_to_async
from django.db import connection, connections

from live.livekit import walk
from memorialmiles.gps.live import Fix
from memorialmiles.live import bus
from memorialmiles.live.tracking import store

pytestmark = pytest.mark.django_db(transaction=True)


def fixes(start, n, first_seq=1):
    return [
        Fix(p["seq"], dt.datetime.fromisoformat(p["time"]).timestamp(), p["lat"], p["lon"], 5.0)
        for p in walk(start, n, first_seq=first_seq)
    ]


class Watcher:
    """An ASGI client: what the router sends lands in `sent`; leaving is `leave()`."""

    def __init__(self, path: str, method: str = "GET", headers=()) -> None:
        self.scope = {
            "type": "http",
            "method": method,
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": [(b"host", b"127.0.0.1"), *headers],
            "http_version": "1.1",
            "scheme": "http",
            "server": ("127.0.0.1", 8000),
            "client": ("127.0.0.1", 5000),
        }
        self.sent: asyncio.Queue = asyncio.Queue()
        self.gone = asyncio.Event()
        self.asked = False

    async def receive(self):
        if not self.asked:
            self.asked = True
            return {"type": "http.request", "body": b""}
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message):
        await self.sent.put(message)

    async def next(self):
        return await asyncio.wait_for(self.sent.get(), 10)

    def leave(self) -> None:
        self.gone.set()


def store_and_close(tracker, batch):
    """`store` on the thread asgiref runs it on, with a connection of its own (as another
    request's thread under `serve`), closed after: left open for the session, it kept the
    tests' PostgreSQL database from being dropped at the end."""
    try:
        return store(tracker, batch)
    finally:
        connection.close()


@pytest.fixture
def router():
    from memorialmiles.core.server import Router

    router = Router(threads=2)
    yield router
    # Each of its threads closes the database connection Django keeps per thread (for
    # CONN_MAX_AGE): left open, they kept the tests' PostgreSQL database from being dropped.
    both = threading.Barrier(2)

    def close():
        both.wait(timeout=10)
        connections.close_all()

    for done in [router.wsgi.pool.submit(close) for _ in range(2)]:
        done.result()
    router.wsgi.pool.shutdown()


def test_the_door_sends_the_opening_then_each_new_position_once(router, run, link, started):
    tracker, _ = link
    store(tracker, fixes(started + dt.timedelta(seconds=10), 2))

    async def scenario():
        watcher = Watcher(f"/events/{run.pk}/live/stream")
        serving = asyncio.create_task(router(watcher.scope, watcher.receive, watcher.send))
        start = await watcher.next()
        assert start["status"] == 200
        headers = dict(start["headers"])
        assert headers[b"content-type"] == b"text/event-stream"
        assert b"x-live-cursor" not in headers  # the view's word to the door, never sent on
        opening = (await watcher.next())["body"].decode()
        assert opening.count("event: position") == 2 and "event: results" in opening
        assert bus.hub.watchers(run.pk) == 1
        later = fixes(started + dt.timedelta(seconds=20), 2, 3)
        await sync_to_async(store_and_close)(tracker, later)
        pushed = [(await watcher.next())["body"].decode() for _ in range(2)]
        assert all(p.startswith("event: position\nid: ") for p in pushed)
        ids = [int(p.split("\n")[1][4:]) for p in pushed]
        assert ids == sorted(ids) and len(set(ids)) == 2
        watcher.leave()
        await asyncio.wait_for(serving, 10)
        assert bus.hub.watchers(run.pk) == 0

    asyncio.run(scenario())


def test_a_draft_run_is_refused_and_closed(router, make_run):
    draft = make_run(title="Not yet", status="proposed")

    async def scenario():
        watcher = Watcher(f"/events/{draft.pk}/live/stream")
        await asyncio.wait_for(router(watcher.scope, watcher.receive, watcher.send), 10)
        start = await watcher.next()
        body = await watcher.next()
        assert start["status"] == 404 and not body.get("more_body", False)
        assert bus.hub.watchers(draft.pk) == 0

    asyncio.run(scenario())


def test_a_head_is_answered_and_closed(router, run):
    async def scenario():
        watcher = Watcher(f"/events/{run.pk}/live/stream", method="HEAD")
        await asyncio.wait_for(router(watcher.scope, watcher.receive, watcher.send), 10)
        assert (await watcher.next())["status"] == 200
        assert not (await watcher.next()).get("more_body", False)

    asyncio.run(scenario())
