"""The indexes results read through are there (a SQLite table rebuild would drop one silently)."""

import pytest
from django.db import connection


def index_columns():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "timing_rawrecord")
    return {name: tuple(c["columns"]) for name, c in found.items() if c["index"]}


@pytest.mark.django_db
def test_it_indexes_raw_records_by_event_kind_and_source():
    assert index_columns()["raw_record_event_kind_source"] == ("event_id", "kind", "source")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the covering index is SQLite's only")
def test_it_covers_the_results_query_on_sqlite():
    assert index_columns()["raw_record_event_reads_sqlite"] == (
        "event_id", "kind", "source", "bib", "device_time_us",
    )  # fmt: skip


@pytest.mark.django_db
def test_it_keeps_no_index_per_row_on_event_device_or_author():
    columns = set(index_columns().values())
    assert not {("event_id",), ("device_id",)} & columns
