"""Likely duplicate heroes on the roll, for the organizer to review and merge by hand.

Never merged automatically: two officers of the same name served the same agency and died on
different days, and only a person can tell a typo from a second hero.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from memorialmiles.honors.models import Hero
from memorialmiles.registry import find_duplicates


@dataclass
class HeroPair:
    a: Hero
    b: Hero
    score: float
    reasons: list[str]


def likely_duplicates(*, state: str | None = None) -> list[HeroPair]:
    heroes = Hero.objects.select_related("agency")
    if state:
        heroes = heroes.filter(state=state.upper())
    by_id = {}
    rows = []
    for hero in heroes.iterator(chunk_size=5000):
        by_id[hero.pk] = hero
        rows.append(
            (
                hero.pk,
                SimpleNamespace(
                    rank=hero.rank,
                    first_name=hero.first_name,
                    middle_name=hero.middle_name,
                    last_name=hero.last_name,
                    suffix=hero.suffix,
                    nickname=hero.nickname,
                    k9=hero.k9,
                    agency=hero.agency.name if hero.agency else "",
                    agency_key=hero.agency.key if hero.agency else "",
                    state=hero.state,
                    end_of_watch=hero.end_of_watch,
                ),
            )
        )
    pairs = find_duplicates(rows)
    return [HeroPair(by_id[p.a_id], by_id[p.b_id], p.score, list(p.reasons)) for p in pairs]
