"""A search's count and first rows come from the roll each process holds (`honors.held_roll`)
once its heroes are committed: the same count, heroes, agencies, relevance and order as the
plain query, with the page as the only statement. The copy is read again after any committed
write to the heroes, and a transaction that wrote heroes searches the database."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.honors.test_search_pages_are_those_of_the_plain_query import (
    QUERIES,
    roll,  # noqa: F401 (a fixture)
    shown,
    wall_query,
)

from memorialmiles.honors import held_roll, search

pytestmark = pytest.mark.django_db(transaction=True)


def found(q):
    heroes = wall_query(q)
    return heroes.count(), [h.last_name for h in heroes[:50]]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.sampled_from([*QUERIES, "ann crumb", "zzz", "bob jamisn"]),
    start=st.integers(0, 4) | st.integers(0, 45),
    size=st.integers(1, 12) | st.integers(1, 60),
    first=st.sampled_from([100, 7]),
)
def test_the_held_count_and_page_are_those_of_the_plain_query(roll, q, start, size, first):  # noqa: F811
    assert held_roll.current() is not None  # committed: the held copy answers
    plain = shown(wall_query(q).iterator())  # no slice: every match, sorted by the database
    original, search.FIRST = search.FIRST, first
    try:
        heroes = wall_query(q)
        assert heroes.count() == len(plain)
        assert shown(heroes[start : start + size]) == plain[start : start + size]
    finally:
        search.FIRST = original


def test_a_search_is_one_statement_its_page(roll, django_assert_num_queries):  # noqa: F811
    held_roll.current()
    heroes = wall_query("she")
    with django_assert_num_queries(1):  # the count and the ids from memory, the page by id
        count, page = heroes.count(), shown(heroes[:20])
    plain = shown(wall_query("she").iterator())
    assert (count, page) == (len(plain), plain[:20])


def test_it_holds_the_roll_until_a_committed_write_to_the_heroes(make_hero, huntsville_pd):
    crumby = make_hero(huntsville_pd, first_name="Garrett", last_name="Crumby")
    assert found("crumby") == (1, ["Crumby"])
    held = held_roll.current()
    assert held_roll.current() is held
    quimby = make_hero(huntsville_pd, first_name="Ann", last_name="Quimby")
    assert found("quimby") == (1, ["Quimby"])
    assert held_roll.current() is not held
    quimby.last_name = "Quinby"
    quimby.save()
    assert found("quinby") == (1, ["Quinby"])
    assert found("quimb") == (0, [])  # no longer a prefix of the name
    crumby.delete()
    assert found("crumby") == (0, [])


def test_a_transaction_that_wrote_heroes_searches_the_database(make_hero, huntsville_pd):
    make_hero(huntsville_pd, first_name="Garrett", last_name="Crumby")
    assert found("zebulon") == (0, [])

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        make_hero(huntsville_pd, first_name="Ann", last_name="Zebulon")
        assert held_roll.current() is None  # its rows are its own until it commits
        assert found("zebulon") == (1, ["Zebulon"])
        raise Undo
    assert found("zebulon") == (0, [])
    assert held_roll.current() is not None
