"""Tours: from the organizer's choice to a solved plan, hand edits, and proposed runs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction

from memorialmiles.events.models import Dedication, Event, EventStatus
from memorialmiles.events.services import local_to_utc, next_mile_number, plan_mile
from memorialmiles.honors.models import Agency, Hero
from memorialmiles.tourplans.models import Tour, TourStop
from memorialmiles.tourplans.places import place_of
from memorialmiles.tours.model import Options, Stop
from memorialmiles.tours.solve import plan as solve_plan

DROPPED = "dropped by hand"
NO_PLACE = (
    "no place for the agency: no coordinates, and its city is not among the US cities known; "
    "add its coordinates on the agency to plan this stop"
)
# A proposed run's hour until the organizer sets one (start_time_known is False).
RUN_HOUR = 10


def backlog_by_agency(agency_ids, hero_ids) -> dict[Agency, list[Hero]]:
    """The picked agencies with all their heroes still waiting for a mile, and the picked
    heroes at their own agencies. A hero with no agency has no place to visit: left out."""
    waiting = Hero.objects.awaiting_mile().select_related("agency").filter(agency__isnull=False)
    chosen = waiting.filter(agency_id__in=agency_ids) | waiting.filter(pk__in=hero_ids)
    stops: dict[Agency, list[Hero]] = defaultdict(list)
    for hero in chosen.order_by("agency_id", "end_of_watch", "id"):
        stops[hero.agency].append(hero)
    for agency in Agency.objects.filter(pk__in=agency_ids):
        stops.setdefault(agency, [])
    return dict(stops)


@transaction.atomic
def create_tour(fields: dict, stops: dict[Agency, list[Hero]], user) -> Tour:
    tour = Tour.objects.create(**fields, created_by=user)
    for agency, heroes in stops.items():
        stop = TourStop.objects.create(tour=tour, agency=agency)
        stop.heroes.set(heroes)
    solve(tour)
    return tour


def solve(tour: Tour) -> dict:
    """Solve the tour again from its stops as they are now, and keep the plan on the tour."""
    stops = list(tour.stops.select_related("agency"))
    core_stops, unplanned = [], []
    for s in stops:
        if s.dropped:
            unplanned.append({"id": s.key, "reason": DROPPED})
        elif (place := place_of(s.agency)) is None:
            unplanned.append({"id": s.key, "reason": NO_PLACE})
        else:
            core_stops.append(Stop(s.key, s.agency.name, *place, s.earliest, s.latest))
    options = Options(
        start_lat=tour.start_lat,
        start_lon=tour.start_lon,
        start_date=tour.start_date,
        miles_per_day=tour.miles_per_day,
        rest_every=tour.rest_every or None,
        max_drive_hours=tour.max_drive_hours,
        seconds=settings.TOURS_SOLVER_SECONDS,
    )
    result = solve_plan(core_stops, options, settings.TOURS_ROADS)
    plan = result.as_json()
    for day, json_day in zip(result.days, plan["days"], strict=True):
        json_day["night"] = [round(day.night[0], 5), round(day.night[1], 5)]
        json_day["rest"] = day.rest
    plan["unplanned"] += unplanned
    plan["total_drive_hours"] = round(result.total_drive_hours, 1)
    tour.plan = plan
    tour.save(update_fields=["plan", "updated_at"])
    return plan


def planned_dates(tour: Tour) -> dict[str, dt.date]:
    return {
        sid: dt.date.fromisoformat(day["date"])
        for day in tour.plan.get("days", [])
        for sid in day["stops"]
    }


@transaction.atomic
def edit_stop(
    stop: TourStop,
    action: str,
    day: dt.date | None = None,
    earliest: dt.date | None = None,
    latest: dt.date | None = None,
) -> None:
    """move/pin: run on `day` exactly; unpin: any day; window: the agency's dates;
    drop / restore: out of the plan and back. The rest is solved again."""
    if action in ("move", "pin"):
        stop.earliest = stop.latest = day
    elif action == "unpin":
        stop.earliest = stop.latest = None
    elif action == "window":
        stop.earliest, stop.latest = earliest, latest
    elif action in ("drop", "restore"):
        stop.dropped = action == "drop"
    else:
        raise ValueError(f"unknown action {action!r}")
    stop.save()
    solve(stop.tour)


@transaction.atomic
def propose_runs(tour: Tour, user) -> list[Event]:
    """One proposed run per planned stop, on its day, honoring the stop's heroes. A hero with
    a draft already keeps it (plan_mile answers it); a stop already turned into a run is not
    turned again, so a second click adds nothing."""
    dates = planned_dates(tour)
    made = []
    for stop in tour.stops.select_related("agency").prefetch_related("heroes"):
        if stop.event_id or stop.key not in dates:
            continue
        heroes = list(stop.heroes.all())
        if not heroes:
            continue
        event, _ = plan_mile(heroes[0], user)
        for order, hero in enumerate(heroes[1:], start=1):
            if not Dedication.objects.filter(event=event, hero=hero).exists():
                Dedication.objects.create(
                    event=event, hero=hero, mile=next_mile_number(), order=order
                )
        if event.status == EventStatus.PROPOSED and event.starts_at is None:
            event.starts_at = local_to_utc(
                event, dt.datetime.combine(dates[stop.key], dt.time(RUN_HOUR))
            )
            event.start_time_known = False
            event.latitude, event.longitude = place_of(stop.agency) or (None, None)
            event.save(
                update_fields=[
                    "starts_at",
                    "start_time_known",
                    "latitude",
                    "longitude",
                    "updated_at",
                ]
            )
        stop.event = event
        stop.save(update_fields=["event"])
        made.append(event)
    return made
