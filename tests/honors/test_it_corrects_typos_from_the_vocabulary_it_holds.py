"""Typo candidates come from the vocabulary each process holds (`honors.vocabulary`): read
once, not once per search, and read again by the next search after any committed write to it,
from this process or another (the data version of `core.freshness` moves). A transaction that
wrote words sees them, and nobody else holds them before it commits."""

import pytest

from memorialmiles.core import freshness
from memorialmiles.honors import vocabulary
from memorialmiles.honors.models import SearchWord
from memorialmiles.honors.search import corrections

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_it_reads_the_words_once_and_again_after_a_new_hero(
    crumby, make_hero, huntsville_pd, django_assert_num_queries
):
    assert corrections("crumy") == {"crumby": 1}
    held = vocabulary.current()
    with django_assert_num_queries(0):
        assert corrections("crmby") == {"crumby": 1}  # one edit: no statement at all
    assert vocabulary.current() is held
    make_hero(huntsville_pd, first_name="Ann", last_name="Quimby")
    assert corrections("quimbu") == {"quimby": 1}
    assert vocabulary.current() is not held


def _committed_elsewhere(monkeypatch, write, tables: list[str]) -> None:
    """`write` made and committed as another app server does it: nothing moves in this
    process but the shared numbers of `tables`, as that server's commit moves them."""
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(freshness, "wrote", lambda conn, table: None)
        write()
    moved = freshness._bump_cache if freshness._shared_in_cache() else freshness._bump_file
    moved(tables)


@pytest.mark.django_db(transaction=True)
def test_a_word_another_process_added_is_read_by_the_next_search(crumby, monkeypatch):
    assert corrections("zerba") == {}
    zebra = lambda: SearchWord.objects.bulk_create([SearchWord(word="zebra")])  # noqa: E731
    _committed_elsewhere(monkeypatch, zebra, ["honors_searchword"])
    assert corrections("zerba") == {"zebra": 1}


@pytest.mark.django_db(transaction=True)
def test_the_wall_corrects_towards_a_hero_another_app_server_just_added(
    client, crumby, make_hero, huntsville_pd, monkeypatch
):
    """A page is cached under the data version it was made at: made from words older than
    that version, it would keep the typo uncorrected until the next write."""
    assert "Quimby" not in client.get("/heroes/", {"q": "quimbu"}).content.decode()
    quimby = lambda: make_hero(huntsville_pd, first_name="Ann", last_name="Quimby")  # noqa: E731
    _committed_elsewhere(monkeypatch, quimby, ["honors_hero", "honors_searchword"])
    assert "Quimby" in client.get("/heroes/", {"q": "quimbu"}).content.decode()
    assert "Quimby" in client.get("/heroes/", {"q": "quimbu"}).content.decode()  # as cached


@pytest.mark.django_db(transaction=True)
def test_a_search_reads_the_data_versions_once(crumby, monkeypatch):
    from memorialmiles.honors.models import Hero

    reads, numbers = [], freshness.numbers
    monkeypatch.setattr(freshness, "numbers", lambda names: reads.append(names) or numbers(names))
    found = Hero.objects.filter_wall({"q": "crumbey"}).for_list()
    assert (found.count(), [h.last_name for h in found[:50]]) == (1, ["Crumby"])
    assert reads == [("honors_hero", "honors_searchword")]
    reads.clear()  # nothing to correct ("cru", three letters): the roll's version alone
    found = Hero.objects.filter_wall({"q": "cru"}).for_list()
    assert (found.count(), [h.last_name for h in found[:50]]) == (1, ["Crumby"])
    assert reads == [("honors_hero",)]


@pytest.mark.django_db(transaction=True)
def test_a_number_this_process_moves_is_seen_at_once(crumby, monkeypatch):
    assert corrections("zerba") == {}
    with monkeypatch.context() as unseen:
        unseen.setattr(freshness, "wrote", lambda conn, table: None)
        SearchWord.objects.bulk_create([SearchWord(word="zebra")])
    freshness.bump(["honors_searchword"])  # this process's own commit, as `wrote` makes it
    assert corrections("zerba") == {"zebra": 1}


def test_the_ranges_are_those_of_the_sorted_words():
    words = vocabulary.Vocabulary(["rive", "river", "rivet", "olive", "drive", "ri", "rj"])
    assert words.starting("riv") == ["rive", "river", "rivet"]
    assert sorted(words.ending("evi")) == ["drive", "olive", "rive"]
    assert words.starting("zz") == [] and sorted(words.ending("")) == sorted(words.words)


def test_words_a_transaction_rolled_back_are_not_held(crumby):
    from django.db import transaction

    assert corrections("crumy") == {"crumby": 1}  # this test's own uncommitted words
    with pytest.raises(RuntimeError), transaction.atomic():
        SearchWord.add(["zebra"])
        assert corrections("zerba") == {"zebra": 1}
        raise RuntimeError
    assert corrections("zerba") == {}


def test_the_trigram_candidates_are_those_postgresql_finds(make_hero, huntsville_pd):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm: PostgreSQL")
    for last in ["Abcxyzw", "Abxyzwv", "Hooper", "Holder", "Copper", "Hopkins", "Shopper"]:
        make_hero(huntsville_pd, first_name="", last_name=last)
    for typed in ["abcd", "hopper", "xoppex", "hoppr"]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM honors_searchword WHERE word %% %s ORDER BY word", [typed]
            )
            expected = [w for (w,) in cursor.fetchall()]
        assert vocabulary.current().similar(typed, 1, 80) == expected, typed
