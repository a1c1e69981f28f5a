"""The card images, read from the files the worker draws (``prerender``); never drawn here.

A card not drawn yet answers a placeholder that no cache keeps, and queues its drawing: the
crawler's next visit finds the card. Each client may queue only so many drawings (the
"share-card-draw" limit): past it, the placeholder alone, so a script walking every hero's card
cannot keep the worker drawing, while cards already drawn are served to anyone.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from memorialmiles.core import ratelimit
from memorialmiles.events.access import event_or_404
from memorialmiles.events.models import Dedication, Event
from memorialmiles.honors.models import Hero
from memorialmiles.sharing import facts as card_facts
from memorialmiles.sharing import prerender
from memorialmiles.sharing.card import CardFacts


def _placeholder(request: HttpRequest) -> HttpResponse:
    site = prerender.card_file(prerender.digest_of(card_facts.site_facts()))
    try:
        body = site.read_bytes()
    except OSError:
        if ratelimit.within(request, "share-card-draw"):
            prerender.queue("site", None, card_facts.site_facts())
        body = prerender.placeholder()
    response = HttpResponse(body, content_type="image/png")
    response["Cache-Control"] = "no-cache, max-age=0"
    return response


def _png(
    request: HttpRequest, facts: CardFacts, public: bool, kind: str, pk: int | None = None
) -> HttpResponse:
    digest = prerender.digest_of(facts)
    etag = f'"{digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            body = prerender.card_file(digest).read_bytes()
        except OSError:
            if ratelimit.within(request, "share-card-draw"):
                prerender.queue(kind, pk, facts)
            return _placeholder(request)
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
    facts = card_facts.dedication_facts(dedication)
    return _png(request, facts, _listed(event), "dedication", dedication.pk)


@require_GET
def event_card(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    return _png(request, card_facts.event_facts(event), _listed(event), "event", event.pk)


@require_GET
def hero_card(request: HttpRequest, hero_id: int) -> HttpResponse:
    hero = get_object_or_404(Hero.objects.select_related("agency"), pk=hero_id)
    return _png(request, card_facts.hero_facts(hero), True, "hero", hero.pk)


@require_GET
def site_card(request: HttpRequest) -> HttpResponse:
    return _png(request, card_facts.site_facts(), True, "site")
