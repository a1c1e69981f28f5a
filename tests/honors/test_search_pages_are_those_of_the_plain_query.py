"""A page of the wall's search, however it is read (PostgreSQL: by id from the first rows the
count kept, or by the narrowest tier with its agencies joined after the slice; SQLite: from
the narrowest tier or the name index), holds the heroes of the plain query: every match
sorted, counted through the roll, with the same agency, relevance and order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.honors.test_search_pages_from_the_narrowest_tier import NAMES

from memorialmiles.honors import search
from memorialmiles.honors.models import Agency, Hero
from memorialmiles.honors.search import order_heroes

pytestmark = pytest.mark.django_db

QUERIES = ["crumb", "crumby", "crumbey", "cru", "she", "sher", "jamison", "madisn", "cru she"]


@pytest.fixture
def roll(make_hero, huntsville_pd):
    """Heroes of three agencies, one with none, so that a join of the wrong rows shows."""
    dallas = Agency.objects.create(name="Dallas Fire Department", key="dallas fire", state="TX")
    agencies = [huntsville_pd, dallas, None]
    for n, name in enumerate(NAMES):
        for i, first in enumerate(("Ann", "Bob", "Cal", "Dee")[: 1 + n % 4]):
            make_hero(agencies[(n + i) % 3], first_name=first, last_name=name)


def wall_query(q, sort=""):
    """The wall's and the API's queryset (views._wall_queryset, api.list_heroes)."""
    params = {"q": q, "sort": sort}
    heroes = Hero.objects.filter_wall(params).with_mile_status().for_list()
    return order_heroes(heroes, params)


def shown(heroes):
    return [(h.pk, h.agency.name if h.agency else None, h.relevance) for h in heroes]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.sampled_from(QUERIES),
    start=st.integers(0, 4) | st.integers(0, 45),
    size=st.integers(1, 12) | st.integers(1, 60),
    first=st.sampled_from([100, 7, 0]),  # past the ids a count keeps: the narrowest tier
    sort=st.sampled_from(["", "", "-eow"]),
)
def test_a_page_and_the_count_are_those_of_the_plain_query(roll, q, start, size, first, sort):
    plain = shown(wall_query(q, sort).iterator())  # no slice: every match, sorted
    original, search.FIRST = search.FIRST, first
    try:
        heroes = wall_query(q, sort)
        assert heroes.count() == len(plain)
        assert shown(heroes[start : start + size]) == plain[start : start + size]
        assert shown(wall_query(q, sort)[start : start + size]) == plain[start : start + size]
    finally:
        search.FIRST = original


def test_postgresql_reads_a_first_page_by_id_and_joins_after_the_slice(roll):
    heroes = wall_query("she")
    with CaptureQueriesContext(connection) as sql:
        count, page = heroes.count(), shown(heroes[:20])
    plain = shown(wall_query("she").iterator())
    assert (count, page) == (len(plain), plain[:20])
    if connection.vendor != "postgresql":
        return
    *_, counting, paging = (q["sql"] for q in sql.captured_queries)
    assert "to_tsquery" in counting and "WITH found" in counting
    assert "to_tsquery" not in paging.split(" FROM ")[-1]  # the page is looked up by id
    assert '"honors_hero"."id" IN (' in paging
    original, search.FIRST = search.FIRST, 7
    try:
        later = wall_query("she")
        later.count()
        beyond = str(later[10:20].query)
    finally:
        search.FIRST = original
    assert "IN (SELECT" in beyond  # past the kept ids: the slice's ids, then its agencies
