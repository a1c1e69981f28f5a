"""One ASGI application that runs each view the cheap way: sync views as WSGI, async as ASGI.

Django under ASGI runs a synchronous view (every page but the live stream) through several
hops between the event loop and one shared thread per process: measured on one 2-core
machine, it served a third of what the same code does under a plain WSGI server. Under WSGI,
though, an async streaming view (the live page's server-sent events) is read to its end before
anything is sent, which for a stream is never.

So `memorialmiles serve` starts this router under granian's ASGI interface: a request whose
view is a coroutine function (or an async class-based view) goes to Django's ASGI handler and
streams; any other request goes to Django's WSGI handler on a pool of threads (a2wsgi), one
hop. Both are the same Django, the same settings and middleware; only the door differs.
"""

from __future__ import annotations

import os

from a2wsgi import WSGIMiddleware
from asgiref.sync import iscoroutinefunction
from django.urls import Resolver404, resolve

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorialmiles.settings")

from django.core.asgi import get_asgi_application  # noqa: E402  (after the settings module)
from django.core.wsgi import get_wsgi_application  # noqa: E402

# Threads for synchronous views in each process: enough to overlap database and cache waits,
# few enough that Python's lock does not thrash.
THREADS = int(os.environ.get("SERVE_THREADS", "8"))
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


class Router:
    def __init__(self, threads: int = THREADS) -> None:
        self.asgi = get_asgi_application()
        self.wsgi = WSGIMiddleware(get_wsgi_application(), workers=threads)
        self._kinds: dict[str, bool] = {}

    def _is_async(self, path: str) -> bool:
        kind = self._kinds.get(path)
        if kind is None:
            if len(self._kinds) >= _REMEMBERED:
                self._kinds.clear()
            kind = self._kinds[path] = is_async_view(path)
        return kind

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http" and not self._is_async(scope["path"]):
            await self.wsgi(scope, receive, send)
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
