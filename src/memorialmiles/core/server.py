"""One ASGI application that runs each view the cheap way: sync views as WSGI, async as ASGI.

Django under ASGI runs a synchronous view (every page but the live stream) through several
hops between the event loop and one shared thread per process: measured on one 2-core
machine, it served a third of what the same code does under a plain WSGI server. Under WSGI,
though, an async streaming view (the live page's server-sent events) is read to its end before
anything is sent, which for a stream is never.

So `memorialmiles serve` starts this router under granian's ASGI interface: a request whose
view is a coroutine function (or an async class-based view) goes to Django's ASGI handler and
streams; any other request goes to Django's WSGI handler on a pool of threads, one hop there
and back (`WsgiDoor`). Both are the same Django, the same settings and middleware; only the
door differs.
"""

from __future__ import annotations

import asyncio
import gc
import io
import os
from concurrent.futures import ThreadPoolExecutor

from a2wsgi.wsgi import build_environ
from asgiref.sync import iscoroutinefunction
from django.urls import Resolver404, resolve

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorialmiles.settings")

from django.core.asgi import get_asgi_application  # noqa: E402  (after the settings module)
from django.core.wsgi import get_wsgi_application  # noqa: E402

# Threads for synchronous views in each process: enough to overlap database and cache waits,
# few enough that Python's lock does not thrash (`serve --threads` passes its option here).
THREADS = int(os.environ.get("MEMORIALMILES_SERVE_THREADS", "8"))
_REMEMBERED = 4096  # paths whose kind is remembered; more distinct paths start the memo again


def is_async_view(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    func = match.func
    view_class = getattr(func, "view_class", None)
    if view_class is not None:
        return bool(getattr(view_class, "view_is_async", False))
    return iscoroutinefunction(func)


# A response larger than this is streamed to the client chunk by chunk (an export, a file);
# anything smaller is made whole in the thread and sent in one go.
WHOLE_BYTES = 1 << 20


class WsgiDoor:
    """Django's WSGI handler behind an ASGI door, in one hop to a thread and back.

    a2wsgi's adapter crosses between the event loop and its thread for every message (it cost
    0.4 ms of CPU a page more, measured); a page is made whole in the thread here and sent
    from the loop, and only a response over WHOLE_BYTES is pulled a chunk at a time.
    """

    def __init__(self, app, threads: int) -> None:
        self.app = app
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="wsgi")

    async def __call__(self, scope, receive, send) -> None:
        made = await self.make(scope, receive)
        if made is not None:
            await self.send(made, send)

    async def make(self, scope, receive, extra: dict | None = None):
        """Read the request and run Django on it in a thread: (status, headers, body, rest),
        or None when the client left first. `extra` goes into the WSGI environ (keys a
        client cannot send: only HTTP_* come from headers)."""
        parts, more = [], True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            parts.append(message.get("body", b""))
            more = message.get("more_body", False)
        environ = build_environ(scope, io.BytesIO(b"".join(parts)))
        if extra:
            environ.update(extra)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, self._make, environ)

    async def send(self, made, send, more_body: bool = False) -> None:
        """Send what `make` made; `more_body` leaves the response open for the caller."""
        status, headers, body, rest = made
        await send(
            {
                "type": "http.response.start",
                "status": int(status.split(" ", 1)[0]),
                "headers": [(k.lower().encode("latin1"), v.encode("latin1")) for k, v in headers],
            }
        )
        if rest is None:
            await send({"type": "http.response.body", "body": body, "more_body": more_body})
            return
        loop = asyncio.get_running_loop()
        try:
            await send({"type": "http.response.body", "body": body, "more_body": True})
            while (chunk := await loop.run_in_executor(self.pool, next, rest[0], None)) is not None:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": more_body})
        finally:
            await loop.run_in_executor(self.pool, _close, rest[1])

    def _make(self, environ):
        started: list = []

        def start_response(status, headers, exc_info=None):
            started[:] = [status, headers]

        result = self.app(environ, start_response)
        chunks, size, iterator = [], 0, iter(result)
        for chunk in iterator:
            chunks.append(chunk)
            size += len(chunk)
            if size > WHOLE_BYTES:
                return started[0], started[1], b"".join(chunks), (iterator, result)
        _close(result)
        return started[0], started[1], b"".join(chunks), None


def _close(result) -> None:
    close = getattr(result, "close", None)
    if close is not None:
        close()  # Django's request_finished: database connections go back


WSGI, ASGI, DOOR = "wsgi", "asgi", "door"


def view_kind(path: str) -> tuple[str, object]:
    """How a path is served: by Django's WSGI handler, its ASGI handler, or a view's own door
    (`view.stream_door`, the live stream: Django answers the opening through WSGI, the door
    keeps the connection and sends what follows)."""
    try:
        match = resolve(path)
    except Resolver404:
        return WSGI, None
    door = getattr(match.func, "stream_door", None)
    if door is not None:
        return DOOR, door
    return (ASGI if is_async_view(path) else WSGI), None


class Router:
    def __init__(self, threads: int = THREADS) -> None:
        self.asgi = get_asgi_application()
        self.wsgi = WsgiDoor(get_wsgi_application(), threads)
        self._kinds: dict[str, tuple[str, object]] = {}

    def _kind(self, path: str) -> tuple[str, object]:
        kind = self._kinds.get(path)
        if kind is None:
            if len(self._kinds) >= _REMEMBERED:
                self._kinds.clear()
            kind = self._kinds[path] = view_kind(path)
        return kind

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        kind, door = self._kind(scope["path"]) if scope["type"] == "http" else (ASGI, None)
        if kind == WSGI:
            await self.wsgi(scope, receive, send)
        elif kind == DOOR:
            await door(self.wsgi, scope, receive, send)
        else:
            await self.asgi(scope, receive, send)


async def _lifespan(receive, send) -> None:
    """Nothing to start or stop; answering keeps the server from warning (Django cannot)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


application = Router()
# Everything loaded so far (Django, the URLconf, the templates' modules) lives as long as the
# process: out of the collector's sight, a full collection under a crowd walks only what the
# requests made, not the whole framework (a pause every page in flight would wait on).
gc.collect()
gc.freeze()
