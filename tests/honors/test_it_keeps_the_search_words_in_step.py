"""PostgreSQL's `search_vector` (migration 0011): an import sends each hero's words already
cut, anything else gets them from a trigger; both must hold the words `\\w+` cuts from the
search text, so that a hero is found the same way however they came onto the roll."""

import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.core.bulk import _TsvectorBinaryDumper, tsvector_binary
from memorialmiles.honors.importer import import_heroes
from memorialmiles.honors.models import Agency, Hero

pytestmark = pytest.mark.django_db

FILE = (
    "rownames,person,cause_of_death,date,year,canine,dept_name,state\n"
    '1,Officer Ann O\'Brien-Lee,Gunfire,1994-01-03,1994,FALSE,"St.Louis Police Department",MO\n'
    "2,Deputy Sheriff José Núñez Jr.,Gunfire,1999-12-31,1999,FALSE,"
    '"Dallas County Sheriff\'s Office",TX\n'
    '3,Trooper Bjørn Ødegård,Gunfire,2015-02-03,2015,FALSE,"Texas Highway Patrol",TX\n'
)
WORDS_SQL = "array_to_tsvector(array_remove(regexp_split_to_array(%s, '\\W+'), ''))"


def vectors():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_name, search_vector::text, "
            f"(search_vector = {WORDS_SQL % 'search_text'})::int FROM honors_hero "
            "ORDER BY last_name"
        )
        return cursor.fetchall()


def found(text):
    return sorted(h.last_name for h in Hero.objects.search(text))


def test_imported_and_saved_heroes_are_found_alike(tmp_path, monkeypatch):
    from memorialmiles.honors import importer

    path = tmp_path / "registry.csv"
    path.write_text(FILE)
    monkeypatch.setattr(importer, "FORK_AT", 0)  # the words cut by the reading process
    assert import_heroes(path).counts["imported"] == 3
    assert found("louis") == ["O'Brien-Lee"]  # to_tsvector kept "st.louis" as one word
    assert found("brien") == ["O'Brien-Lee"]
    assert found("odegard") == ["Ødegård"]
    assert found("bjørn") == ["Ødegård"]
    agency = Agency.objects.create(name="St.Louis Fire Department", state="MO", key="x")
    saved = Hero.objects.create(first_name="Bjørn", last_name="Ødegård-Smith", agency=agency)
    assert found("louis") == ["O'Brien-Lee", "Ødegård-Smith"]
    if connection.vendor == "postgresql":
        assert [same for _, _, same in vectors()] == [1, 1, 1, 1]
        assert dict((n, v) for n, v, _ in vectors())["Núñez"] == (
            "'county' 'dallas' 'deputy' 'jose' 'jr' 'nunez' 'office' 's' 'sheriff'"
        )
    saved.last_name = "Lindqvist"  # the trigger follows a change of the search text
    saved.save()
    assert found("lindqvist") == ["Lindqvist"] and found("smith") == []
    if connection.vendor == "postgresql":
        assert [same for _, _, same in vectors()] == [1, 1, 1, 1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="tsvector: PostgreSQL")
@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(categories=["Ll", "Nd", "Lo"]), min_size=1, max_size=20)))
def test_the_binary_words_are_what_the_server_makes_of_them(words):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS v (t tsvector)")
        cursor.execute("DELETE FROM v")
        raw = connection.connection.cursor()
        raw.adapters.register_dumper(None, _TsvectorBinaryDumper)
        with raw.copy("COPY v (t) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["tsvector"])
            copy.write_row((tsvector_binary(words),))
        cursor.execute("SELECT t = array_to_tsvector(%s::text[]) FROM v", [sorted(set(words))])
        assert cursor.fetchone() == (True,)
