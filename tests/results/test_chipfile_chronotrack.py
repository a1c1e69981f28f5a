from datetime import date

from memorialmiles.results.chipfiles import parse


def test_it_reads_tilde_and_comma_lines_and_start_location():
    lines = [
        "CT01_33~1~finish~1234~12:07:58.41~0~0F2A38~1",
        "CT01_33,2,start,1235,12:00:03.00,0,0F2A38,1",
        "CT01_33~3~finish~1236~2025-05-01 12:09:00.5~0~0F2A38~1",
    ]
    out = parse(lines, "chronotrack", event_date=date(2025, 5, 1), tz="America/Chicago")
    assert [(r.bib_or_tag, r.time, r.kind, r.device) for r in out.reads] == [
        ("1234", 1746119278.41, "finish", "finish"),
        ("1235", 1746118803.0, "start", "start"),
        ("1236", 1746119340.5, "finish", "finish"),
    ]


def test_it_rejects_bad_lines():
    lines = ["hello", "CT01_33~x~finish~1~12:00:00", "CT01_33~1~finish~~12:00:00",
             "CT01_33~1~finish~1~12:61:00", "CT01_33~1"]  # fmt: skip
    out = parse(lines, "chronotrack", event_date=date(2025, 5, 1), tz="UTC")
    assert [(r.line, r.column) for r in out.rejected] == [(1, 1), (2, 2), (3, 4), (4, 5), (5, None)]
