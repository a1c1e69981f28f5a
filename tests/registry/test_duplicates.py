"""Likely duplicates: name variants with the same agency, state and end of watch."""

from __future__ import annotations

from datetime import date

from memorialmiles.registry import HeroRow, find_duplicates, normalise_agency

AGENCY = "Huntsville Police Department"


def hero(
    first="William", middle="", last="Smith", suffix="", nickname="", eow=date(2001, 5, 6), **kw
):
    fields = dict(
        line=2, rank="Officer", first_name=first, middle_name=middle, last_name=last, suffix=suffix,
        nickname=nickname, k9=False, agency=AGENCY, agency_key=normalise_agency(AGENCY), state="AL",
        country="US", service="police", end_of_watch=eow, incident_date=None, cause="Gunfire",
        source_registry="test", source_id="", source_url="",
    )  # fmt: skip
    fields.update(kw)
    return HeroRow(**fields)


def pairs(*heroes):
    return [(p.a_id, p.b_id) for p in find_duplicates(enumerate(heroes))]


def test_it_pairs_the_same_hero_entered_twice():
    (pair,) = find_duplicates(enumerate([hero(), hero(rank="Police Officer")]))
    assert (pair.a_id, pair.b_id, pair.score) == (0, 1, 1.0)


def test_it_pairs_name_variants():
    base = hero(middle="Allen", suffix="Jr.")
    assert pairs(base, hero(first="Bill", middle="A.", suffix="Jr.")) == [(0, 1)]
    assert pairs(base, hero(middle="Allen")) == [(0, 1)]  # suffix missing
    assert pairs(base, hero(middle="Allen", last="Smiht", suffix="Jr.")) == [(0, 1)]  # typo
    assert pairs(hero(first="Robert", nickname="Doc"), hero(first="Doc")) == [(0, 1)]
    assert pairs(base, hero(eow=date(2001, 5, 8), middle="Allen", suffix="Jr.")) == [(0, 1)]


def test_it_never_pairs_different_people():
    assert pairs(hero(), hero(eow=date(1931, 5, 6))) == []  # same name and agency, decades apart
    assert pairs(hero(), hero(eow=date(2001, 5, 16))) == []
    assert pairs(hero(), hero(first="Walter")) == []
    assert pairs(hero(first="Dean"), hero(first="Dan")) == []
    assert pairs(hero(middle="Allen"), hero(middle="Bruce")) == []
    assert pairs(hero(suffix="Jr."), hero(suffix="Sr.")) == []
    assert pairs(hero(), hero(state="TX")) == []
    assert pairs(hero(), hero(agency_key="madison county sheriff")) == []
    assert pairs(hero(), hero(k9=True)) == []


def test_it_finds_no_duplicates_in_the_raw_538_file(raw_rows):
    assert find_duplicates(enumerate(raw_rows)) == []
