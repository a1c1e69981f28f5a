"""A first import (one that at least doubles the roll) drops the indexes of the heroes, their
links and words, and builds them after the rows (`core.bulk.indexes_deferred`). The outcomes,
the roll and the search must be those of an import into a roll that had heroes already, the
search must find the heroes as soon as the import returns, and every index must be back."""

import gc

import pytest
from django.db import connection, transaction

from memorialmiles.honors import importer, search
from memorialmiles.honors.importer import import_heroes
from memorialmiles.honors.models import Hero, SearchWord, SourceLink
from memorialmiles.honors.search import order_heroes

pytestmark = pytest.mark.django_db

HEADER = "rownames,person,cause_of_death,date,year,canine,dept_name,state\n"
FILE = HEADER + (
    '1,Officer Ann Lee,Gunfire,1994-01-03,1994,FALSE,"Springfield Police Department",IL\n'
    '2,Sergeant Bob Crumby,Gunfire,2001-05-06,2001,FALSE,"Madison County Sheriff\'s Office",AL\n'
    '3,K9 Rex,Gunfire,2010-02-02,2010,TRUE,"Huntsville Police Department",AL\n'
    '4,Officer Eve Noel,Gunfire,2016-04-04,2016,FALSE,"Nowhere Police Department",QQ\n'
    '5,Trooper Dee Vance,Gunfire,2015-02-30,2015,FALSE,"Texas Highway Patrol",TX\n'
    '6,Officer Ann Lee,Gunfire,1994-01-03,1994,FALSE,"Springfield Police Department",IL\n'
    '6,Officer Fay Hale,Gunfire,2017-05-05,2017,FALSE,"Dallas Police Department",TX\n'
    "7,Deputy Sheriff José Núñez Jr.,Gunfire,1999-12-31,1999,FALSE,"
    '"Dallas County Sheriff\'s Office",TX\n'
)
EXPECTED = (
    {"imported": 4, "updated": 0, "unchanged": 0, "duplicate": 1},
    [(5, "state", "unknown state code 'QQ'"), (6, "date"), (8, None)],
)
SEARCHES = {
    "crumby": ["Crumby"],
    "crumbey": ["Crumby"],  # a typo: corrected against the vocabulary the import wrote
    "huntsville pd": ["Rex"],
    "lee": ["Lee"],
    "nunez": ["Núñez"],
    "sheriff": ["Crumby", "Núñez"],
}


def outcome(report):
    counts = {k: report.counts[k] for k in ("imported", "updated", "unchanged", "duplicate")}
    rejected = [(r.line, r.column, r.reason) for r in report.rejected]
    rejected = [r if r[1] == "state" else r[:2] for r in rejected]
    return counts, rejected


def schema():
    """The indexes of the honor roll's tables, their foreign keys on PostgreSQL and on SQLite
    the triggers that keep the full-text index in step, as the database describes them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = "
                "current_schema() AND tablename LIKE 'honors_%%' UNION ALL "
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE conrelid::regclass::text LIKE 'honors_%%' ORDER BY 1, 2"
            )
        else:
            cursor.execute(
                "SELECT tbl_name, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
                " AND tbl_name LIKE 'honors_%%' ORDER BY 1, 2"
            )
        return sorted(cursor.fetchall())


def found(q):
    heroes = order_heroes(Hero.objects.filter_wall({"q": q}), {"q": q})
    return sorted(h.last_name for h in heroes)


def roll(source_ids=None):
    """The file's heroes, links and what the wall finds, without the ids runs assign."""
    links = SourceLink.objects.filter(registry__startswith="FiveThirtyEight")
    heroes = Hero.objects.filter(sources__in=links).distinct()
    fields = ("last_name", "first_name", "rank", "state", "end_of_watch", "agency__name")
    return (
        sorted(heroes.values_list(*fields, "identity", "search_text")),
        sorted((s, h, sorted(snap.items())) for s, h, snap in links.values_list(
            "source_id", "hero__last_name", "snapshot"
        )),
        {q: found(q) for q in SEARCHES},
    )  # fmt: skip


@pytest.fixture
def deferred(monkeypatch):
    """The tables each import built the indexes of after its rows."""
    calls = []
    real = search.indexes_deferred

    def spy(tables):
        calls.append(tuple(tables))
        return real(tables)

    monkeypatch.setattr(search, "indexes_deferred", spy)
    return calls


def test_a_first_import_keeps_every_index_and_its_heroes_are_found_at_once(tmp_path, deferred):
    path = tmp_path / "registry.csv"
    path.write_text(FILE)
    before = schema()
    assert outcome(import_heroes(path)) == EXPECTED
    assert deferred == [("honors_hero", "honors_sourcelink", "honors_searchword")]
    assert schema() == before
    assert {q: found(q) for q in SEARCHES} == SEARCHES
    assert SearchWord.objects.filter(word="crumby").exists()
    assert gc.isenabled()


def test_a_first_import_adds_only_the_words_the_vocabulary_lacks(tmp_path, deferred):
    """Words left from heroes deleted before (or typed by an organizer) are in the vocabulary
    while the roll is empty: the first import, which copies its words on PostgreSQL, must
    neither fail on them nor write them twice."""
    SearchWord.add(["sergeant bob crumby", "huntsville lost"])
    path = tmp_path / "registry.csv"
    path.write_text(FILE)
    assert outcome(import_heroes(path)) == EXPECTED
    assert deferred == [("honors_hero", "honors_sourcelink", "honors_searchword")]
    words = list(SearchWord.objects.values_list("word", flat=True))
    assert len(words) == len(set(words))
    assert {"crumby", "lost", "nunez"} <= set(words)
    assert {q: found(q) for q in SEARCHES} == SEARCHES


def test_an_import_into_a_roll_with_heroes_ends_as_a_first_import(tmp_path, deferred):
    path = tmp_path / "registry.csv"
    path.write_text(FILE)
    with transaction.atomic():
        first = outcome(import_heroes(path)), roll()
        transaction.set_rollback(True)
    other = tmp_path / "other.csv"  # more heroes than the file brings: no rebuild
    other.write_text(
        "First Name,Last Name,Date of Death\n"
        + "".join(f"Officer{i},Other{i},2001-01-{i % 28 + 1:02}\n" for i in range(12))
    )
    import_heroes(other, format="csv")
    before = schema()
    deferred.clear()
    assert (outcome(import_heroes(path)), roll()) == first
    assert deferred == [()]
    assert schema() == before
    assert first[0] == EXPECTED and first[1][2] == SEARCHES


SURNAMES = "Abernathy Blackwood Castellano Dunmore Everhart Fairweather Galloway Hollister"


def test_a_second_first_import_of_another_file_finds_both(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text(FILE)
    import_heroes(path)
    more = tmp_path / "more.csv"  # twice the roll: the indexes are built again, with all rows
    more.write_text(
        "First Name,Last Name,Date of Death\n"
        + "".join(f"Pat,{name},2001-01-02\n" for name in SURNAMES.split())
    )
    before = schema()
    assert import_heroes(more, format="csv").counts["imported"] == 8
    assert schema() == before
    assert found("crumby") == ["Crumby"] and found("galloway") == ["Galloway"]
    assert found("fairwether") == ["Fairweather"] and len(found("pat")) == 8


def test_a_first_import_that_fails_leaves_the_indexes_to_the_rollback(tmp_path, monkeypatch):
    path = tmp_path / "registry.csv"
    path.write_text(FILE)
    before = schema()

    def fail(texts):
        raise RuntimeError("the vocabulary could not be written")

    monkeypatch.setattr(importer, "vocabulary_words", fail)
    with pytest.raises(RuntimeError):
        import_heroes(path)
    assert schema() == before
    assert not Hero.objects.exists() and gc.isenabled()


def test_after_a_first_import_the_lookups_it_skipped_indexes_for_still_have_theirs(tmp_path):
    """Migration 0010 dropped the identity's pattern index, 0012 the reversed words and their
    indexes (typo candidates are read from the vocabulary each process holds): the identity
    keeps its equality index, and a typo is corrected from the words the import added (the
    vocabulary held before it is read again)."""
    path = tmp_path / "registry.csv"
    path.write_text(FILE)
    assert search.corrections("crumbey") == {}
    import_heroes(path)
    indexes = {(table, name): (sql or "").replace('"', "") for table, name, sql in schema()}
    identity = [sql for sql in indexes.values() if "(identity" in sql]
    assert len(identity) == 1 and "pattern_ops" not in identity[0]
    assert not [name for _, name in indexes if "reversed" in name]
    assert search.corrections("crumbey") == {"crumby": 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's parallel builds")
def test_the_parallel_index_builds_leave_the_transaction_as_it_was(tmp_path, deferred):
    """The builds let PostgreSQL sort a small table with parallel workers; what comes after
    them in the caller's transaction is planned as before."""
    path = tmp_path / "registry.csv"
    path.write_text(FILE)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SHOW min_parallel_table_scan_size")
        before = cursor.fetchone()
        assert outcome(import_heroes(path)) == EXPECTED
        assert deferred == [("honors_hero", "honors_sourcelink", "honors_searchword")]
        cursor.execute("SHOW min_parallel_table_scan_size")
        assert cursor.fetchone() == before != ("0",)
