"""What the cards say about a dedication, a run and a hero, from the database.

Only what the public pages already show: the hero's registry facts and a visible run's date and
place. Nothing about runners or the family ever reaches a card.
"""

from __future__ import annotations

from django.conf import settings

from memorialmiles.events.models import Dedication, Event
from memorialmiles.events.zones import zone_named
from memorialmiles.honors.models import Hero
from memorialmiles.sharing.card import CardFacts


def _day(date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def _watch(hero: Hero) -> str:
    parts = [hero.agency.name] if hero.agency_id else []
    if hero.end_of_watch:
        parts.append(f"End of watch {_day(hero.end_of_watch)}")
    return " · ".join(parts)


def _when_where(event: Event) -> str:
    parts = []
    if event.starts_at:
        local = event.starts_at.astimezone(zone_named(event.time_zone, settings.TIME_ZONE))
        parts.append(_day(local.date()))
    if event.place_name:
        parts.append(event.place_name)
    return " · ".join(parts)


def dedication_facts(dedication: Dedication) -> CardFacts:
    hero, event = dedication.hero, dedication.event
    kicker = f"Mile {dedication.mile:,}" if dedication.mile else "A memorial mile"
    lines = tuple(text for text in (_watch(hero), _when_where(event)) if text)
    return CardFacts(title=hero.display_name, kicker=kicker, lines=lines)


def event_facts(event: Event) -> CardFacts:
    names = [d.hero.display_name for d in event.dedications.select_related("hero")[:3]]
    lines = [_when_where(event)]
    if names:
        lines.append("Running for " + ", ".join(names))
    return CardFacts(title=event.title, kicker="Memorial run", lines=tuple(x for x in lines if x))


def hero_facts(hero: Hero) -> CardFacts:
    return CardFacts(title=hero.display_name, kicker="Honor roll", lines=(_watch(hero),))


def site_facts() -> CardFacts:
    return CardFacts(
        title="One mile for every first responder killed in the line of duty",
        kicker="Memorial Miles",
        lines=("Run with us, carry the flag, and never forget their names.",),
    )
