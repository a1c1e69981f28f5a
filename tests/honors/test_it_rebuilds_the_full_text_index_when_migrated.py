"""Migration 0014 makes SQLite's full-text index anew (without column sizes): the heroes on
the roll before it are found after it, either way, and one saved after it is found too."""

import pytest
from django.core.management import call_command
from django.db import connection

from memorialmiles.honors.models import Hero

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index"),
]


def found(word: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM honors_hero_fts WHERE honors_hero_fts MATCH %s ORDER BY rowid",
            [f'"{word}"*'],
        )
        return [row[0] for row in cursor.fetchall()]


def column_sizes_kept() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'honors_hero_fts_docsize'")
        return cursor.fetchone() is not None


def test_the_roll_is_found_before_and_after_the_migration_both_ways():
    before = Hero.objects.create(first_name="Garrett", last_name="Crumby").pk
    assert found("crumb") == [before] and not column_sizes_kept()
    try:
        call_command("migrate", "honors", "0013", verbosity=0)
        assert found("crumb") == [before] and column_sizes_kept()
    finally:
        call_command("migrate", "honors", verbosity=0)
    assert found("crumb") == [before] and not column_sizes_kept()
    after = Hero.objects.create(first_name="Ann", last_name="Crumbley").pk
    assert found("crumb") == [before, after]
    Hero.objects.filter(pk=before).update(last_name="Quimby", search_text="garrett quimby")
    assert found("crumb") == [after] and found("quimby") == [before]
