"""`core.bulk.sqlite_cache`: SQLite's page cache is raised for an import and put back after it,
also when the import fails, without hiding the failure."""

import pytest
from django.db import DatabaseError, connection, transaction

from memorialmiles.core.bulk import sqlite_cache

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite setting"),
]


def cache_size():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


def test_the_cache_is_raised_for_the_block_and_put_back():
    before = cache_size()
    with sqlite_cache(kib=65_536):
        assert cache_size() == -65_536
    assert cache_size() == before


def test_a_failing_import_keeps_its_own_error():
    before = cache_size()
    with (
        pytest.raises(DatabaseError, match="no such table"),
        sqlite_cache(),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT * FROM no_such_table")
    assert cache_size() == before
