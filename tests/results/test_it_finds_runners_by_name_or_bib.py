"""Results search on a phone: by name (case and accents ignored) or bib, and by status."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from memorialmiles.results import Entry, Result, Status
from memorialmiles.results.search import MAX_QUERY, find, fold


def _row(bib, first, last, status=Status.FINISHED, place=None):
    entry = Entry(bib=bib, first_name=first, last_name=last)
    return Result(place, bib, entry, status, None, None, None, None, None, None, None, None,
                  None, None, False)  # fmt: skip


ROWS = [
    _row("12", "José", "Álvarez", place=1),
    _row("120", "Ann", "Lee", place=2),
    _row("7", "Bo", "Ray", Status.DNF),
    _row("8", "Cy", "Kim", Status.DNS),
]


def bibs(rows):
    return [r.bib for r in rows]


def test_it_finds_by_name_ignoring_case_and_accents():
    assert bibs(find(ROWS, "jose")) == ["12"]
    assert bibs(find(ROWS, "ALVAREZ jo")) == ["12"]
    assert bibs(find(ROWS, "lee ann")) == ["120"]


def test_a_number_is_the_start_of_a_bib():
    assert bibs(find(ROWS, "12")) == ["12", "120"]
    assert bibs(find(ROWS, "7")) == ["7"]
    assert find(ROWS, "2") == []


def test_it_keeps_one_status():
    assert bibs(find(ROWS, status="DNS")) == ["8"]
    assert bibs(find(ROWS, status="DNF")) == ["7"]
    assert bibs(find(ROWS, status="finished")) == ["12", "120"]
    assert bibs(find(ROWS, "bo", status="DNS")) == []
    assert find(ROWS, status="nonsense") == ROWS  # an unknown status filters nothing


def test_nothing_typed_finds_everyone():
    assert find(ROWS, "   ") == ROWS


@given(st.text(max_size=300))
def test_any_query_finds_a_subset_in_order(query):
    found = find(ROWS, query)
    assert all(r in ROWS for r in found)
    assert [ROWS.index(r) for r in found] == sorted(ROWS.index(r) for r in found)
    assert find(ROWS, query) == find(ROWS, query[:MAX_QUERY])


@given(st.text(max_size=20))
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
