"""Every GET page of the URL configuration, with the query values an attacker types: a page
number beyond 64 bits, a NUL, an unknown sort. A 4xx or a page, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from security.routes import keywords, url_routes

HOSTILE = [
    "page=99999999999999999999",
    "page=-1",
    "q=%00",
    "sort=%00",
    "sort=-id__password",
    "year=99999999999999999999",
    "status=%00",
    "agency=%00",
    "state=%00",
    "offset=1e400",
]


def _paths(world):
    for name, pattern in url_routes().items():
        if name.startswith("admin:") or name.startswith("api") or ":" in name:
            continue
        for target in ("public", "finished"):
            kwargs = {k: v for k, v in world.kwargs(target).items() if k in keywords(pattern)}
            if set(keywords(pattern)) - set(kwargs):
                continue
            yield name, reverse(name, kwargs=kwargs)
            if "event_id" not in kwargs:
                break


@pytest.mark.django_db
def test_it_answers_hostile_query_values_without_a_server_error(world, sessions):
    from django.conf import settings

    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = sessions["organizer"]
    failures = []
    for name, path in _paths(world):
        for query in HOSTILE:
            response = client.get(f"{path}?{query}")
            if response.status_code >= 500:
                failures.append(f"{name} {path}?{query}: {response.status_code}")
    assert failures == [], failures
