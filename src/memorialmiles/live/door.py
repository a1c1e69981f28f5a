"""The live stream under `memorialmiles serve`: Django answers the opening, the door keeps the
connection.

Under Django's ASGI handler a watcher's stream holds, for as long as it is open, the whole
request (its middleware state, a task listening for the disconnect, the thread asgiref keeps
for each request's synchronous parts) and every event climbs through StreamingHttpResponse's
wrappers: measured by `bench/live.py`, 200 to 350 KB of memory per idle watcher, and most of
the CPU of a delivery.

So core/server.py's router hands this path to `stream` below, which:

1. subscribes to the run on this process's hub first (nothing published from here on is lost);
2. runs the request through Django's WSGI handler like any page, so the same middleware and
   the same view decide (a draft or unlisted run refused, 404, HEAD): the view answers the
   opening (status, the line since `Last-Event-ID`, results) and, told by the environ that a
   door waits, the last position id it sent, in a header the door takes off;
3. sends that answer and keeps the connection open, writing each message of the hub as it
   comes (positions already in the opening skipped), a keepalive comment every
   `bus.KEEPALIVE_S`, and ends the stream after `LIVE_STREAM_SECONDS`, when the watcher is
   too slow (the browser resumes from the database) or when it leaves.

An answer without the header (an error, a redirect, a HEAD) is sent as it is and closed.
"""

from __future__ import annotations

import asyncio
import contextlib

from django.conf import settings
from django.urls import resolve

from memorialmiles.live import bus

# The environ key the door sets (a client cannot: only HTTP_* keys come from its headers).
SUBSCRIBED = "memorialmiles.live.subscribed"
# From the view to the door: the last position id in the opening. Never sent on.
CURSOR_HEADER = "X-Live-Cursor"
_CURSOR = CURSOR_HEADER.lower()
KEEPALIVE = b": keepalive\n\n"


async def stream(wsgi, scope, receive, send) -> None:
    if scope.get("method") != "GET":
        await wsgi(scope, receive, send)
        return
    event_id = int(resolve(scope["path"]).kwargs["event_id"])
    sub = await bus.hub.subscribe(event_id)
    try:
        made = await wsgi.make(scope, receive, {SUBSCRIBED: True})
        if made is None:
            return  # the client left before its request was read
        status, headers, body, rest = made
        cursor = None
        kept = []
        for name, value in headers:
            if name.lower() == _CURSOR:
                cursor = int(value)
            else:
                kept.append((name, value))
        if cursor is None or rest is not None:
            await wsgi.send((status, kept, body, rest), send)
            return
        await wsgi.send((status, kept, body, None), send, more_body=True)
        await follow(sub, cursor, receive, send)
    finally:
        bus.hub.unsubscribe(sub)


async def follow(sub: bus.Subscriber, last_id: int, receive, send) -> None:
    """Write what the hub brings until the stream's time is up or the watcher goes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.LIVE_STREAM_SECONDS
    gone = loop.create_task(_disconnected(receive, sub))
    try:
        while True:
            message = await sub.queue.get()
            kind = message["kind"]
            if kind == "keepalive":
                if loop.time() >= deadline:
                    break
                body = KEEPALIVE
            elif kind in ("overflow", "closed"):
                return  # too slow (it resumes from the database), or gone
            else:
                if kind == "position":
                    if message["id"] <= last_id:
                        continue
                    last_id = message["id"]
                body = bus.frame_bytes(message)
            await send({"type": "http.response.body", "body": body, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    except OSError:
        return  # the connection broke under a write: nothing to finish
    finally:
        gone.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await gone


async def _disconnected(receive, sub: bus.Subscriber) -> None:
    """Wait for the client to leave, then end its stream."""
    while (await receive())["type"] != "http.disconnect":
        pass
    sub.offer(bus.CLOSED)
