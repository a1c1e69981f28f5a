"""Inputs the fuzzer found in the chip-file readers (docs/fuzzing.md), kept as bytes literals.

The timing import calls ``parse`` without catching anything, so each of these was a 500 on the
chip import; now each comes back as a rejected line, and the lines around it are read.
"""

import io
from datetime import date

from memorialmiles.results.chipfiles import parse

DAY = date(2025, 5, 1)


def test_it_rejects_a_csv_line_with_quotes_and_a_lone_carriage_return():
    # Finding Error-plain-33: csv.Error "new-line character seen in unquoted field".
    data = b'bib,time\n7\r,"12:00:00"\n8,12:00:01\n'
    for source in (io.BytesIO(data), [b"bib,time\n", b'7\r,"12:00:00"\n', b"8,12:00:01\n"]):
        out = parse(source, "csv", event_date=DAY, tz="UTC")
        assert [r.bib_or_tag for r in out.reads] == ["8"]
        assert [(r.line, r.column, r.reason) for r in out.rejected] == [
            (2, None, "a line break inside the line: not a CSV line")
        ]


def test_it_rejects_such_a_line_where_the_header_should_be():
    data = b'bib\r,"time"\nbib,time\n8,12:00:01\n'
    out = parse(io.BytesIO(data), "csv", event_date=DAY, tz="UTC")
    assert [(r.line, r.reason) for r in out.rejected] == [
        (1, "a line break inside the line: not a CSV line")
    ]
    assert [r.bib_or_tag for r in out.reads] == ["8"]


def test_it_rejects_a_race_result_line_of_a_lone_passing_marker():
    # Finding IndexError-raceresult-34: "#P" alone left no cells.
    out = parse(["#P", "3;KDHRT14;;12:09:00"], "raceresult", event_date=DAY, tz="UTC")
    assert [(r.line, r.column, r.reason) for r in out.rejected] == [
        (1, None, "expected PassingNo;Code;Date;Time;...")
    ]
    assert [r.bib_or_tag for r in out.reads] == ["KDHRT14"]
