from datetime import date

from memorialmiles.results.chipfiles import parse

DAY = date(2025, 5, 1)


def test_it_reads_bib_times_of_day_and_iso(tmp_path):
    f = tmp_path / "reads.csv"
    f.write_text("bib,time\n7,12:07:58.4\n\n8,2025-05-01T17:08:00Z\n", encoding="utf-8")
    out = parse(f, "csv", event_date=DAY, tz="America/Chicago", offset_s=1.5)
    assert [(r.bib_or_tag, r.time, r.seq, r.device) for r in out.reads] == [
        ("7", 1746119279.9, 2, "reads.csv"),
        ("8", 1746119281.5, 4, "reads.csv"),
    ]
    assert (out.lines_read, out.skipped, out.rejected) == (4, 2, [])


def test_it_maps_tags_and_keeps_bad_lines_aside(tmp_path):
    f = tmp_path / "tags.csv"
    f.write_bytes(
        b"tag,time\nE200A,12:00:05\nE200B,12:00:06\n,12:00:07\nE200A,25:00:00\n"
        b"E200A,2025-05-01T12:00:00\nE200A\n\xff\xfe,12:00:01\n"
    )
    out = parse(f, "csv", event_date=DAY, tz="UTC", tags={"e200a": "42"})
    assert [r.bib_or_tag for r in out.reads] == ["42"]
    assert [(r.line, r.column) for r in out.rejected] == [
        (3, 1), (4, 1), (5, 2), (6, 2), (7, None), (8, 1),
    ]  # fmt: skip
    assert "not in the tag table" in out.rejected[0].reason
    assert "no UTC offset" in out.rejected[3].reason
    assert out.rejected[-1].reason == "not UTF-8 text"


def test_it_rejects_a_missing_header():
    out = parse(["7,12:00:00"], "csv", event_date=DAY, tz="UTC")
    assert out.reads == [] and out.rejected[0].reason.startswith("expected a header")
