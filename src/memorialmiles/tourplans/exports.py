"""A tour to take along: iCalendar (one all-day entry per day with a stop) and CSV."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from icalendar import Event as VEvent

from memorialmiles.tourplans.models import Tour

PRODID = "-//Memorial Miles//tours//EN"
CSV_HEADER = ["date", "stop", "agency", "heroes", "drive_km", "drive_hours", "rest"]


def _names(tour: Tour) -> dict[str, tuple[str, str]]:
    return {
        s.key: (str(s.agency), ", ".join(h.display_name for h in s.heroes.all()))
        for s in tour.stops.select_related("agency").prefetch_related("heroes")
    }


def ical(tour: Tour) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", tour.name)
    names = _names(tour)
    for day in tour.plan.get("days", []):
        for sid in day["stops"]:
            agency, heroes = names.get(sid, (sid, ""))
            date = dt.date.fromisoformat(day["date"])
            vevent = VEvent()
            vevent.add("uid", f"tour-{tour.pk}-stop-{sid}@memorialmiles")
            vevent.add("dtstamp", tour.updated_at.astimezone(dt.UTC))
            vevent.add("dtstart", date)
            vevent.add("dtend", date + dt.timedelta(days=1))
            vevent.add("summary", f"Memorial mile: {agency}")
            vevent.add("status", "TENTATIVE")
            vevent.add(
                "description",
                f"Honoring {heroes}. Drive {day['drive_km']} km ({day['drive_hours']} h) that day."
                if heroes
                else f"Drive {day['drive_km']} km ({day['drive_hours']} h) that day.",
            )
            cal.add_component(vevent)
    return cal.to_ical()


def csv_rows(tour: Tour):
    names = _names(tour)
    for day in tour.plan.get("days", []):
        stops = day["stops"] or [""]
        for sid in stops:
            agency, heroes = names.get(sid, ("", "")) if sid else ("", "")
            yield [
                day["date"],
                sid,
                agency,
                heroes,
                day["drive_km"],
                day["drive_hours"],
                "yes" if day.get("rest") else "",
            ]
