"""The card images. Drawn on demand and kept in the shared cache under a digest of their facts,
so a card changes the moment its facts do and a crowd of crawlers draws it once."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from memorialmiles.events.access import event_or_404
from memorialmiles.events.models import Dedication, Event
from memorialmiles.honors.models import Hero
from memorialmiles.sharing import facts as card_facts
from memorialmiles.sharing.card import CardFacts, render_png

CACHE_SECONDS = 24 * 3600


def _png(request: HttpRequest, facts: CardFacts, public: bool) -> HttpResponse:
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        key = f"sharecard:{digest}"
        body = cache.get(key)
        if body is None:
            body = render_png(facts)
            cache.set(key, body, CACHE_SECONDS)
        response = HttpResponse(body, content_type="image/png")
    response["ETag"] = etag
    # A listed run's card may sit in a proxy; an unlisted one stays with its viewer.
    response["Cache-Control"] = "public, max-age=300" if public else "private, max-age=300"
    return response


def _listed(event: Event) -> bool:
    return Event.objects.listed().filter(pk=event.pk).exists()


@require_GET
def dedication_card(request: HttpRequest, event_id: int, dedication_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    dedication = get_object_or_404(
        Dedication.objects.select_related("hero__agency", "event"), pk=dedication_id, event=event
    )
    return _png(request, card_facts.dedication_facts(dedication), _listed(event))


@require_GET
def event_card(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    return _png(request, card_facts.event_facts(event), _listed(event))


@require_GET
def hero_card(request: HttpRequest, hero_id: int) -> HttpResponse:
    hero = get_object_or_404(Hero.objects.select_related("agency"), pk=hero_id)
    return _png(request, card_facts.hero_facts(hero), True)


@require_GET
def site_card(request: HttpRequest) -> HttpResponse:
    return _png(request, card_facts.site_facts(), True)
