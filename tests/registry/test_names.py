"""Splitting one-string names: rank, given names, surname, suffix, nickname, K9."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from memorialmiles.registry import NameParts, name_key, split_full_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Constable Darius Quimby", NameParts("Constable", "Darius", "", "Quimby")),
        (
            'Deputy U.S. Marshal Henry Franklin "Frank" Griffin',
            NameParts("Deputy U.S. Marshal", "Henry", "Franklin", "Griffin", "", "Frank"),
        ),
        (
            "Deputy Sheriff Abner B. Womack, Jr.",
            NameParts("Deputy Sheriff", "Abner", "B.", "Womack", "Jr."),
        ),
        ("Officer Thomas DeVane, V", NameParts("Officer", "Thomas", "", "DeVane", "V")),
        (
            'Chief of Police Edward  "Edd" Hixson',
            NameParts("Chief of Police", "Edward", "", "Hixson", "", "Edd"),
        ),
        ("Sheriff Park Richards", NameParts("Sheriff", "Park", "", "Richards")),
        ("Park Ranger Joseph A. Carr", NameParts("Park Ranger", "Joseph", "A.", "Carr")),
        ("Lance Corporal John Smith", NameParts("Lance Corporal", "John", "", "Smith")),
        (
            "Narcotic Agent II Charles Holmes",
            NameParts("Narcotic Agent II", "Charles", "", "Holmes"),
        ),
        ("Police Officer Juan de la Cruz", NameParts("Police Officer", "Juan", "", "de la Cruz")),
        ("K9 Rex", NameParts("K9", "", "", "Rex", k9=True)),
        ("K9 Sarge II", NameParts("K9", "", "", "Sarge", "II", k9=True)),
        (
            "K9 Officer Ryan Patrick Copeland",
            NameParts("K9 Officer", "Ryan", "Patrick", "Copeland"),
        ),
        ("John Smith Sr", NameParts("", "John", "", "Smith", "Sr")),
        ("Smith, John Allen", NameParts("", "John", "Allen", "Smith")),
        ("Patrolman Smith", NameParts("Patrolman", "", "", "Smith")),
        ("", NameParts()),
    ],
)  # fmt: skip
def test_it_splits_registry_names(text, expected):
    assert split_full_name(text) == expected


def test_it_compares_names_without_accents_case_or_punctuation():
    assert name_key("José", "A.", "Núñez", "Jr.") == name_key("jose", "A", "NUNEZ", "jr")
    assert name_key("", "", "Rex", "", k9=True) != name_key("", "", "Rex", "")


_WORD = re.compile(r"\w+")
names = st.lists(
    st.one_of(
        st.sampled_from(["Officer", "K9", "Deputy", "Sheriff", "of", "Jr.", "III", ",", '"Doc"']),
        st.text(min_size=1, max_size=8),
    ),
    max_size=8,
).map(" ".join)


@given(names)
def test_it_never_loses_a_word(text):
    parts = split_full_name(text)
    joined = " ".join(
        (
            parts.rank,
            parts.first_name,
            parts.middle_name,
            parts.last_name,
            parts.suffix,
            parts.nickname,
        )
    )
    assert set(_WORD.findall(text)) <= set(_WORD.findall(joined))


@given(st.text())
def test_it_never_crashes_and_always_keeps_a_name_when_there_is_one(text):
    parts = split_full_name(text)
    if _WORD.search(text) and not parts.k9:
        assert parts.first_name or parts.last_name or parts.nickname or parts.suffix or parts.rank


@given(names)
def test_a_name_reads_the_same_through_the_split_for_commas_and_nicknames(text):
    """Names with neither a comma nor a quote take a shorter way; a trailing comma sends a
    name the long way without changing what it says."""
    assert split_full_name(text) == split_full_name(text + ",")


def _slow_name_key(*parts: str) -> str:
    text = " ".join(p for p in parts if p).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]+", "", text)).strip()


ascii_parts = st.text(alphabet=st.characters(max_codepoint=127), max_size=12)


@given(ascii_parts, ascii_parts, ascii_parts, ascii_parts)
def test_an_ascii_name_key_is_the_regular_expressions_one(first, middle, last, suffix):
    assert name_key(first, middle, last, suffix) == _slow_name_key(first, middle, last, suffix)


ranked_names = st.lists(
    st.one_of(
        st.sampled_from(["Officer", "K9", "k-9", "LANCE", "Park", "of", "the", "II", "Jr.", "De"]),
        st.text(
            alphabet=st.characters(max_codepoint=127, blacklist_characters=",\"'("), max_size=6
        ),
        st.sampled_from(["Σ", "İ", "ΟΔΟΣ", "Straße", "\u00a0"]),
    ),
    max_size=7,
).map(" ".join)


@given(ranked_names)
def test_a_name_lowered_whole_reads_as_one_lowered_word_by_word(text):
    """An ASCII name without commas or quotes is lowered in one go; the long way (a trailing
    comma) lowers each word, and both must find the same rank and name."""
    assert split_full_name(text) == split_full_name(text + ",")
