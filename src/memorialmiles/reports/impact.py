"""The impact figures, from the data itself.

Only runs the public can see in the list and that took place count: listed (public, not a
draft, not unlisted) and finished. A mile is a dedication on such a run, a hero is honored
once however many miles bear their name, a runner is a person (their registration key)
registered on such a run in any role but volunteer, a flag is presented when it reached the
family or the department (presented in person or received).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from memorialmiles.events.models import (
    Dedication,
    Event,
    EventStatus,
    MemorialItem,
    MemorialItemKind,
    MemorialItemStatus,
    Registration,
    RegistrationRole,
    RegistrationStatus,
)
from memorialmiles.registry.states import STATE_NAMES

FLAG_GIVEN = (MemorialItemStatus.PRESENTED, MemorialItemStatus.RECEIVED)


def counted_runs() -> QuerySet[Event]:
    return Event.objects.listed().filter(status=EventStatus.FINISHED)


@dataclass
class Impact:
    miles: int = 0
    heroes_honored: int = 0
    runs: int = 0
    runners: int = 0
    agencies: int = 0
    states: int = 0
    flags_presented: int = 0
    by_year: list[dict] = field(default_factory=list)
    by_state: list[dict] = field(default_factory=list)
    heroes: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "miles": self.miles,
            "heroes_honored": self.heroes_honored,
            "runs": self.runs,
            "runners": self.runners,
            "agencies": self.agencies,
            "states": self.states,
            "flags_presented": self.flags_presented,
            "by_year": self.by_year,
            "by_state": self.by_state,
        }

    def state_miles(self) -> dict[str, int]:
        return {row["state"]: row["miles"] for row in self.by_state}


def impact(year: int | None = None) -> Impact:
    """Everything since the first mile, or one year's (the run's year in its own zone)."""
    events = {e.pk: e for e in counted_runs().prefetch_related("partner_agencies")}
    if year is not None:
        events = {pk: e for pk, e in events.items() if _year(e) == year}
    dedications = list(
        Dedication.objects.filter(event_id__in=events)
        .select_related("hero", "hero__agency")
        .order_by("event__starts_at", "mile", "id")
    )
    out = Impact(miles=len(dedications), runs=len(events))
    heroes = {d.hero_id: d.hero for d in dedications}
    out.heroes_honored = len(heroes)
    agencies = {h.agency_id for h in heroes.values() if h.agency_id}
    agencies |= {a.pk for e in events.values() for a in e.partner_agencies.all()}
    out.agencies = len(agencies)
    out.states = len({h.state for h in heroes.values() if h.state})
    out.runners = (
        Registration.objects.filter(event_id__in=events, status=RegistrationStatus.REGISTERED)
        .exclude(role=RegistrationRole.VOLUNTEER)
        .values("person_key")
        .distinct()
        .count()
    )
    out.flags_presented = MemorialItem.objects.filter(
        event_id__in=events, kind=MemorialItemKind.FLAG, status__in=FLAG_GIVEN
    ).count()
    out.by_year = _by_year(events, dedications)
    out.by_state = _by_state(dedications)
    out.heroes = _heroes(dedications, events)
    return out


def _year(event: Event) -> int | None:
    return event.local_start.year if event.local_start else None


def _by_year(events: dict, dedications: list) -> list[dict]:
    rows: dict[int, dict] = defaultdict(lambda: {"miles": 0, "runs": 0, "heroes": set()})
    for event in events.values():
        if (y := _year(event)) is not None:
            rows[y]["runs"] += 1
    for d in dedications:
        if (y := _year(events[d.event_id])) is not None:
            rows[y]["miles"] += 1
            rows[y]["heroes"].add(d.hero_id)
    return [
        {"year": y, "miles": r["miles"], "runs": r["runs"], "heroes_honored": len(r["heroes"])}
        for y, r in sorted(rows.items())
    ]


def _by_state(dedications: list) -> list[dict]:
    rows: dict[str, dict] = defaultdict(lambda: {"miles": 0, "heroes": set()})
    for d in dedications:
        if d.hero.state:
            rows[d.hero.state]["miles"] += 1
            rows[d.hero.state]["heroes"].add(d.hero_id)
    return [
        {
            "state": s,
            "name": STATE_NAMES.get(s, s),
            "miles": r["miles"],
            "heroes_honored": len(r["heroes"]),
        }
        for s, r in sorted(rows.items(), key=lambda kv: (-kv[1]["miles"], kv[0]))
    ]


def _heroes(dedications: list, events: dict) -> list[dict]:
    """The heroes honored (public names, agencies, end of watch), first mile first."""
    seen, out = set(), []
    for d in dedications:
        if d.hero_id in seen:
            continue
        seen.add(d.hero_id)
        out.append({"hero": d.hero, "event": events[d.event_id]})
    return out


def running_count() -> int:
    """Miles run so far, for the home page."""
    return Dedication.objects.filter(event__in=counted_runs()).count()
