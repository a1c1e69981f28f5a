"""The live stream as server-sent events: ``position``, ``results`` and ``status``.

A watcher (re)joining gets the run's status, the line since its ``Last-Event-ID`` (a
position's id: only positions carry one, so the browser's cursor is always the last position
it has), the results, and then what the bus brings, in order, each position once. The
subscription is taken before the database is read, so nothing published in between is lost;
what the read already gave is skipped when it arrives again.

A stream ends after ``LIVE_STREAM_SECONDS`` (the browser reconnects by itself and resumes),
so no connection outlives a deploy by long and a proxy's idle limits never bite. Under a WSGI
server (which cannot hold thousands of streams) the answer is the snapshot alone: the browser
reconnects after ``retry`` and gets what is new, a slow poll that still works.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection

from memorialmiles.events.models import Event
from memorialmiles.live import bus
from memorialmiles.live.state import snapshot

RETRY_MS = 3000
# A crowd joining at once asks for the same opening: it is read once per process while no
# message has arrived for the run since (the bus's generation), and at most this long.
OPENING_TTL_S = 2.0
_openings: dict[tuple[int, int], tuple[int, float, list[str], int]] = {}


def cursor(value: str | None) -> int:
    """A Last-Event-ID as we wrote it (a position id); anything else starts from the start."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        return 0
    return int(value)


def opening(event: Event, last_id: int) -> tuple[list[str], int]:
    """What a (re)joining watcher gets first, and the last position id in it."""
    snap = snapshot(event, last_id)
    out = [f"retry: {RETRY_MS}\n\n", bus.frame("status", snap["status"])]
    for p in snap["positions"]:
        last_id = p["id"]
        out.append(bus.frame("position", p, p["id"]))
    out.append(bus.frame("results", snap["results"]))
    return out, last_id


def release_connection() -> None:
    """Close this thread's database connection: a stream holds its request's thread for
    minutes, and a thousand watchers must not hold a thousand connections (PostgreSQL allows
    a hundred). Not inside a transaction (a test's), which closing would spoil."""
    if not connection.in_atomic_block:
        connection.close()


def shared_opening(event: Event, last_id: int, release: bool = True) -> tuple[list[str], int]:
    """`opening`, read once for the watchers that join together. Only for a watcher already
    subscribed: whatever a cached opening lacks was delivered after it was read, so the
    generation moved and the entry is not used."""
    key = (event.pk, last_id)
    now = time.monotonic()
    generation = bus.hub.generation(event.pk)
    cached = _openings.get(key)
    if cached and cached[0] == generation and now - cached[1] < OPENING_TTL_S:
        return cached[2], cached[3]
    try:
        chunks, last = opening(event, last_id)
    finally:
        if release:  # a stream held by this thread (ASGI); not a WSGI thread (live/door.py)
            release_connection()
    if len(_openings) > 1000:
        _openings.clear()
    _openings[key] = (generation, now, chunks, last)
    return chunks, last


async def events(event: Event, last_id: int) -> AsyncIterator[str]:
    sub = await bus.hub.subscribe(event.pk)
    try:
        first, last_id = await sync_to_async(shared_opening)(event, last_id)
        for chunk in first:
            yield chunk
        loop = asyncio.get_running_loop()
        deadline = loop.time() + settings.LIVE_STREAM_SECONDS
        while True:
            message = await sub.queue.get()  # the hub's ticker sends a keepalive now and then
            kind = message.get("kind")
            if kind == "keepalive":
                if loop.time() >= deadline:
                    return  # the browser reconnects by itself and resumes
                yield ": keepalive\n\n"
                continue
            if kind in ("overflow", "closed"):
                return  # too slow: reconnect and catch up from the database
            if kind == "position":
                if message["id"] <= last_id:
                    continue
                last_id = message["id"]
            yield message["frame"]
    finally:
        bus.hub.unsubscribe(sub)
