"""A chip file imported the wrong way can be imported again the right way; the same twice, once."""

import io

from django.core.management import call_command

from memorialmiles.timing.imports import import_chip_file
from memorialmiles.timing.models import ChipImport, RawRecord
from memorialmiles.timing.services import compute_event

READS = b"bib,time\n1,12:07:58\n2,12:08:00\n"
TAG_READS = b"tag,time\nAAA1,12:07:58\nBBB2,12:08:00\n"


def finish_times(event):
    return {r.bib: r.gun_time for r in compute_event(event).results if r.place}


def test_it_imports_again_with_the_right_offset_and_not_twice(race):
    wrong = import_chip_file(race, READS, format="csv", offset_s=3600)
    assert wrong.created and wrong.chip_import.reads_stored == 2
    right = import_chip_file(race, READS, format="csv", offset_s=-2.0)
    assert right.created and right.chip_import.reads_stored == 2
    assert right.chip_import.sha256 == wrong.chip_import.sha256
    again = import_chip_file(race, READS, format="csv", offset_s=-2)
    assert not again.created and again.chip_import == right.chip_import
    assert (ChipImport.objects.count(), RawRecord.objects.count()) == (2, 4)
    assert finish_times(race) == {"1": "0:07:56", "2": "0:07:58"}


def test_it_imports_again_with_the_right_format_or_mat(race):
    ipico_first = import_chip_file(race, READS, format="ipico")
    assert ipico_first.chip_import.reads_stored == 0
    assert import_chip_file(race, READS, format="csv").created
    assert import_chip_file(race, READS, format="csv", kind="start").created
    assert not import_chip_file(race, READS, format="csv", kind="start").created
    assert ChipImport.objects.count() == 3
    assert (
        sorted(RawRecord.objects.values_list("kind", flat=True)) == ["finish"] * 2 + ["start"] * 2
    )


def test_it_imports_again_with_another_tag_table_not_the_same_one_reordered(race):
    wrong = import_chip_file(race, TAG_READS, format="csv", tags={"AAA1": "9"})
    assert wrong.chip_import.rejected == 1  # BBB2 is not in that table
    right = import_chip_file(race, TAG_READS, format="csv", tags={"aaa1": "1", "BBB2": "2"})
    assert right.created and right.chip_import.tags_sha256
    same = import_chip_file(race, TAG_READS, format="csv", tags={"BBB2": "2", "AAA1": "1"})
    assert not same.created
    assert sorted(RawRecord.objects.values_list("bib", flat=True)) == ["1", "2", "9"]
    assert finish_times(race) == {"1": "0:07:58", "2": "0:08:00"}


def test_it_imports_again_through_the_command_after_a_wrong_offset(tmp_path, race):
    path = tmp_path / "finish.csv"
    path.write_bytes(READS)

    def run(*extra):
        out = io.StringIO()
        call_command(
            "timing", "import", str(path), "--event", str(race.pk), "--format", "csv", *extra,
            stdout=out,
        )  # fmt: skip
        return out.getvalue()

    assert "reads stored: 2" in run("--offset", "60")
    assert "reads stored: 2" in run("--offset", "0")
    assert "already imported" in run("--offset", "0.0")
    assert ChipImport.objects.count() == 2


def test_it_imports_again_through_the_page_with_the_right_offset(client, race, val):
    client.force_login(val)

    def upload(offset):
        chip = io.BytesIO(READS)
        chip.name = "finish.csv"
        return client.post(
            f"/timing/events/{race.pk}/import/",
            {"file": chip, "format": "csv", "offset": offset},
            follow=True,
        ).content.decode()

    assert "2 reads stored" in upload("30")
    assert "2 reads stored" in upload("-1")
    assert "already imported: nothing added" in upload("-1.0")
    assert ChipImport.objects.count() == 2
