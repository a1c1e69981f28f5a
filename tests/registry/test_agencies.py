"""Agency keys fold spellings together; matching stays within one state."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from memorialmiles.registry import (
    AgencyRow,
    RejectedRow,
    agency_kind,
    index_agencies,
    match_agency,
    normalise_agency,
    read_agencies,
    split_agency_state,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Madison County Sheriff's Department", "Madison Co. Sheriff's Office"),
        ("Madison County Sheriff's Office", "MADISON COUNTY S.O."),
        ("Hilliard Division of Police", "Hilliard Police Department"),
        ("Huntsville PD", "Huntsville Police Dept."),
        ("The Fish & Game Commission", "fish and game commission"),
        ("Mt. Vernon Police Department", "Mount Vernon Police Department"),
        ("City of Austin Police Department", "Austin Police Department"),
    ],
)
def test_it_gives_one_key_to_spellings_of_one_agency(a, b):
    assert normalise_agency(a) == normalise_agency(b)


def test_it_keeps_different_agencies_apart():
    assert normalise_agency("Madison Police Department") != normalise_agency(
        "Madison County Sheriff's Office"
    )
    assert normalise_agency("Huntsville Police Department") == "huntsville police"


@given(st.text())
def test_it_normalises_idempotently(name):
    key = normalise_agency(name)
    assert normalise_agency(key) == key


def test_it_splits_agency_and_state_on_the_last_comma():
    assert split_agency_state("Atchison, Topeka and Santa Fe Railroad Police Department, RR") == (
        "Atchison, Topeka and Santa Fe Railroad Police Department",
        "RR",
    )
    assert split_agency_state(" Hilliard Division of Police, OH") == (
        "Hilliard Division of Police",
        "OH",
    )


@pytest.mark.parametrize(
    ("name", "state", "kind"),
    [
        ("Madison County Sheriff's Office", "AL", "sheriff"),
        ("Huntsville Police Department", "AL", "police"),
        ("Illinois Department of Corrections", "IL", "corrections"),
        ("Springfield Fire Department", "IL", "fire"),
        ("United States Marshals Service", "US", "federal"),
        ("Union Pacific Railroad Police Department", "RR", "railroad"),
        ("Navajo Division of Public Safety", "TR", "tribal"),
        ("Board of Health", "NY", "other"),
    ],
)
def test_it_guesses_the_kind_of_agency(name, state, kind):
    assert agency_kind(name, state) == kind


def test_it_matches_only_within_the_state():
    index = index_agencies(
        [
            ("huntsville police", "AL", "AL-PD"),
            ("huntsville police", "TX", "TX-PD"),
            ("dayton police", "OH", "OH-PD"),
            ("baltimore police", "MD", "MD-PD"),
        ]
    )
    assert match_agency("huntsville police", "TX", index) == "TX-PD"
    assert match_agency("huntsville police", "MO", index) is None
    assert match_agency("baltimore city police", "MD", index) == "MD-PD"
    assert match_agency("daytonn police", "OH", index) == "OH-PD"
    assert match_agency("layton police", "OH", index) is None
    assert match_agency("clayton police", "OH", index) is None


def test_it_reads_the_fbi_list_and_joins_most_memorial_agencies(fbi_agencies, raw_rows):
    rows = list(read_agencies(fbi_agencies))
    agencies = [r for r in rows if isinstance(r, AgencyRow)]
    assert len(rows) == len(agencies) == 18_702
    assert sum(1 for a in agencies if a.latitude is None) == 556
    huntsville = [a for a in agencies if a.name == "Huntsville Police Department"]
    assert sorted(a.state for a in huntsville) == ["AL", "MO", "TX"]
    al = next(a for a in huntsville if a.state == "AL")
    assert (al.key, al.kind, al.city, al.county) == (
        "huntsville police",
        "police",
        "Huntsville",
        "Limestone; Madison",
    )
    assert not [r for r in rows if isinstance(r, RejectedRow)]
    assert {a.state for a in agencies} >= {"NE", "GU"}  # the FBI's NB and GM

    index = index_agencies(
        ((a.key, a.state, a) for a in agencies),
        aliases=((alias, a.state, a) for a in agencies for alias in a.aliases),
    )
    pairs = {(h.agency_key, h.state) for h in raw_rows}
    joined = sum(1 for key, state in pairs if match_agency(key, state, index))
    assert joined / len(pairs) > 0.72  # exact name and state alone: about 0.60
    ca = match_agency(normalise_agency("California Highway Patrol"), "CA", index)
    assert ca is not None and ca.name.startswith("Highway Patrol")
