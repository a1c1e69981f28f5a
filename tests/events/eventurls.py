"""Every page URL of one run, read from the URL configuration: a new page is tested unasked."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

FILL = {
    "bib": "1",
    "registration_id": "1",
    "device_id": "1",
    "token": "no-such-token",
    "tracker_id": "1",
    "pin_id": "1",
    "pass_id": "1",
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if getattr(p, "namespace", None) in ("api", "admin"):
                continue
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def event_pages(event, dedication_id: int = 1) -> list[tuple[str, str]]:
    """(url name, path) of every page whose URL names a run by `event_id`, except the pages
    that carry their own secret (a runner's confirmation token)."""
    out = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if "<id:event_id>" not in route:
            continue
        if getattr(pattern.callback, "event_access_own_secret", False):
            continue
        path = route.replace("<id:event_id>", str(event.pk))
        path = path.replace("<id:dedication_id>", str(dedication_id))
        for name, value in FILL.items():
            path = re.sub(rf"<\w+:{name}>", value, path)
        assert "<" not in path, f"fill the parameter of {route}"
        out.append((pattern.name, "/" + path))
    return out


def api_paths(event) -> list[str]:
    return [f"/api/v1/events/{event.pk}", f"/api/v1/timing/events/{event.pk}/results"]
