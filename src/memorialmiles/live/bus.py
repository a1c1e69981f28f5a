"""Fan-out of live messages to every watcher of a run, across processes when Redis is there.

Writers (the positions API, timing, a status change) are synchronous request code; watchers
are async streams, each with its own bounded queue on the server's event loop. Without
``REDIS_URL`` a message goes straight to this process's queues (one app server: the laptop).
With it, a message is published on a Redis channel per run, and each app process holds ONE
pattern subscription (not one per watcher) that hands what arrives to its local queues, so
any number of app servers behind a proxy serve the same stream.

A watcher too slow to drain its queue is dropped (``OVERFLOW``): its stream ends, and the
browser reconnects with ``Last-Event-ID`` and catches up from the database, instead of the
server holding an ever-growing backlog for it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from dataclasses import dataclass, field

from django.conf import settings

log = logging.getLogger(__name__)

QUEUE_SIZE = 256
OVERFLOW = {"kind": "overflow"}
CLOSED = {"kind": "closed"}  # the watcher left (core/server.py's door for the stream)
KEEPALIVE = {"kind": "keepalive"}
# Every watcher gets a keepalive this often from its loop's one ticker (a comment in the
# stream, under any proxy's idle limit): no timer per watcher or per message.
KEEPALIVE_S = 15.0


def _prefix() -> str:
    """Channels are global to a Redis server (not per database number): the database's name
    keeps two sites, or two test runs, sharing one Redis apart."""
    name = str(settings.DATABASES["default"].get("NAME", ""))
    return f"mm-live:{name}:"


@dataclass(eq=False)
class Subscriber:
    event_id: int
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))

    def offer(self, message: dict) -> None:
        """On the subscriber's loop: queue the message, or drop this slow watcher."""
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(OVERFLOW)


class Hub:
    def __init__(self) -> None:
        self._subs: dict[int, set[Subscriber]] = {}
        self._lock = threading.Lock()
        self._listeners: dict[asyncio.AbstractEventLoop, asyncio.Task] = {}
        self._tickers: dict[asyncio.AbstractEventLoop, asyncio.Task] = {}
        self._on_loop: dict[asyncio.AbstractEventLoop, int] = {}  # watchers per loop
        self._generation: dict[int, int] = {}

    def generation(self, event_id: int) -> int:
        """A counter of the messages this process has seen for the run: a cached opening
        read under an older one may miss what they carried."""
        return self._generation.get(event_id, 0)

    def watchers(self, event_id: int | None = None) -> int:
        with self._lock:
            if event_id is not None:
                return len(self._subs.get(event_id, ()))
            return sum(len(s) for s in self._subs.values())

    async def subscribe(self, event_id: int) -> Subscriber:
        loop = asyncio.get_running_loop()
        sub = Subscriber(event_id, loop)
        with self._lock:
            self._subs.setdefault(event_id, set()).add(sub)
            self._on_loop[loop] = self._on_loop.get(loop, 0) + 1
            ticker = self._tickers.get(loop)
            if ticker is None or ticker.done():
                self._tickers[loop] = loop.create_task(self._tick(loop))
        if redis_url():
            await self._ensure_listener(loop)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        with self._lock:
            subs = self._subs.get(sub.event_id)
            if subs is None or sub not in subs:
                return
            subs.discard(sub)
            if not subs:
                del self._subs[sub.event_id]
            left = self._on_loop[sub.loop] = self._on_loop[sub.loop] - 1
            if not left:
                del self._on_loop[sub.loop]
                ticker = self._tickers.pop(sub.loop, None)
                if ticker is not None:
                    ticker.cancel()  # no watcher left on this loop

    async def _tick(self, loop: asyncio.AbstractEventLoop) -> None:
        """One timer per loop: every KEEPALIVE_S, a keepalive to each of its watchers (their
        streams also check there whether their time is up)."""
        while True:
            await asyncio.sleep(KEEPALIVE_S)
            with self._lock:
                subs = [s for subs in self._subs.values() for s in subs if s.loop is loop]
            for sub in subs:
                sub.offer(KEEPALIVE)

    def deliver(self, event_id: int, message: dict) -> None:
        """Hand a message to this process's watchers of the run; safe from any thread."""
        with self._lock:
            self._generation[event_id] = self._generation.get(event_id, 0) + 1
            subs = list(self._subs.get(event_id, ()))
        for sub in subs:
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is sub.loop:
                sub.offer(message)
            elif not sub.loop.is_closed():
                sub.loop.call_soon_threadsafe(sub.offer, message)

    async def _ensure_listener(self, loop: asyncio.AbstractEventLoop) -> None:
        task = self._listeners.get(loop)
        if task is not None and not task.done():
            return
        ready = asyncio.Event()
        self._listeners[loop] = loop.create_task(self._listen(ready))
        await ready.wait()

    async def _listen(self, ready: asyncio.Event) -> None:
        """One pattern subscription per process and loop, fanned out to local queues."""
        import redis.asyncio as aioredis

        prefix = _prefix()
        while True:
            client = aioredis.from_url(redis_url())
            try:
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                await pubsub.psubscribe(prefix + "*")
                ready.set()
                async for raw in pubsub.listen():
                    if raw.get("type") != "pmessage":
                        continue
                    channel = raw["channel"].decode()
                    try:
                        event_id = int(channel[len(prefix) :])
                        message = json.loads(raw["data"])
                    except ValueError:
                        continue
                    self.deliver(event_id, message)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis went away: say so, wait, subscribe again
                log.warning("live: Redis subscription lost; retrying", exc_info=True)
                ready.set()
                await asyncio.sleep(1)
            finally:
                await client.aclose()


hub = Hub()
_redis_client = None


def redis_url() -> str:
    return getattr(settings, "LIVE_REDIS_URL", "") or ""


def _redis():
    global _redis_client
    if _redis_client is None:
        import redis

        _redis_client = redis.Redis.from_url(redis_url())
    return _redis_client


def frame(kind: str, data: dict, message_id: int | None = None) -> str:
    """One server-sent event: its type, its id (positions only), its JSON."""
    head = f"event: {kind}\n" + (f"id: {message_id}\n" if message_id is not None else "")
    return head + "data: " + json.dumps(data, separators=(",", ":")) + "\n\n"


def frame_bytes(message: dict) -> bytes:
    """The message's frame as bytes, encoded once for all the watchers of this process."""
    body = message.get("body")
    if body is None:
        body = message["body"] = message["frame"].encode()
    return body


def publish(event_id: int, kind: str, data: dict, message_id: int | None = None) -> None:
    """Send a message to every watcher of the run, on every app server.

    The event-stream frame is written here, once, not once per watcher: a thousand watchers
    of a run share the same bytes.
    """
    message = {"kind": kind, "id": message_id, "frame": frame(kind, data, message_id)}
    if redis_url():
        _redis().publish(_prefix() + str(event_id), json.dumps(message, separators=(",", ":")))
    else:
        hub.deliver(event_id, message)
