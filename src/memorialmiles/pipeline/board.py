"""What the board shows: heroes waiting for a mile and runs by stage, late ones marked.

Read-only; the writes are in `services`. A run's stage is worked out from the run, its plan
and its flags, never stored, so the board cannot disagree with the run's own page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from memorialmiles.events.models import (
    Dedication,
    Event,
    EventStatus,
    MemorialItem,
    MemorialItemKind,
    MemorialItemStatus,
)
from memorialmiles.honors.models import Hero
from memorialmiles.pipeline.models import TARGET_DAYS, MilePlan, Stage

WAITING_SHOWN = 60
THANKED_SHOWN_DAYS = 30


@dataclass
class Card:
    """One hero or one run on the board."""

    stage: str
    hero: Hero | None
    event: Event | None = None
    plan: MilePlan | None = None
    days: int | None = None  # since the end of watch
    late: bool = False

    @property
    def days_left(self) -> int | None:
        return None if self.days is None else TARGET_DAYS - self.days

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None else 0


def filter_heroes(qs: QuerySet, filters: dict, prefix: str = "") -> QuerySet:
    if state := filters.get("state"):
        qs = qs.filter(**{f"{prefix}state": state})
    if service := filters.get("service"):
        qs = qs.filter(**{f"{prefix}service": service})
    if agency := filters.get("agency"):
        qs = qs.filter(**{f"{prefix}agency_id": agency})
    return qs


def days_since(eow: dt.date | None, today: dt.date) -> int | None:
    return (today - eow).days if eow else None


def waiting(filters: dict, today: dt.date) -> tuple[list[Card], int]:
    """Newest end of watch first: the heroes the 30 days still run for, then the older roll."""
    heroes = filter_heroes(Hero.objects.awaiting_mile(), filters).select_related("agency")
    total = heroes.count()
    cards = []
    for hero in heroes.order_by("-end_of_watch", "last_name", "id")[:WAITING_SHOWN]:
        days = days_since(hero.end_of_watch, today)
        cards.append(Card(Stage.NEW, hero, days=days, late=days is not None and days > TARGET_DAYS))
    return cards, total


def stage_of(event: Event, plan: MilePlan | None, flags: list[MemorialItem]) -> str:
    if plan is not None and plan.family_thanked_at:
        return Stage.THANKED
    statuses = {f.status for f in flags}
    if statuses & {MemorialItemStatus.RECEIVED, MemorialItemStatus.PRESENTED}:
        return Stage.FLAG_RECEIVED
    if MemorialItemStatus.SHIPPED in statuses:
        return Stage.FLAG_SENT
    if event.status == EventStatus.FINISHED:
        return Stage.RUN
    if event.status in (EventStatus.SCHEDULED, EventStatus.LIVE):
        return Stage.PUBLISHED
    if plan is not None and plan.confirmed_at:
        return Stage.CONFIRMED
    if plan is not None and plan.invited_at:
        return Stage.INVITED
    return Stage.PROPOSED


def runs(filters: dict, today: dt.date) -> list[Card]:
    """Runs on their way: drafts and published runs, and finished runs until the family is
    thanked (shown a month more); runs from before the pipeline, with no plan, once finished
    are the record's, not the board's."""
    recent = timezone.now() - dt.timedelta(days=THANKED_SHOWN_DAYS)
    events = Event.objects.exclude(status=EventStatus.CANCELLED).filter(
        Q(status__in=[EventStatus.PROPOSED, EventStatus.SCHEDULED, EventStatus.LIVE])
        | Q(plan__isnull=False, plan__family_thanked_at__isnull=True)
        | Q(plan__family_thanked_at__gte=recent)
    )
    if filters:
        heroes = filter_heroes(Hero.objects.all(), filters)
        events = events.filter(dedications__hero__in=heroes)
    events = (
        events.distinct()
        .select_related("plan")
        .prefetch_related(
            Prefetch(
                "dedications",
                Dedication.objects.select_related("hero__agency"),
                to_attr="heroes_of",
            ),
            Prefetch(
                "memorial_items",
                MemorialItem.objects.filter(kind=MemorialItemKind.FLAG),
                to_attr="flags",
            ),
            "partner_agencies",
        )
        .order_by("starts_at", "id")
    )
    cards = []
    for event in events:
        plan = getattr(event, "plan", None)
        hero = event.heroes_of[0].hero if event.heroes_of else None
        days = days_since(hero.end_of_watch if hero else None, today)
        stage = stage_of(event, plan, event.flags)
        cards.append(
            Card(stage, hero, event=event, plan=plan, days=days, late=_late(event, stage, hero))
        )
    return cards


def _late(event: Event, stage: str, hero: Hero | None) -> bool:
    """Not yet run, and its date (or today, for a run with none) is past the 30 days."""
    if hero is None or hero.end_of_watch is None:
        return False
    if stage not in (Stage.PROPOSED, Stage.INVITED, Stage.CONFIRMED, Stage.PUBLISHED):
        return False
    day = event.local_start.date() if event.local_start else timezone.localdate()
    return (day - hero.end_of_watch).days > TARGET_DAYS


def columns(cards: list[Card]) -> list[tuple[str, str, list[Card]]]:
    by_stage: dict[str, list[Card]] = {s: [] for s in Stage.values}
    for card in cards:
        by_stage[card.stage].append(card)
    return [(s.value, s.label, by_stage[s.value]) for s in Stage]
