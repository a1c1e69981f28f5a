"""Walk one cell of the matrix: one rule, one persona; say everything that is wrong with it."""

from __future__ import annotations

from http.cookies import SimpleCookie

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from memorialmiles.core.pagecache import forget_near
from security.matrix import Rule
from security.routes import keywords, url_routes
from security.world import World

# Which registrations a persona may change: a liaison their own agency's, volunteers (the
# check-in desk) and organizers anyone's, everyone else nobody's. Keyed as in World.
OUT_OF_REACH = {
    "anonymous": ("a", "b"),
    "runner": ("a", "b"),
    "device": ("a", "b"),
    "liaison_a": ("b",),
    "liaison_b": ("a",),
    "volunteer": (),
    "organizer": (),
}


# One client for every cell: a new one would load the middleware again (WhiteNoise scans the
# static files each time, which is most of the cost of a cell).
_client = Client()


def client_for(persona: str, sessions: dict[str, str], device=None) -> Client:
    """The shared client with only this persona's cookie (and the device's token), so a logout
    or a message from one cell never leaks into the next."""
    _client.cookies = SimpleCookie()
    _client.defaults.pop("HTTP_AUTHORIZATION", None)
    if persona in sessions:
        _client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
    if persona == "device" and device is not None:
        _client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {device.token}"
    return _client


def urls_of(rule: Rule, world: World) -> list[str]:
    if rule.route == "admin:*":
        from django.contrib import admin

        # Every list, and the audit trail of a run, a hero and a runner (before and after of
        # each change: private values for organizers only).
        history = [
            ("events_event", world.events["draft"]),
            ("honors_hero", world.hero),
            ("events_registration", world.registrations["public"]["a"]),
        ]
        return (
            [reverse("admin:index")]
            + [
                reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
                for m in admin.site._registry
            ]
            + [reverse(f"admin:{name}_history", args=[obj.pk]) for name, obj in history]
        )
    kwargs = world.kwargs(rule.target) | (rule.kwargs(world) if rule.kwargs else {})
    if rule.is_api:
        url = rule.route.format(**kwargs)
    else:
        wanted = keywords(url_routes()[rule.route])
        url = reverse(rule.route, kwargs={k: kwargs[k] for k in wanted})
    return [f"{url}?{rule.query}" if rule.query else url]


def satisfies(word: str, response) -> bool:
    return any(_one(alt, response) for alt in word.rstrip("!").split("|"))


def _one(word: str, response) -> bool:
    status = response.status_code
    if word == "login":
        return status == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    if word == "admin":
        return status == 302 and response["Location"].startswith(reverse("admin:login"))
    if word == "done":
        return status < 500 and status not in (401, 403, 404, 405, 429)
    return status == int(word)


def body_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", errors="replace")


def walk(rule: Rule, persona: str, world: World, sessions: dict[str, str]) -> list[str]:
    """Request the rule's URLs as the persona; the list of what went wrong (empty: all good)."""
    from memorialmiles.events.models import Registration

    problems: list[str] = []
    word = rule.cells[persona]
    guarded = [
        world.registrations[t][whose].pk
        for t in world.registrations
        for whose in OUT_OF_REACH[persona]
        if rule.method == "POST"  # a GET changes nothing (the 405 rows say so)
    ]

    def snapshot():
        if not guarded:
            return []
        return list(Registration.objects.filter(pk__in=guarded).order_by("pk").values())

    cache.clear()  # rate limits and cached pages start afresh in every cell
    forget_near()  # and this process's copies of cached pages (web branch)
    with transaction.atomic():
        before = snapshot()
        for url in urls_of(rule, world):
            client = client_for(persona, sessions, world.devices[rule.device_of])
            if rule.through_link:  # this browser opened the run's secret link first
                client.get(reverse("event_share", args=[world.events[rule.target].share_key]))
            data = rule.data(world, persona) if callable(rule.data) else (rule.data or {})
            if rule.method == "GET":
                response = client.get(url)
            elif rule.json:
                response = client.post(url, data, content_type="application/json")
            else:
                response = client.post(url, data)
            if not satisfies(word, response):
                where = response.get("Location", "")
                problems.append(
                    f"{rule.method} {url} as {persona}: wanted {word.rstrip('!')}, got "
                    f"{response.status_code}{' to ' + where if where else ''}"
                )
            body = body_of(response) + "\n" + response.get("Location", "")
            for secret in world.hidden_from(persona):
                if secret.text in body:
                    problems.append(f"{rule.method} {url} shows {persona} the {secret.what}")
        for old, new in zip(before, snapshot(), strict=True):
            if old != new:
                fields = ", ".join(f"{k} {old[k]!r} -> {new[k]!r}" for k in old if old[k] != new[k])
                problems.append(
                    f"{rule.method} as {persona} changed {old['first_name']} {old['last_name']}, "
                    f"out of their reach: {fields}"
                )
        transaction.set_rollback(True)
    return problems
