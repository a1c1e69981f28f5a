import base64
import io
import json

import pytest
from django.core.management import CommandError, call_command

from memorialmiles.results.chipfiles.ipico import checksum
from memorialmiles.timing.imports import import_chip_file
from memorialmiles.timing.models import ChipImport, RawRecord, RejectedLine
from memorialmiles.timing.services import compute_event
from timing.timingkit import GUN

PLAIN = (
    "bib,time\n"
    "1,12:07:58.4\n"
    "1,12:08:01.0\n"  # a repeat within 5 s: folded
    "2,2025-05-01T17:08:00Z\n"
    "3,11:59:00\n"  # before the gun: ignored
    "4,noon\n"  # unreadable: rejected with its number
    ",12:09:00\n"
    "5,12:09:30\n"
)


def run(*args):
    out = io.StringIO()
    call_command("timing", "import", *map(str, args), stdout=out)
    return out.getvalue()


def test_it_imports_a_plain_csv_and_reports_every_count(tmp_path, race):
    path = tmp_path / "finish.csv"
    path.write_text(PLAIN)
    out = run(path, "--event", race.pk, "--format", "csv")
    assert "lines read: 8\nreads stored: 3\nrepeats folded: 1\nbefore start: 1\nrejected: 2" in out
    assert "rejected line 6, column 2:" in out and "rejected line 7, column 1:" in out
    assert list(RejectedLine.objects.values_list("line", flat=True)) == [6, 7]
    assert sorted(RawRecord.objects.values_list("bib", "line")) == [("1", 2), ("2", 4), ("5", 8)]
    rows = {r.bib: r for r in compute_event(race).results}
    assert (rows["1"].gun_time, rows["2"].gun_time, rows["5"].gun_time) == (
        "0:07:58.4", "0:08:00", "0:09:30"
    )  # fmt: skip


def test_it_adds_nothing_when_the_same_file_comes_again(tmp_path, race):
    path = tmp_path / "finish.csv"
    path.write_text(PLAIN)
    run(path, "--event", race.pk, "--format", "csv")
    again = run(path, "--event", race.pk, "--format", "csv")
    assert "already imported" in again
    assert (ChipImport.objects.count(), RawRecord.objects.count()) == (1, 3)
    assert RejectedLine.objects.count() == 2


def test_it_applies_a_tag_table_and_a_clock_offset(tmp_path, race):
    reads = tmp_path / "tags.csv"
    reads.write_text("tag,time\nAAA1,12:07:58\nBBB2,12:08:00\nZZZ9,12:08:10\n")
    table = tmp_path / "table.csv"
    table.write_text("tag,bib\naaa1,1\nBBB2,2\n")
    out = run(reads, "--event", race.pk, "--format", "csv", "--tags", table, "--offset", "-2.5")
    assert "reads stored: 2" in out and "rejected: 1" in out
    rows = {r.bib: r.gun_time for r in compute_event(race).results if r.place}
    assert rows == {"1": "0:07:55.5", "2": "0:07:57.5"}


def test_it_refuses_an_unknown_event_or_a_missing_file(tmp_path, race):
    with pytest.raises(CommandError, match="no event"):
        run(tmp_path / "x.csv", "--event", race.pk + 99, "--format", "csv")
    with pytest.raises(CommandError, match="x.csv"):
        run(tmp_path / "x.csv", "--event", race.pk, "--format", "csv")


def ipico(tag: str, stamp: str) -> str:
    body = "aa00" + tag + "0a2a" + stamp + "29"
    return body + checksum(body[2:])


EPC = "E28011606000020497CB0065"
FORMATS = {
    "raceresult": (
        "1;1;2025-05-01;12:07:58.412;0;1F;B2;0;0;1;1;0;0;0;0;0;Finish;1;1;T-21234\n"
        "#P;2;2;2025-05-01;12:08:00.000;0;0A;B2;0;0;1;1;0;0;0;0;0;Finish;1;1;T-21234\n"
        "x;KDHRT12;2025-05-01;12:00:00\n",
        {"1": "0:07:58.412", "2": "0:08:00"},
    ),
    "chronotrack": (
        "CT01_33~1~finish~1~12:07:58.41~0~0F2A38~1\n"
        "CT01_33,2,finish,2,12:08:00.00,0,0F2A38,1\n"
        "CT01_33~1~finish~1~12:61:00\n",
        {"1": "0:07:58.41", "2": "0:08:00"},
    ),
    "impinj": (
        json.dumps({"timestamp": "2025-05-01T17:07:58.400Z", "eventType": "tagInventory",
                    "tagInventoryEvent": {"epcHex": EPC}}) + "\n"
        + json.dumps({"eventType": "tagInventory", "tagInventoryEvent": {
            "epc": base64.b64encode(bytes.fromhex("AB")).decode(),
            "firstSeenTime": "2025-05-01T17:08:00Z"}}) + "\n"
        + "{not json\n",
        {"1": "0:07:58.4", "2": "0:08:00"},
    ),
    "ipico": (
        ipico("000000000001", "250501120758") + "\n"
        + ipico("000000000002", "250501120800") + "\n"
        + ipico("000000000002", "250501120800")[:-2] + "00\n",  # bad checksum
        {"1": "0:07:58.41", "2": "0:08:00.41"},
    ),
}  # fmt: skip
TAGS = {
    "raceresult": None,
    "chronotrack": None,
    "impinj": {EPC: "1", "AB": "2"},
    "ipico": {"000000000001": "1", "000000000002": "2"},
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_it_imports_every_timing_system_format(fmt, race):
    text, expected = FORMATS[fmt]
    outcome = import_chip_file(race, text.encode(), format=fmt, file_name=f"{fmt}.txt",
                               tags=TAGS[fmt])  # fmt: skip
    ci = outcome.chip_import
    assert (ci.reads_stored, ci.rejected) == (2, 1)
    assert list(ci.rejected_lines.values_list("line", flat=True)) == [3]
    assert {r.bib: r.gun_time for r in compute_event(race).results if r.place} == expected
    again = import_chip_file(race, text.encode(), format=fmt, tags=TAGS[fmt])
    assert not again.created and RawRecord.objects.count() == 2


def test_it_imports_through_the_upload_page(client, race, val, charlie):
    page = f"/timing/events/{race.pk}/import/"
    client.force_login(charlie)
    assert client.get(page).status_code == 403
    client.force_login(val)
    upload = io.BytesIO(PLAIN.encode())
    upload.name = "finish.csv"
    response = client.post(page, {"file": upload, "format": "csv", "offset": "0"}, follow=True)
    text = response.content.decode()
    assert "8 lines read, 3 reads stored, 1 repeats folded, 1 before the start, 2 rejected" in text
    upload.seek(0)
    again = client.post(page, {"file": upload, "format": "csv"}, follow=True).content.decode()
    assert "already imported: nothing added" in again
    assert ChipImport.objects.get().imported_by == val
    review = client.get(f"/timing/events/{race.pk}/review/").content.decode()
    assert "line 6, column 2" in review


def test_it_reports_a_bad_format_on_the_page(client, race, val):
    client.force_login(val)
    upload = io.BytesIO(b"bib,time\n")
    upload.name = "x.csv"
    response = client.post(
        f"/timing/events/{race.pk}/import/", {"file": upload, "format": "pdf"}, follow=True
    )
    assert "Not imported: unknown format" in response.content.decode()
    assert not ChipImport.objects.exists()
    assert GUN.tzinfo is not None
