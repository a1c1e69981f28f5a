"""A re-import skips the records it read before (their digest is on the source link): the
outcomes, the roll and the search must be those of reading every row and comparing each with
its snapshot, as an import did before the digests (and does for a link without one)."""

import pytest
from django.db import transaction

from memorialmiles.honors.importer import import_heroes
from memorialmiles.honors.models import Agency, Hero, SearchWord, SourceLink
from memorialmiles.honors.search import order_heroes

pytestmark = pytest.mark.django_db

HEADER = "rownames,person,cause_of_death,date,year,canine,dept_name,state\n"
FIRST = HEADER + (
    '1,Officer Ann Lee,Gunfire,1994-01-03,1994,FALSE,"Springfield Police Department",IL\n'
    '2,Sergeant Bob Crumby,Gunfire,2001-05-06,2001,FALSE,"Madison County Sheriff\'s Office",AL\n'
    '3,K9 Rex,Gunfire,2010-02-02,2010,TRUE,"Huntsville Police Department",AL\n'
    '4,Deputy Cal Ortiz,Automobile accident,1988-07-07,1988,FALSE,"Dallas County '
    "Sheriff's Office\",TX\n"
)
SECOND = HEADER + (
    # 1 unchanged; 2 changed (cause and agency); 3 unchanged; 4 left out; 5 new;
    # 6 rejected (state); 7 twice (the second rejected); 8 the same hero as 1 under another id
    '1,Officer Ann Lee,Gunfire,1994-01-03,1994,FALSE,"Springfield Police Department",IL\n'
    '2,Sergeant Bob Crumby,Stabbed,2001-05-06,2001,FALSE,"Huntsville Police Department",AL\n'
    '3,K9 Rex,Gunfire,2010-02-02,2010,TRUE,"Huntsville Police Department",AL\n'
    '5,Trooper Dee Vance,Gunfire,2015-03-03,2015,FALSE,"Texas Highway Patrol",TX\n'
    '6,Officer Eve Noel,Gunfire,2016-04-04,2016,FALSE,"Nowhere Police Department",QQ\n'
    '7,Officer Fay Hale,Gunfire,2017-05-05,2017,FALSE,"Dallas Police Department",TX\n'
    '7,Officer Fay Hale,Gunfire,2017-05-05,2017,FALSE,"Dallas Police Department",TX\n'
)
QUERIES = ["crumby", "crumbey", "lee", "huntsville pd", "vance", "hale", "sheriff", "rex"]


def outcome(report):
    counts = {k: report.counts[k] for k in ("imported", "updated", "unchanged", "duplicate")}
    rejected = [(r.line, r.column, r.reason) for r in report.rejected]
    return counts, rejected


def roll():
    """What the roll holds and what the wall finds, without ids the two runs assign alike."""
    heroes = sorted(
        Hero.objects.values_list(
            "last_name", "first_name", "rank", "cause", "agency__name", "identity", "search_text"
        )
    )
    links = sorted(SourceLink.objects.values_list("source_id", "hero__last_name", "snapshot"))
    links = [(s, h, sorted(snap.items())) for s, h, snap in links]
    agencies = sorted(Agency.objects.values_list("name", "state"))
    found = {}
    for q in QUERIES:
        heroes_found = order_heroes(Hero.objects.filter_wall({"q": q}), {"q": q})
        found[q] = (heroes_found.count(), [str(h) for h in heroes_found[:50]])
    words = sorted(SearchWord.objects.values_list("word", flat=True))
    return heroes, links, agencies, found, words


def test_a_re_import_that_skips_known_records_ends_as_one_that_reads_every_row(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text(FIRST)
    assert outcome(import_heroes(path))[0]["imported"] == 4
    assert all(SourceLink.objects.values_list("digest", flat=True))
    path.write_text(SECOND)

    with transaction.atomic():
        skipping = outcome(import_heroes(path))
        skipped_roll = roll()
        transaction.set_rollback(True)

    SourceLink.objects.update(digest="")  # links from before the digests: every row is read
    reading = outcome(import_heroes(path))
    assert reading == skipping
    assert roll() == skipped_roll
    counts, rejected = reading
    assert counts == {"imported": 2, "updated": 1, "unchanged": 2, "duplicate": 0}
    assert [(line, column) for line, column, _ in rejected] == [(6, "state"), (8, None)]
    assert "appears twice" in rejected[1][2]
    crumby = Hero.objects.get(last_name="Crumby")
    assert (crumby.cause, crumby.agency.name) == ("Stabbed", "Huntsville Police Department")

    # The slow pass stored the digests it lacked: the next import reads no row again.
    assert outcome(import_heroes(path))[0] == {
        "imported": 0,
        "updated": 0,
        "unchanged": 5,
        "duplicate": 0,
    }


def test_a_record_read_with_other_options_is_read_again(tmp_path):
    path = tmp_path / "firefighters.csv"
    path.write_text("First Name,Last Name,Date of Death\nJohn,Smith,1999-12-31\n")
    import_heroes(path, format="csv", service="fire")
    again = import_heroes(path, format="csv", service="ems")
    assert (again.counts["updated"], again.counts["unchanged"]) == (1, 0)
    assert Hero.objects.get().service == "ems"
    assert import_heroes(path, format="csv", service="ems").counts["unchanged"] == 1


def test_a_record_the_reader_reads_otherwise_now_is_read_again(tmp_path, monkeypatch):
    """A digest covers the reader's code: after an upgrade, every record is read again."""
    from memorialmiles.registry import reader

    path = tmp_path / "registry.csv"
    path.write_text(FIRST)
    import_heroes(path)
    seen = []
    real_builder = reader.row_builder

    def counting_builder(*args):
        build = real_builder(*args)
        return lambda *a: seen.append(1) or build(*a)

    monkeypatch.setattr(reader, "row_builder", counting_builder)
    assert import_heroes(path).counts["unchanged"] == 4 and seen == []
    monkeypatch.setattr(reader, "_code_digest", lambda: b"another version of the reader")
    assert import_heroes(path).counts["unchanged"] == 4 and len(seen) == 4


def test_rows_read_in_a_forked_process_import_as_rows_read_here(tmp_path, monkeypatch):
    """A large file is read by a forked process (`core.forked`): forcing it on a small one
    must change nothing, outcomes, rejects with their lines, roll or search."""
    from memorialmiles.honors import importer

    path = tmp_path / "registry.csv"
    results = {}
    for fork_at in (10**9, 0):
        monkeypatch.setattr(importer, "FORK_AT", fork_at)
        with transaction.atomic():
            path.write_text(FIRST)
            first = outcome(import_heroes(path))
            path.write_text(SECOND)
            SourceLink.objects.update(digest="")  # the second import reads every row
            results[fork_at] = (first, outcome(import_heroes(path)), roll())
            transaction.set_rollback(True)
    assert results[0] == results[10**9]
    assert results[0][1][0] == {"imported": 2, "updated": 1, "unchanged": 2, "duplicate": 0}
