"""Demo data: the Huntsville run of 2023-04-22, told only from the project's demo facts, and one
fictional upcoming memorial mile with fictional registrations. Safe to run again.

What the facts do not give (the start hour, the mile number, the surveyed course) is left empty
or marked illustrative; nothing is invented about a real person.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from geographiclib.geodesic import Geodesic

from memorialmiles.courses.models import Course
from memorialmiles.events.models import (
    Dedication,
    Event,
    EventStatus,
    EventStatusChange,
    InjuredResponder,
    MemorialItem,
    ProgramItem,
    Registration,
)
from memorialmiles.events.services import STATE_ZONES, apply_program, next_mile_number, register
from memorialmiles.honors.demo import crumby, huntsville_police
from memorialmiles.honors.models import Hero

HUNTSVILLE_TITLE = "Memorial mile for Officer Garrett Crumby"
UPCOMING_TITLE = "Sample memorial mile (fictional demo event)"
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
# (lon, lat): approximate points from the courthouse square to 815 Wheeler Avenue. Drawn by hand.
ILLUSTRATIVE_LINE = [
    (-86.5861, 34.7303),
    (-86.5856, 34.7345),
    (-86.5890, 34.7358),
    (-86.5920, 34.7372),
    (-86.5940, 34.7400),
    (-86.5952, 34.7388),
]


def line_length_m(points: list[tuple[float, float]]) -> float:
    geod = Geodesic.WGS84
    return sum(
        geod.Inverse(lat1, lon1, lat2, lon2)["s12"]
        for (lon1, lat1), (lon2, lat2) in zip(points, points[1:], strict=False)
    )


def huntsville_course() -> Course:
    course, _ = Course.objects.update_or_create(
        name="South Side Square to Huntsville Police Headquarters (illustrative)",
        defaults={
            "start_place": "Fallen Officers Memorial, South Side Square, Huntsville, AL",
            "finish_place": "Huntsville Police Headquarters memorial, 815 Wheeler Avenue",
            "agency": huntsville_police(),
            "illustrative": True,
            "description": "No surveyed track of this run is public: this line is drawn by hand "
            "between the two places to show the route's shape and is illustrative only.",
            "geometry": {"type": "LineString", "coordinates": [list(p) for p in ILLUSTRATIVE_LINE]},
            "distance_m": round(line_length_m(ILLUSTRATIVE_LINE), 1),
        },
    )
    return course


def huntsville_run() -> Event:
    agency = huntsville_police()
    hero = crumby()
    event, created = Event.objects.update_or_create(
        title=HUNTSVILLE_TITLE,
        defaults={
            "kind": "mile",
            # The hour is not in the facts: only the date is shown (noon keeps it in any zone).
            "starts_at": dt.datetime(2023, 4, 22, 12, 0, tzinfo=CHICAGO).astimezone(dt.UTC),
            "start_time_known": False,
            "time_zone": "America/Chicago",
            "place_name": "Fallen Officers Memorial, South Side Square",
            "place_address": "South Side Square, Huntsville, AL",
            "course": huntsville_course(),
            "organized_by": "Running 4 Heroes with the Huntsville Police Department",
            "status": EventStatus.FINISHED,
            "visibility": "public",
            "registration_open": False,
            "summary": "About one mile from the Fallen Officers Memorial at South Side Square to "
            "the memorial at Huntsville Police Headquarters, 815 Wheeler Avenue. The runner "
            "carried a flag during the mile, presented it to the Crumby family at the finish "
            "and called for 21 seconds of silence.",
            "finished_note": "The group finished in about eight minutes.",
        },
    )
    if created:
        EventStatusChange.objects.create(event=event, to_status=EventStatus.FINISHED)
    event.partner_agencies.add(agency)
    dedication, _ = Dedication.objects.get_or_create(event=event, hero=hero, defaults={"order": 0})
    if not event.program.exists():
        ProgramItem.objects.bulk_create(
            [
                ProgramItem(event=event, order=0, kind="intro", title=dedication.intro),
                ProgramItem(event=event, order=1, kind="mile", title="The mile, carrying the flag"),
                ProgramItem(
                    event=event, order=2, kind="flag", title="Flag presented to the Crumby family"
                ),
                ProgramItem(
                    event=event,
                    order=3,
                    kind="silence",
                    title="Moment of silence",
                    silence_seconds=21,
                ),
            ]
        )
    MemorialItem.objects.update_or_create(
        event=event,
        kind="flag",
        defaults={
            "dedication": dedication,
            "status": "presented",
            "recipient_kind": "family",
            "recipient": "the Crumby family",
            "note": "Carried during the mile and presented at the finish.",
        },
    )
    InjuredResponder.objects.update_or_create(
        event=event,
        name="Officer Albert Morin",
        defaults={
            "agency": agency,
            "note": "Injured in the same incident; recovering at the time of the run.",
        },
    )
    return event


def upcoming_run(today: dt.date | None = None) -> Event:
    event = Event.objects.filter(title=UPCOMING_TITLE).first()
    if event is None:
        hero = (
            Hero.objects.awaiting_mile()
            .exclude(pk=crumby().pk)
            .exclude(state="")
            .order_by("-end_of_watch", "id")
            .first()
        )
        zone = STATE_ZONES.get(hero.state if hero else "", "America/New_York")
        day = (today or dt.date.today()) + dt.timedelta(days=30)
        start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=zoneinfo.ZoneInfo(zone))
        event = Event.objects.create(
            title=UPCOMING_TITLE,
            kind="mile",
            starts_at=start.astimezone(dt.UTC),
            time_zone=zone,
            place_name="Sample park (fictional)",
            place_address="Fictional demo place",
            organized_by="Memorial Miles demo (fictional)",
            status=EventStatus.SCHEDULED,
            capacity=40,
            how_to_join="A fictional event for the demo: register below, or watch the stream.",
            waiver_text="Sample waiver for the demo (fictional): I run at "
            "my own risk and follow the marshals' directions.",
            waiver_version="demo-1",
            first_bib=101,
        )
        EventStatusChange.objects.create(event=event, to_status=EventStatus.SCHEDULED)
        if hero:
            Dedication.objects.create(event=event, hero=hero, mile=next_mile_number())
            if hero.agency_id:
                event.partner_agencies.add(hero.agency)
        apply_program(event)
    for n in range(1, 13):
        if not Registration.objects.filter(
            event=event, first_name="Sample", last_name=f"Runner {n}"
        ).exists():
            register(
                event,
                first_name="Sample",
                last_name=f"Runner {n}",
                email=f"sample.runner{n}@example.com",
                emergency_name="Sample Contact",
                emergency_phone="555-0100",
                waiver_accepted_at=event.created_at,
                role="runner" if n % 4 else "officer",
                send_email=False,
            )
    return event


def load(stdout) -> None:
    run = huntsville_run()
    stdout.write(
        f"Events: {run.title}, {run.local_start:%Y-%m-%d} ({run.time_zone}), "
        f"course {run.course.distance_m:.0f} m (illustrative)"
    )
    upcoming = upcoming_run()
    stdout.write(
        f"Events: {upcoming.title} with {upcoming.registrations.count()} fictional registrations"
    )
