"""Typo candidates come from the vocabulary each process holds (`honors.vocabulary`): read
once, not once per search, and read again after any committed write to it, from this process
or another (the data version of `core.freshness` moves). A transaction that wrote words sees
them, and nobody else holds them before it commits."""

import time

import pytest

from memorialmiles.core import freshness, held
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


@pytest.mark.django_db(transaction=True)
def test_a_word_another_process_added_is_read_within_a_second_of_its_commit(crumby, monkeypatch):
    assert corrections("zerba") == {}
    with monkeypatch.context() as elsewhere:  # written as by another process: nothing moves here
        elsewhere.setattr(freshness, "wrote", lambda conn, table: None)
        SearchWord.objects.bulk_create([SearchWord(word="zebra")])
    moved = freshness._bump_cache if freshness._shared_in_cache() else freshness._bump_file
    moved(["honors_searchword"])  # what the other process's commit does to the shared numbers
    assert corrections("zerba") == {}  # the copy checked less than a second ago
    later = time.monotonic() + vocabulary.RECHECK
    monkeypatch.setattr(held.time, "monotonic", lambda: later)
    assert corrections("zerba") == {"zebra": 1}


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
