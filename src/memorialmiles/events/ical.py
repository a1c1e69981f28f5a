"""iCalendar (RFC 5545) for one event or the upcoming ones, in each event's own time zone.

Only public fields go in: a feed is fetched by calendar servers nobody controls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from memorialmiles.events.models import Event, EventStatus

PRODID = "-//Memorial Miles//memorial runs//EN"
DEFAULT_LENGTH = dt.timedelta(hours=1)
STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.LIVE: "CONFIRMED",
    EventStatus.FINISHED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.PROPOSED: "TENTATIVE",
}


def calendar_bytes(events: Iterable[Event], base_url: str, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    zones = set()
    for event in events:
        if event.starts_at:
            cal.add_component(_vevent(event, base_url))
            zones.add(event.time_zone)
    cal.add_missing_timezones()
    # A date-only event names no TZID; its zone still travels with it for the reader.
    present = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    for zone in sorted(zones - present):
        cal.add_component(Timezone.from_tzid(zone))
    return cal.to_ical()


def _vevent(event: Event, base_url: str) -> VEvent:
    start = event.local_start
    whole_day = not event.start_time_known
    url = base_url.rstrip("/") + event.get_absolute_url()
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@memorialmiles")
    vevent.add("dtstamp", event.updated_at.astimezone(dt.UTC))
    if whole_day:  # only the date is known: say so rather than invent an hour
        vevent.add("dtstart", start.date())
        vevent.add("dtend", start.date() + dt.timedelta(days=1))
    else:
        vevent.add("dtstart", start)
        vevent.add("dtend", start + DEFAULT_LENGTH)
    vevent.add("summary", event.title)
    vevent.add("status", STATUS[event.status])
    vevent.add("url", url)
    location = ", ".join(x for x in (event.place_name, event.place_address) if x)
    if location:
        vevent.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (event.latitude, event.longitude))
    vevent.add("description", _description(event, url))
    return vevent


def _description(event: Event, url: str) -> str:
    lines = []
    for dedication in event.dedications.all():
        lines.append(dedication.intro + (f" (mile {dedication.mile:,})" if dedication.mile else ""))
    if event.stream_url:
        lines.append(f"Watch live: {event.stream_url}")
    lines.append(url)
    return "\n".join(lines)
