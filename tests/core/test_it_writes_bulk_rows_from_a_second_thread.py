"""`core.bulk.Writer`: rows written by a second thread on the caller's connection, in the
caller's transaction. What it writes must be what `copy_rows` writes; a failure in the thread
must reach the caller and leave nothing behind; a caller that fails must stop it."""

import dataclasses
import json
import sys

import pytest
from django.db import IntegrityError, connection, transaction

from memorialmiles.core import freshness
from memorialmiles.core.bulk import Insert, copy_rows, move_sequence, reserve_ids, writing
from memorialmiles.honors.models import Agency, Hero, SourceLink

pytestmark = pytest.mark.django_db(transaction=True)

FIELDS = ("id", "name", "key", "state", "country", "kind")
SNAPSHOT = '{"last_name": "Crumby", "agency": "Huntsville \\u00e9 \\"PD\\"", "k9": false}'


def agencies(start, count, first=0):
    """Rows with ids from `start`, named from `first` (a tab tests the COPY's escaping)."""
    return [
        (start + i, f"Agency {first + i}\ttab", f"agency {first + i}", "AL", "US", "police")
        for i in range(count)
    ]


def test_it_writes_what_copy_rows_writes_in_many_statements():
    with transaction.atomic():
        start = reserve_ids(Agency, 0).start
        insert = Insert.of(Agency, FIELDS)
        if insert.per_statement:  # SQLite: several INSERTs for one call, one partial
            insert = dataclasses.replace(insert, per_statement=3)
        with writing() as writer:
            writer.rows(insert, agencies(start, 8))
            writer.rows(insert, agencies(start + 8, 2, first=8))
        copy_rows(Agency, FIELDS, agencies(start + 10, 10, first=10))
        move_sequence(Agency)
    rows = list(Agency.objects.order_by("id").values_list(*FIELDS))
    assert rows == [(start + i, *row[1:]) for i, row in enumerate(agencies(0, 20))]
    assert Agency.objects.create(name="Later", key="later", state="AL").id == start + 20


def test_it_sends_printed_json_as_it_is():
    """A link's snapshot is printed once by the importer; the database must read that text
    (PostgreSQL's binary COPY takes jsonb as a version byte and the text)."""
    hero = Hero.objects.create(last_name="Crumby", state="AL")
    fields = ("hero_id", "registry", "source_id", "snapshot")
    with transaction.atomic(), writing() as writer:
        writer.rows(Insert.of(SourceLink, fields), [(hero.pk, "test", "1", SNAPSHOT)])
    link = SourceLink.objects.get(hero=hero)
    assert link.snapshot == json.loads(SNAPSHOT)
    assert link.snapshot["agency"] == 'Huntsville é "PD"'


def test_a_failure_in_the_thread_reaches_the_caller_and_nothing_is_kept():
    with pytest.raises(IntegrityError), transaction.atomic():
        start = reserve_ids(Agency, 0).start
        with writing() as writer:
            insert = Insert.of(Agency, FIELDS)
            writer.rows(insert, agencies(start, 3))
            writer.rows(insert, agencies(start + 2, 3, first=3))  # id start + 2 twice
            writer.rows(insert, agencies(start + 10, 3, first=10))  # after the failure: not run
    assert not Agency.objects.exists()
    assert Agency.objects.create(name="After", key="after", state="AL").name == "After"


def test_a_caller_that_fails_stops_the_thread_before_its_rollback():
    with pytest.raises(RuntimeError, match="the reading failed"), transaction.atomic():
        start = reserve_ids(Agency, 0).start
        with writing() as writer:
            writer.rows(Insert.of(Agency, FIELDS), agencies(start, 5))
            raise RuntimeError("the reading failed")
    assert not Agency.objects.exists()
    assert connection.in_atomic_block is False


def test_the_pages_of_the_tables_it_wrote_are_made_again():
    before = freshness.current()
    with transaction.atomic():
        start = reserve_ids(Agency, 0).start
        with writing() as writer:
            writer.rows(Insert.of(Agency, FIELDS), agencies(start, 2))
    assert freshness.current() != before


def test_it_runs_only_inside_a_transaction():
    with pytest.raises(RuntimeError, match="transaction"), writing():
        pass


def test_it_puts_the_process_switch_interval_back():
    """The writer shortens Python's thread switch interval while it runs (so that it gets
    the GIL back soon after each wait); the process must get its own back, even on failure."""
    before = sys.getswitchinterval()
    with transaction.atomic(), writing():
        assert sys.getswitchinterval() < before
    assert sys.getswitchinterval() == before
    with pytest.raises(RuntimeError), transaction.atomic(), writing():
        raise RuntimeError("failed")
    assert sys.getswitchinterval() == before
