"""Rate limits kept in the shared cache, so they hold across every app server.

Each limit is a budget of requests per window for one client address and one scope (a join
code guess, a registration, a heavy export). The count is a sliding-window estimate over two
fixed-window counters (this window's count plus the previous window's, weighted by how much of
it still overlaps): two cache keys per client and scope, updated with the cache's atomic
``add`` and ``incr`` (Redis INCR with REDIS_URL, a lock in local memory otherwise), so parallel
requests cannot slip past the budget together.

A refused request answers 429 with Retry-After: a page for the site, JSON for the API. Login
attempts are limited by django-axes instead (see settings), which reads the client address
through ``client_ip`` below so both agree on who the client is.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


@dataclass(frozen=True)
class Limit:
    scope: str
    requests: int
    seconds: int

    @property
    def per(self) -> str:
        minutes = self.seconds // 60
        if self.seconds % 3600 == 0:
            hours = self.seconds // 3600
            return "hour" if hours == 1 else f"{hours} hours"
        return "minute" if minutes == 1 else f"{minutes} minutes"


# The budgets, per client address. Generous for a person, tight for a script: a family
# registers a few runners, a phone joins once, a calendar app polls the feed hourly.
LIMITS = {
    "timing-join": (Limit("timing-join", 30, 600),),
    "timing-join-page": (Limit("timing-join-page", 60, 600),),
    "register": (Limit("register-burst", 5, 60), Limit("register", 20, 3600)),
    "export-heroes": (Limit("export-heroes", 10, 600),),
    "export-results": (Limit("export-results", 60, 600),),
    "export-calendar": (Limit("export-calendar", 60, 600),),
    # A PDF is drawn on each request (tens of ms): plenty for a family, not for a loop.
    "export-certificate": (Limit("export-certificate", 60, 600),),
    # Strangers' forms that write rows and send mail.
    "grant-apply": (Limit("grant-apply-burst", 3, 60), Limit("grant-apply", 10, 3600)),
    "give": (Limit("give-burst", 5, 60), Limit("give", 30, 3600)),
    # Unsubscribe links are signed; the limit only stops a script guessing signatures.
    "unsubscribe": (Limit("unsubscribe", 30, 600),),
    # An agency's link: a liaison opens and sends it a few times; a stranger's guesses stop here.
    "pipeline-liaison": (Limit("pipeline-liaison", 60, 600),),
    # Tracker tokens guessed at the positions API (a phone with its link is not counted).
    "live-positions": (Limit("live-positions", 120, 60),),
    # Volunteer PINs (raceday): a person mistypes a few times; each run also locks itself.
    "volunteer-pin": (Limit("volunteer-pin", 10, 600),),
    "volunteer-link": (Limit("volunteer-link", 30, 600),),
    "desk-sync": (Limit("desk-sync", 600, 600),),
    # Share cards not drawn yet, each a job for the worker (tens of ms of drawing and a file):
    # a page's crawler asks for a few, a script walking every hero's card would ask for all.
    "share-card-draw": (Limit("share-card-draw", 60, 600),),
}


class RateLimited(Exception):
    def __init__(self, limit: Limit, retry_after: int):
        self.limit = limit
        self.retry_after = retry_after
        super().__init__(
            f"Too many requests: at most {limit.requests} per {limit.per} from one address. "
            f"Try again in {_wait_text(retry_after)}."
        )


def _wait_text(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, unless CLIENT_IP_HEADER names the header a trusted
    reverse proxy sets. Behind N proxies that each append to X-Forwarded-For, the client is the
    N-th address from the right (CLIENT_IP_PROXY_COUNT); anything further left was written by
    the client itself and is never believed."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        hops = [hop.strip() for hop in raw.split(",") if hop.strip()]
        count = max(1, getattr(settings, "CLIENT_IP_PROXY_COUNT", 1))
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's network: the address itself for IPv4, its /64 for IPv6
    (one subscriber holds a whole /64, so counting single IPv6 addresses would count
    nothing). Hashed so the cache never holds an address."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        network = (
            str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
        )
    digest = hmac.new(settings.SECRET_KEY.encode(), network.encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


def _count(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def hit(request: HttpRequest, limit: Limit, now: float | None = None) -> int:
    """Count one request; 0 when it is within the budget, else the seconds to wait.

    A refused request is taken back out of the count, so a client that waits the seconds it
    was told gets in then; requests sent in parallel are each counted before any is judged,
    so none slips past the budget together.
    """
    now = time.time() if now is None else now
    per, budget = limit.seconds, limit.requests
    window = int(now // per)
    elapsed = now - window * per
    prefix = f"rl:{limit.scope}:{client_key(request)}:"
    current = _count(prefix + str(window), 2 * per + 1)
    previous = cache.get(prefix + str(window - 1), 0)
    if previous * (1 - elapsed / per) + current <= budget:
        return 0
    try:
        current = cache.decr(prefix + str(window))
    except ValueError:
        current = 0
    if current >= budget:
        # Not in this window: at its end this window becomes the previous one and must slide
        # out far enough for one request.
        after = per * (1 - (budget - 1) / current)
        return _seconds(per - elapsed + after)
    # The previous window's weight has to shrink until one more request fits.
    until = per * (1 - (budget - current - 1) / previous)
    return _seconds(until - elapsed)


def _seconds(wait: float) -> int:
    return max(1, math.ceil(round(wait, 6)))  # 20.000000000000004 s is 20 s


def check(request: HttpRequest, scope: str) -> None:
    """Count the request under every limit of `scope`; raise RateLimited when one is spent."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return
    for limit in LIMITS[scope]:
        wait = hit(request, limit)
        if wait:
            raise RateLimited(limit, wait)


def within(request: HttpRequest, scope: str) -> bool:
    """Count the request like `check`; False, rather than an error, once a budget is spent:
    for work a request may ask for but can go without (a card drawn later)."""
    try:
        check(request, scope)
    except RateLimited:
        return False
    return True


def page_answer(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = render(request, "429.html", {"message": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def api_answer(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """The NinjaAPI's handler for RateLimited (registered in api/urls.py)."""
    response = JsonResponse({"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def ratelimit(scope: str, methods: Iterable[str] = ("GET", "HEAD", "POST")) -> Callable:
    """Limit a page view: requests with one of `methods` count against `scope`'s budget; a
    spent budget answers a 429 page with Retry-After instead of running the view."""
    counted = frozenset(methods)
    if scope not in LIMITS:
        raise KeyError(f"No rate limit named {scope!r}")

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in counted:
                try:
                    check(request, scope)
                except RateLimited as exc:
                    return page_answer(request, exc)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def login_locked_out(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): the site's page,
    429 with Retry-After set to the cool-off, for the site's login and the back office's."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": math.ceil(seconds / 60)}
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
