"""Public pages and JSON made once per data version, then served again for almost nothing.

A view opts in with `@shared_page`. For a visitor who carries no cookie but the CSRF one (no
session: not signed in, no share-link grant, no pending message), such a page depends only on
its address and on the data, so:

- the response is kept in the shared cache (Redis with `REDIS_URL`, else the process's memory)
  beside the numbers (core/freshness.py) of the tables its making read, and served from
  there, before the rest of the middleware, while those numbers are current: never older
  than the data, and not made again for a write to a table it does not show;
- it carries an ETag (a digest of its bytes) and answers `If-None-Match` with 304;
- it says `Cache-Control: public` with a short `s-maxage`, so a proxy or CDN in front absorbs a
  crowd, and `Vary: Cookie`, so a signed-in visitor's page is never taken for it.

Only a 200 made for such a visitor is kept: a draft or unlisted run answers 404 to them (never
kept), and a response that sets a cookie or used the CSRF token (a form) is not public.
Everything else, and every page of a visitor with a session, gets `private, no-store` when it
is personal (a session, a cookie set, a form), so no shared cache keeps it.

The cached response is the one the whole middleware made for an identical request (same
host, scheme, path and query, no session), so serving it again skips nothing a stranger's
request would have been refused by: the run's visibility is data the making read, and a
change of it moves the number of its table.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from memorialmiles.core import freshness

# A kept page outlives its version only this long (a backstop: the version is the rule).
KEEP_SECONDS = 600
# A few pages read the clock too (a run's registration closes once it is past): a kept page
# is also made again in each new period of CLOCK_SECONDS. When only the clock has moved (the
# data has not), one request makes the page again while the others are served the last
# period's meanwhile, so a crowd never waits on the clock and the clock on a page is at most
# two periods (a minute) behind. A change of data is never served late: the crowd waits.
CLOCK_SECONDS = 30
MAX_QUERY = 300  # longer query strings are answered but not kept (no filling the cache)
_SKIPPED_HEADERS = {"set-cookie", "date", "server", "expires", "cache-control"}


def shared_page(view: Callable) -> Callable:
    """Mark a public page or JSON whose response depends only on its URL and the data."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    wrapper.shared_page = True
    return wrapper


def _public_visitor(request: HttpRequest) -> bool:
    return all(name == settings.CSRF_COOKIE_NAME for name in request.COOKIES)


_OPTED: dict[str, bool] = {}  # path -> its view opted in (resolving costs a third of a hit)
_REMEMBERED = 4096


def _opted_in(request: HttpRequest) -> bool:
    path = request.path_info
    opted = _OPTED.get(path)
    if opted is None:
        try:
            opted = bool(getattr(resolve(path).func, "shared_page", False))
        except Resolver404:
            opted = False
        if len(_OPTED) >= _REMEMBERED:
            _OPTED.clear()
        _OPTED[path] = opted
    return opted


def _key(request: HttpRequest, host: str) -> str:
    raw = f"{request.scheme}://{host}{request.get_full_path()}"
    return "mm:page3:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or request.META.get("CSRF_COOKIE_USED")
        or not _public_visitor(request)
    )


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not _personal(request, response)
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY
    )


def _mark_public(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    seconds = settings.PUBLIC_CACHE_SECONDS
    response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}, must-revalidate"
    patch_vary_headers(response, ("Cookie",))


def _mark_private(response: HttpResponse) -> None:
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ("Cookie",))


# The latest entries this process served, so a hit costs one read of the version (not the
# page's bytes out of Redis and unpickled); an entry is used only at its own version.
_near: dict[str, tuple] = {}
NEAR_ENTRIES = 256


_near_lock = threading.Lock()


def _keep_near(key: str, entry: tuple) -> None:
    with _near_lock:
        _near.pop(key, None)
        _near[key] = entry
        while len(_near) > NEAR_ENTRIES:
            del _near[next(iter(_near))]


def forget_near() -> None:
    """Empty this process's copies (the tests do, with the cache, between tests: the rolled
    back data of one test must not show in the next at the same version)."""
    with _near_lock:
        _near.clear()


def _valid(entry) -> bool:
    """The entry's tables (None: it read none, so it depends on everything) still have the
    numbers it was made at."""
    tables, made_at = entry[0], entry[1]
    if tables is None:
        return made_at == freshness.current()
    return made_at == freshness.numbers(tables)


def _kept(key: str) -> tuple | None:
    """The entry kept for this page, if its data has not changed since (of any clock period:
    the caller looks at that)."""
    entry = _near.get(key)
    if entry is None or not _valid(entry):
        entry = cache.get(key)
        if entry is None or not _valid(entry):
            return None
        _keep_near(key, entry)
    return entry


_makings: dict[str, threading.Lock] = {}


def _making_lock(key: str) -> threading.Lock:
    with _near_lock:
        if len(_makings) > NEAR_ENTRIES * 4:
            _makings.clear()  # a lock dropped while held lets one more making run: harmless
        return _makings.setdefault(key, threading.Lock())


# An entry: (tables read, their numbers then, clock period, ETag, status, headers, body).
PERIOD, ETAG = 2, 3


def _rebuild(entry) -> HttpResponse:
    _tables, _numbers, _period, etag, status, headers, body = entry
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


class SharedPageCacheMiddleware:
    """Place after HeadAsGetMiddleware (a HEAD is served as the GET it stands for) and before
    everything that a cached answer makes unnecessary (sessions, CSRF, auth, access, audit)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or not _public_visitor(request) or not _opted_in(request):
            response = self.get_response(request)
            if _personal(request, response):
                _mark_private(response)
            return response
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # the usual 400, from the usual place
        key = _key(request, host)
        period = int(time.time() // CLOCK_SECONDS)
        entry = _kept(key)
        if entry is None or entry[PERIOD] != period:
            making = _making_lock(key)
            if entry is not None and entry[PERIOD] == period - 1:
                # Only the clock moved: one request makes the page again, the rest are
                # served the last period's meanwhile (never older data).
                if making.acquire(blocking=False):
                    try:
                        return self._make(request, key, period)
                    finally:
                        making.release()
            else:
                # One thread of this process makes a page at a time; the crowd asking for it
                # meanwhile waits and is served what it made (a change of data would otherwise
                # start as many makings as there are connections).
                with making:
                    entry = _kept(key)
                    if entry is None or entry[PERIOD] < period - 1:
                        return self._make(request, key, period)
        response = _rebuild(entry)
        _mark_public(response, entry[ETAG])
        return get_conditional_response(request, etag=entry[ETAG], response=response)

    def _make(self, request: HttpRequest, key: str, period: int) -> HttpResponse:
        writes = freshness.writes_seen()
        before = freshness.everything()  # read before the data: a write after moves them
        with freshness.reading() as read:
            response = self.get_response(request)
        if not _keepable(request, response) or freshness.writes_seen() != writes:
            if _personal(request, response):
                _mark_private(response)
            return response
        if read:
            tables = tuple(sorted(read))
            made_at = freshness.project(before, tables)
        else:  # no query at all (made from the cache?): kept under every number
            tables, made_at = None, repr(sorted(before.items()))
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in _SKIPPED_HEADERS
        ]
        entry = (tables, made_at, period, etag, 200, headers, response.content)
        cache.set(key, entry, KEEP_SECONDS)
        _keep_near(key, entry)
        _mark_public(response, etag)
        return get_conditional_response(request, etag=etag, response=response)
