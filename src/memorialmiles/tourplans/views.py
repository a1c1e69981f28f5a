"""The organizers' tour planner pages. Every view is for organizers only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from memorialmiles.core.csvsafe import csv_stream
from memorialmiles.core.roles import Role, role_required
from memorialmiles.honors.models import Hero
from memorialmiles.tourplans import exports, services
from memorialmiles.tourplans.forms import CANDIDATES, StopEditForm, TourForm
from memorialmiles.tourplans.models import Tour, TourStop
from memorialmiles.tourplans.places import place_of

organizers = role_required(Role.ORGANIZER)


@organizers
@require_GET
def tour_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tourplans/tour_list.html", {"tours": Tour.objects.all()[:200]})


@organizers
@require_http_methods(["GET", "POST"])
def tour_new(request: HttpRequest) -> HttpResponse:
    form = TourForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stops = services.backlog_by_agency(
            [a.pk for a in data["agencies"]], [h.pk for h in data["heroes"]]
        )
        fields = {k: v for k, v in data.items() if k not in ("agencies", "heroes")}
        tour = services.create_tour(fields, stops, request.user)
        messages.success(request, f"Tour planned: {len(stops)} stops.")
        return redirect(tour)
    return render(
        request,
        "tourplans/tour_new.html",
        {
            "form": form,
            "candidates": _candidates(_state(request)),
            "state": _state(request),
        },
    )


def _state(request) -> str:
    """The state filter: two letters, or none (a stray byte such as NUL never reaches SQL)."""
    code = request.GET.get("state", "").strip().upper()[:2]
    return code if len(code) == 2 and code.isascii() and code.isalpha() else ""


def _candidates(state: str) -> list[tuple]:
    """Agencies with heroes waiting for a mile, each with those heroes."""
    waiting = Hero.objects.awaiting_mile().filter(agency__isnull=False).select_related("agency")
    if state := state.strip().upper()[:2]:
        waiting = waiting.filter(agency__state=state)
    by_agency: dict = {}
    for hero in waiting.order_by("agency__state", "agency__name", "last_name")[:2000]:
        by_agency.setdefault(hero.agency, []).append(hero)
        if len(by_agency) > CANDIDATES:
            break
    return list(by_agency.items())[:CANDIDATES]


@organizers
@require_GET
def tour_detail(request: HttpRequest, tour_id: int) -> HttpResponse:
    tour = get_object_or_404(Tour, pk=tour_id)
    stops = {
        s.key: s for s in tour.stops.select_related("agency", "event").prefetch_related("heroes")
    }
    days = [
        {**day, "stop_objects": [stops[sid] for sid in day["stops"] if sid in stops]}
        for day in tour.plan.get("days", [])
    ]
    unplanned = [{**u, "stop": stops.get(u["id"])} for u in tour.plan.get("unplanned", [])]
    return render(
        request,
        "tourplans/tour_detail.html",
        {
            "tour": tour,
            "days": days,
            "unplanned": unplanned,
            "map_data": _map_data(tour, stops),
            "proposed": sum(1 for s in stops.values() if s.event_id),
        },
    )


def _map_data(tour: Tour, stops: dict) -> dict:
    points = []
    for n, day in enumerate(tour.plan.get("days", []), start=1):
        for sid in day["stops"]:
            agency = stops[sid].agency
            lat, lon = place_of(agency) or (None, None)
            points.append(
                {
                    "lat": lat,
                    "lon": lon,
                    "day": n,
                    "date": day["date"],
                    "name": str(agency),
                }
            )
    nights = [day["night"] for day in tour.plan.get("days", []) if "night" in day]
    return {
        "start": [tour.start_lat, tour.start_lon],
        "start_name": tour.start_name,
        "stops": points,
        "route": [[tour.start_lat, tour.start_lon], *nights],
    }


@require_POST
@organizers
def tour_stop(request: HttpRequest, tour_id: int, stop_id: int) -> HttpResponse:
    stop = get_object_or_404(TourStop.objects.select_related("tour"), pk=stop_id, tour_id=tour_id)
    form = StopEditForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            where = "" if field == "__all__" else f" ({field})"
            messages.error(request, f"{stop.agency}{where}: {' '.join(errors)}")
        return redirect(stop.tour)
    d = form.cleaned_data
    services.edit_stop(stop, d["action"], d.get("day"), d.get("earliest"), d.get("latest"))
    messages.success(request, f"{stop.agency}: done, and the rest of the tour solved again.")
    return redirect(stop.tour)


@require_POST
@organizers
def tour_propose(request: HttpRequest, tour_id: int) -> HttpResponse:
    tour = get_object_or_404(Tour, pk=tour_id)
    made = services.propose_runs(tour, request.user)
    messages.success(request, f"{len(made)} proposed run{'s' if len(made) != 1 else ''} made.")
    return redirect(tour)


@organizers
@require_GET
def tour_ics(request: HttpRequest, tour_id: int) -> HttpResponse:
    tour = get_object_or_404(Tour, pk=tour_id)
    response = HttpResponse(exports.ical(tour), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tour-{tour.pk}.ics"'
    return response


@organizers
@require_GET
def tour_csv(request: HttpRequest, tour_id: int) -> StreamingHttpResponse:
    tour = get_object_or_404(Tour, pk=tour_id)
    rows = list(exports.csv_rows(tour))
    response = StreamingHttpResponse(
        csv_stream(exports.CSV_HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="tour-{tour.pk}.csv"'
    return response
