from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from memorialmiles.core.pagecache import shared_page
from memorialmiles.core.ratelimit import ratelimit
from memorialmiles.honors import export
from memorialmiles.honors.forms import filter_errors
from memorialmiles.honors.models import Agency, Hero, MileStatus, Service
from memorialmiles.honors.search import did_you_mean, order_heroes
from memorialmiles.honors.states import STATE_CHOICES, STATES

PAGE_SIZE = 50


def cause_choices() -> list[str]:
    """The causes on the roll, for the wall's filter; a distinct scan of the whole table, so
    kept in the shared cache for a few minutes."""
    return cache.get_or_set(
        "honors:causes",
        lambda: list(
            Hero.objects.exclude(cause="")
            .order_by("cause")
            .values_list("cause", flat=True)
            .distinct()[:200]
        ),
        600,
    )


def _wall_queryset(params):
    heroes = Hero.objects.filter_wall(params).with_mile_status().for_list()
    return order_heroes(heroes.with_public_miles(), params)


@shared_page
@require_GET
def honor_wall(request: HttpRequest) -> HttpResponse:
    errors = filter_errors(request.GET)
    heroes = Hero.objects.none() if errors else _wall_queryset(request.GET)
    page = Paginator(heroes, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    suggestion = None
    if not errors and not page.paginator.count and (q := request.GET.get("q", "").strip()):
        suggestion = did_you_mean(q)
    context = {
        "page": page,
        "params": request.GET,
        "query_string": query.urlencode(),
        "states": STATE_CHOICES,
        "services": Service.choices,
        "mile_statuses": MileStatus.choices,
        "causes": cause_choices(),
        "did_you_mean": suggestion,
        "sorts": [
            ("", "Best match"),
            ("name", "Name"),
            ("-eow", "Most recent"),
            ("eow", "Oldest"),
            ("state", "State"),
        ],
        "filter_errors": errors,
    }
    return render(request, "honors/honor_wall.html", context, status=400 if errors else 200)


@require_GET
@ratelimit("export-heroes")
def honor_wall_csv(request: HttpRequest) -> HttpResponse:
    if errors := filter_errors(request.GET):
        return HttpResponseBadRequest(" ".join(errors), content_type="text/plain")
    response = StreamingHttpResponse(export.csv_chunks(request.GET), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="honor-roll.csv"'
    return response


@require_GET
def hero_detail(request: HttpRequest, hero_id: int) -> HttpResponse:
    heroes = Hero.objects.with_mile_status().with_public_miles().select_related("agency")
    hero = get_object_or_404(heroes, pk=hero_id)
    return render(
        request,
        "honors/hero_detail.html",
        {"hero": hero, "sources": hero.sources.all(), "miles": hero_miles(hero)},
    )


def hero_miles(hero: Hero) -> list:
    """The hero's miles on listed events: an organizer's draft, a cancelled run or an unlisted
    one never shows on this public page."""
    return getattr(hero, "public_miles", [])


@require_GET
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=agency_id)
    heroes = agency.heroes.with_public_miles().order_by("-end_of_watch", "last_name")
    page = Paginator(heroes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "honors/agency_detail.html", {"agency": agency, "page": page})


@require_GET
def state_list(request: HttpRequest) -> HttpResponse:
    counts = dict(Hero.objects.exclude(state="").values_list("state").annotate(n=Count("id")))
    states = [(code, name, counts.get(code, 0)) for code, name in STATE_CHOICES]
    return render(request, "honors/state_list.html", {"states": states})


@require_GET
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    code = code.upper()
    if code not in STATES:
        raise Http404("No such state or territory.")
    heroes = Hero.objects.filter(state=code).select_related("agency").with_public_miles()
    page = Paginator(heroes.order_by("-end_of_watch", "last_name"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    span = heroes.aggregate(first=Min("end_of_watch"), last=Max("end_of_watch"))
    agencies = (
        Agency.objects.filter(state=code)
        .annotate(n=Count("heroes"))
        .filter(n__gt=0)
        .order_by("-n", "name")[:25]
    )
    return render(
        request,
        "honors/state_detail.html",
        {
            "code": code,
            "state_name": STATES[code],
            "page": page,
            "span": span,
            "agencies": agencies,
        },
    )
