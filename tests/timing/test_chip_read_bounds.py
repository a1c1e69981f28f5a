"""Chip reads keep the bounds of a phone tap; a clock offset is finite and under a day."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from memorialmiles.results.chipfiles import iter_parse, parse
from memorialmiles.results.chipfiles.ipico import checksum
from memorialmiles.timing.imports import ImportError_, import_chip_file
from memorialmiles.timing.models import ChipImport, RawRecord

LONG = "7" * 41


def ipico(tag: str, stamp: str) -> str:
    body = "aa00" + tag + "0a2a" + stamp + "29"
    return body + checksum(body[2:])


# Each file: good reads on lines 2 and 3 (or 1 and 2), then lines out of bounds.
FILES = {
    "csv": (
        "bib,time\n1,12:07:58\n2,2025-05-01T17:08:00Z\n"
        "3,1999-12-31T23:59:59Z\n"  # 4: before 2000
        "4,2100-01-01T00:00:01Z\n"  # 5: after 2100
        f"{LONG},12:08:00\n"  # 6: a 41-character bib
        "5\x00,12:08:00\n",  # 7: NUL
        {4: "time is outside", 5: "time is outside", 6: "at most 40", 7: "NUL"},
    ),
    "raceresult": (
        "1;1;2025-05-01;12:07:58\n2;2;2025-05-01;12:08:00\n"
        "3;3;1999-05-01;12:08:00\n"
        f"4;{LONG};2025-05-01;12:08:00\n"
        "99999999999;5;2025-05-01;12:08:00\n",  # a passing number past the line column
        {3: "time is outside", 4: "at most 40", 5: "too large"},
    ),
    "chronotrack": (
        "CT01_33~1~finish~1~12:07:58.41\nCT01_33~2~finish~2~12:08:00.00\n"
        "CT01_33~3~finish~3~1999-05-01 12:08:00\n"
        f"CT01_33~4~finish~{LONG}~12:08:00\n"
        "CT01_33~5~finish~5\x00~12:08:00\n",
        {3: "time is outside", 4: "at most 40", 5: "NUL"},
    ),
    "impinj": (
        json.dumps({"epc": "01", "firstSeenTimestamp": 1746119278000000}) + "\n"
        + json.dumps({"epc": "02", "firstSeenTimestamp": 1746119280000000}) + "\n"
        + json.dumps({"epc": "03", "firstSeenTimestamp": 10**30}) + "\n"
        + json.dumps({"epc": "04", "firstSeenTimestamp": -5}) + "\n"
        + json.dumps({"epc": "A" * 41, "firstSeenTimestamp": 1746119280000000}) + "\n",
        {3: "time is outside", 4: "time is outside", 5: "at most 40"},
    ),
    "ipico": (
        ipico("000000000001", "250501120758") + "\n"
        + ipico("000000000002", "250501120800") + "\n"
        + ipico("000000000003", "991231235959") + "\n",  # 2100-01-01 05:59 UTC
        {3: "time is outside"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_it_rejects_reads_out_of_bounds_with_their_line_and_reason(fmt, race):
    text, expected = FILES[fmt]
    outcome = import_chip_file(race, text.encode(), format=fmt, file_name=f"{fmt}.txt")
    ci = outcome.chip_import
    assert ci.reads_stored == 2
    assert {r.line: r.reason for r in ci.rejected_lines.all()}.keys() == expected.keys()
    for rejected in ci.rejected_lines.all():
        assert expected[rejected.line] in rejected.reason
        assert "\x00" not in rejected.raw  # shown as ␀: PostgreSQL text refuses NUL
    stored = RawRecord.objects.all()
    assert len(stored) == 2
    assert all(len(r.bib) <= 40 and "\x00" not in r.bib for r in stored)
    assert all(946_684_800_000_000 <= r.device_time_us <= 4_102_444_800_000_000 for r in stored)


@pytest.mark.parametrize("fmt", ["csv", "ipico"])
def test_it_rejects_the_same_lines_on_the_bulk_road_and_line_by_line(fmt):
    text, _ = FILES[fmt]
    kw = {"event_date": None, "tz": "America/Chicago", "offset_s": 0.0}
    from datetime import date

    kw["event_date"] = date(2025, 5, 1)
    bulk = parse(io.BytesIO(text.encode()), fmt, **kw)
    assert bulk.columns is not None
    one_by_one = list(iter_parse(io.BytesIO(text.encode()), fmt, **kw))
    rejected = [tuple(i) for i in one_by_one if type(i).__name__ == "Rejected"]
    assert [tuple(r) for r in bulk.rejected] == rejected
    assert len(bulk.reads) == 2


def test_it_rejects_a_read_the_offset_pushes_out_of_bounds(race):
    text = b"bib,time\n1,2099-12-31T23:00:00Z\n2,2025-05-01T17:08:00Z\n"
    ci = import_chip_file(race, text, format="csv", offset_s=7200).chip_import
    assert (ci.reads_stored, ci.rejected) == (1, 1)
    assert ci.rejected_lines.get().line == 2


def test_it_refuses_a_tag_table_with_a_bib_out_of_bounds(race, client, val):
    with pytest.raises(ImportError_, match="at most 40"):
        import_chip_file(race, b"tag,time\nA,12:08:00\n", format="csv", tags={"A": LONG})
    client.force_login(val)
    chip, tags = io.BytesIO(b"tag,time\nA,12:08:00\n"), io.BytesIO(f"A,{LONG}\n".encode())
    chip.name, tags.name = "reads.csv", "tags.csv"
    response = client.post(
        f"/timing/events/{race.pk}/import/", {"file": chip, "format": "csv", "tags": tags}
    )
    assert response.status_code == 400
    assert "tag table: line 1: bib is 41 characters" in response.content.decode()
    assert not ChipImport.objects.exists()


def test_it_stores_nothing_and_answers_no_500_for_a_hostile_upload(client, race, val):
    client.force_login(val)
    hostile = (
        "bib,time\n" + "\x00,12:08:00\n" + f"{'9' * 5000},12:08:00\n" + "1,9999-12-31T23:59:59Z\n"
    )
    chip = io.BytesIO(hostile.encode())
    chip.name = "hostile.csv"
    response = client.post(
        f"/timing/events/{race.pk}/import/", {"file": chip, "format": "csv"}, follow=True
    )
    assert response.status_code == 200
    assert (
        "0 reads stored" in response.content.decode() and "3 rejected" in response.content.decode()
    )
    assert not RawRecord.objects.exists()


BAD_OFFSETS = ["inf", "-inf", "nan", "1e300", "86400", "-86400.5", "abc"]


@pytest.mark.parametrize("offset", BAD_OFFSETS)
def test_it_refuses_an_offset_that_is_not_finite_or_not_under_a_day(offset, client, race, val):
    client.force_login(val)
    chip = io.BytesIO(b"bib,time\n1,12:08:00\n")
    chip.name = "finish.csv"
    response = client.post(
        f"/timing/events/{race.pk}/import/", {"file": chip, "format": "csv", "offset": offset}
    )
    assert response.status_code == 400
    assert f"clock offset {offset!r}" in response.content.decode().replace("&#x27;", "'")
    assert not ChipImport.objects.exists()


@pytest.mark.parametrize("offset", ["inf", "nan", "1e300", "-90000"])
def test_it_refuses_such_an_offset_in_the_command_and_the_readers(offset, tmp_path, race):
    path = tmp_path / "finish.csv"
    path.write_bytes(b"bib,time\n1,12:08:00\n")
    with pytest.raises(CommandError, match="clock offset"):
        call_command(
            "timing", "import", str(path), "--event", str(race.pk), "--format", "csv",
            "--offset", offset, stdout=io.StringIO(),
        )  # fmt: skip
    with pytest.raises(ImportError_, match="under a day"):
        import_chip_file(race, b"bib,time\n", format="csv", offset_s=float(offset))
    with pytest.raises(ValueError, match="under a day"):
        parse(io.BytesIO(b"bib,time\n"), "csv", offset_s=float(offset))
    assert not ChipImport.objects.exists()


def test_it_takes_an_offset_just_under_a_day(race):
    ci = import_chip_file(race, b"bib,time\n1,11:00:00\n", format="csv", offset_s=-86399.5)
    assert ci.created and ci.chip_import.offset_s == -86399.5
