"""Finding heroes that are likely the same person entered twice.

Candidates must die within `max_days` of each other in the same state (or one state unknown),
so the search is blocked by end of watch: each hero is compared only with the few heroes of
nearby dates, which keeps 100,000 heroes to well under a second. Two people with the same name
and agency but end-of-watch dates further apart are never paired, and never merged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .names import name_key

# Common English given-name variants a registry may use in place of the legal name.
_NICKNAMES = {
    "william": {"bill", "billy", "will", "willie", "wm"},
    "robert": {"bob", "bobby", "rob", "bert"},
    "richard": {"dick", "rick", "ricky", "rich"},
    "james": {"jim", "jimmy", "jimmie", "jas"},
    "john": {"jack", "johnny", "jno"},
    "joseph": {"joe", "joey", "jos"},
    "charles": {"charlie", "chuck", "chas"},
    "thomas": {"tom", "tommy", "thos"},
    "edward": {"ed", "eddie", "ted", "ned"},
    "michael": {"mike", "mick"},
    "anthony": {"tony"},
    "daniel": {"dan", "danny"},
    "david": {"dave"},
    "steven": {"steve"},
    "stephen": {"steve"},
    "samuel": {"sam"},
    "benjamin": {"ben"},
    "christopher": {"chris"},
    "matthew": {"matt"},
    "henry": {"hank", "harry"},
    "lawrence": {"larry"},
    "patrick": {"pat"},
    "timothy": {"tim"},
    "kenneth": {"ken", "kenny"},
    "ronald": {"ron", "ronnie"},
    "donald": {"don", "donnie"},
    "gerald": {"jerry"},
    "frederick": {"fred"},
    "alexander": {"alex"},
    "nicholas": {"nick"},
    "andrew": {"andy", "drew"},
    "raymond": {"ray"},
    "gregory": {"greg"},
    "jeffrey": {"jeff"},
    "douglas": {"doug"},
    "eugene": {"gene"},
    "leonard": {"len", "leo"},
}
_SAME_NAME: dict[str, str] = {}
for _full, _shorts in _NICKNAMES.items():
    for _short in _shorts:
        _SAME_NAME[_short] = _full


class HeroLike(Protocol):
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    nickname: str
    k9: bool
    agency_key: str
    state: str
    end_of_watch: date | None


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    a_id: Hashable
    b_id: Hashable
    score: float  # 0..1, 1 for the same name, agency, state and date
    reasons: tuple[str, ...]


def find_duplicates(
    heroes: Iterable[tuple[Hashable, HeroLike]],
    *,
    max_days: int = 3,
    min_score: float = 0.8,
) -> list[DuplicatePair]:
    """Likely duplicate pairs, best first; heroes without an end of watch are not compared."""
    by_date: dict[date, list[tuple[Hashable, HeroLike, str, str]]] = defaultdict(list)
    for hero_id, hero in heroes:
        if hero.end_of_watch is not None:
            last = _part_key(hero.last_name)
            by_date[hero.end_of_watch].append((hero_id, hero, last, _first(hero)))
    pairs: list[DuplicatePair] = []
    for day, group in by_date.items():
        others = [(0, group)]
        others += [
            (offset, by_date[day + timedelta(days=offset)])
            for offset in range(1, max_days + 1)
            if day + timedelta(days=offset) in by_date
        ]
        for offset, other in others:
            for i, a in enumerate(group):
                for b in other[i + 1 :] if offset == 0 else other:
                    pair = _compare(a, b, offset, min_score)
                    if pair is not None:
                        pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, str(p.a_id), str(p.b_id)))
    return pairs


@lru_cache(maxsize=65536)
def _part_key(part: str) -> str:
    """`name_key` of one name part: parts repeat (first names above all), whole names do not."""
    return name_key(part, "", "", "")


def _first(hero: HeroLike) -> str:
    first = _part_key(hero.first_name)
    return _SAME_NAME.get(first, first)


def _compare(
    a: tuple[Hashable, HeroLike, str, str],
    b: tuple[Hashable, HeroLike, str, str],
    days_apart: int,
    min_score: float,
) -> DuplicatePair | None:
    a_id, ha, a_last, a_first = a
    b_id, hb, b_last, b_first = b
    if ha.k9 != hb.k9 or (ha.state and hb.state and ha.state != hb.state):
        return None
    last = _typo_score(a_last, b_last)
    if last is None:
        return None
    reasons: list[str] = []
    score = last
    if last < 1:
        reasons.append("last names differ slightly")
    first = _first_score(ha, hb, a_first, b_first)
    if first is None:
        return None
    if first < 1:
        reasons.append("first name is a variant")
    score *= first
    middle_a, middle_b = _part_key(ha.middle_name), _part_key(hb.middle_name)
    if middle_a and middle_b and middle_a != middle_b:
        if middle_a[0] != middle_b[0]:
            return None
        reasons.append("middle initial against full middle name")
        score *= 0.97
    elif middle_a != middle_b:
        reasons.append("middle name missing on one side")
        score *= 0.97
    if ha.suffix != hb.suffix:
        if ha.suffix and hb.suffix and _part_key(ha.suffix) != _part_key(hb.suffix):
            return None
        reasons.append("suffix missing on one side")
        score *= 0.97
    if ha.agency_key and hb.agency_key and ha.agency_key != hb.agency_key:
        similarity = fuzz.token_set_ratio(ha.agency_key, hb.agency_key) / 100
        if similarity < 0.8:
            return None
        reasons.append("agency names differ")
        score *= similarity
    elif not (ha.agency_key and hb.agency_key):
        reasons.append("agency unknown on one side")
        score *= 0.95
    if not (ha.state and hb.state):
        reasons.append("state unknown on one side")
        score *= 0.95
    if days_apart:
        reasons.append(f"end of watch {days_apart} day(s) apart")
        score *= 0.9
    if score < min_score:
        return None
    if not reasons:
        reasons.append("same name, agency, state and end of watch")
    return DuplicatePair(a_id, b_id, round(score, 3), tuple(reasons))


def _first_score(ha: HeroLike, hb: HeroLike, a_first: str, b_first: str) -> float | None:
    if a_first == b_first:
        return 1.0
    if not a_first or not b_first:
        return 0.9
    nick_a = _part_key(ha.nickname)
    nick_b = _part_key(hb.nickname)
    if a_first in {nick_b, _SAME_NAME.get(nick_b)} or b_first in {nick_a, _SAME_NAME.get(nick_a)}:
        return 0.95
    if len(a_first) == 1 or len(b_first) == 1:  # an initial
        return 0.9 if a_first[0] == b_first[0] else None
    return _typo_score(a_first, b_first)


def _typo_score(a: str, b: str) -> float | None:
    """1 for equal, a little less per typo; None beyond one typo (two for long names).

    Counted as edits, with a swap of two letters as one, because that is how people mistype
    ("Smiht"); a ratio would let short different names ("Dean", "Dan") through.
    """
    if a == b:
        return 1.0
    allowed = 2 if min(len(a), len(b)) >= 8 else 1 if min(len(a), len(b)) >= 4 else 0
    edits = OSA.distance(a, b, score_cutoff=allowed)
    return None if edits > allowed else 1 - 0.05 * edits
