from datetime import date

from memorialmiles.results.chipfiles import parse

GOOD = [
    "1;KDHRT12;2025-05-01;12:07:58.412;0;1F;B2;0;0;1;1;0;0;0;0;0;Finish;1;1;T-21234",
    "#P;2;KDHRT13;2025-05-01;12:08:00.000;0;0A;B2;0;0;1;1;0;0;0;0;0;Finish;1;1;T-21234",
    "3;KDHRT14;;12:09:00",
]
BAD = ["x;KDHRT12;2025-05-01;12:00:00", "4;;2025-05-01;12:00:00", "5;A;01/05/2025;12:00:00",
       "6;A;2025-05-01;noon", "7;A"]  # fmt: skip


def test_it_reads_passings_in_the_event_zone():
    out = parse(GOOD, "raceresult", event_date=date(2025, 5, 1), tz="America/Chicago")
    assert [(r.bib_or_tag, r.time, r.seq, r.device) for r in out.reads] == [
        ("KDHRT12", 1746119278.412, 1, "Finish"),
        ("KDHRT13", 1746119280.0, 2, "Finish"),
        ("KDHRT14", 1746119340.0, 3, ""),
    ]


def test_it_rejects_bad_passings_with_their_column():
    out = parse(BAD, "raceresult", event_date=date(2025, 5, 1), tz="UTC")
    assert out.reads == []
    assert [(r.line, r.column) for r in out.rejected] == [(1, 1), (2, 2), (3, 3), (4, 4), (5, None)]
