"""``core.bulk.copy_rows``: COPY on PostgreSQL, one executemany on SQLite, same rows either way."""

from django.db import transaction

from memorialmiles.core.bulk import copy_rows
from memorialmiles.timing.models import ChipImport, RawRecord
from timing.timingkit import at_us


def test_it_stores_rows_with_constants_and_defaults(race):
    with transaction.atomic():
        ci = ChipImport.objects.create(event=race, file_name="f.csv", sha256="a", format="csv")
        count = copy_rows(
            RawRecord,
            ("bib", "device_time_us", "device_seq", "line", "kind"),
            iter([("7", at_us(400), 2, 2, "finish"), ("tag\tx\\y\nz", at_us(30), 3, 3, "start")]),
            constants={"event_id": race.pk, "chip_import_id": ci.pk, "source": "chip"},
        )
    assert count == 2
    rows = list(
        RawRecord.objects.filter(chip_import=ci)
        .order_by("id")
        .values_list("bib", "device_time_us", "device_seq", "line", "kind", "source", "wave")
    )
    assert rows == [
        ("7", at_us(400), 2, 2, "finish", "chip", ""),
        ("tag\tx\\y\nz", at_us(30), 3, 3, "start", "chip", ""),
    ]
    first, second = RawRecord.objects.filter(chip_import=ci).order_by("id")
    assert second.id == first.id + 1
    assert first.group_bibs is None and first.device_id is None and first.ref_seq is None
    assert first.received_at is not None and first.received_at == second.received_at


def test_it_hands_out_ids_after_the_copied_rows(race):
    with transaction.atomic():
        copy_rows(
            RawRecord,
            ("bib", "device_time_us"),
            [("1", at_us(500))],
            constants={"event_id": race.pk, "source": "manual"},
        )
    copied = RawRecord.objects.get(event=race, bib="1")
    later = RawRecord.objects.create(event=race, source="manual", bib="2", device_time_us=0)
    assert later.id > copied.id


def test_it_stores_nothing_for_no_rows(race):
    with transaction.atomic():
        assert copy_rows(RawRecord, ("bib",), [], constants={"event_id": race.pk}) == 0
    assert not RawRecord.objects.exists()
