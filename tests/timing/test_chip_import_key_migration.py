"""Imports made before the duplicate key had one get the key a new import computes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from memorialmiles.timing.imports import import_chip_file
from memorialmiles.timing.models import ChipImport
from timing.timingkit import GUN

# The run table is taken back too: its later columns (the share key) have no default the
# earlier model state could fill.
BEFORE = [("timing", "0003_raw_record_covering_index_sqlite_only"), ("events", "0001_initial")]
AFTER = None  # every app's latest migration, as the rest of the suite expects
READS = b"bib,time\n1,12:07:58\n"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def earlier_import(offset_s: float, sha256: str) -> None:
    """A run and a chip import written before the key existed, then every migration run."""
    old = migrate(BEFORE)
    try:
        event = old.get_model("events", "Event").objects.create(
            title="Earlier run", starts_at=GUN, time_zone="America/Chicago", status="live"
        )
        old.get_model("timing", "ChipImport").objects.create(
            event_id=event.pk, file_name="finish.csv", format="csv", kind="finish",
            offset_s=offset_s, sha256=sha256,
        )  # fmt: skip
    finally:
        migrate(AFTER)


@pytest.mark.django_db(transaction=True)
def test_it_keys_earlier_imports_as_a_new_import_would():
    earlier_import(offset_s=-2.0, sha256="e6" * 32)
    from memorialmiles.events.models import Event
    from memorialmiles.timing.imports import import_key

    event = Event.objects.get(title="Earlier run")
    earlier = ChipImport.objects.get()
    assert earlier.key == import_key(event, earlier.sha256, "csv", "finish", -2.0, "")
    assert earlier.tags_sha256 == ""


@pytest.mark.django_db(transaction=True)
def test_it_finds_an_earlier_import_of_the_same_file_read_the_same_way():
    from memorialmiles.timing.imports import sha256_of

    earlier_import(offset_s=0.0, sha256=sha256_of(READS))
    from memorialmiles.events.models import Event

    event = Event.objects.get(title="Earlier run")
    assert not import_chip_file(event, READS, format="csv").created
    assert import_chip_file(event, READS, format="csv", offset_s=1.5).created
