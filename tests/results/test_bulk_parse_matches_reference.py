"""Property: the bulk road of ``parse`` gives exactly what the line-by-line reference gives.

The reference is ``iter_parse`` (one line at a time, the code every format shares); the
bulk road is what ``parse`` takes for a whole file. Same reads (bib, time, device, seq,
kind), same rejected lines with the same number, column and reason, same counts.
"""

import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.results.chipfiles import bulk, iter_parse, parse
from memorialmiles.results.chipfiles.base import Context
from memorialmiles.results.chipfiles.ipico import checksum

DAY = date(2025, 11, 2)  # a DST change in America/Chicago: 01:00-02:00 happens twice
TAGS = ["E200A", "e200b", "058001234567", "0580012345AB"]


def reference(data: bytes, fmt: str, **kw):
    ctx = Context(None, None)
    items = list(iter_parse(io.BytesIO(data), fmt, context=ctx, **kw))
    reads = [i for i in items if type(i).__name__ == "Read"]
    rejected = [i for i in items if type(i).__name__ == "Rejected"]
    return reads, rejected, ctx.lines, ctx.skipped


def check(data: bytes, fmt: str, block: int = bulk.CHUNK, **kw):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk, "CHUNK", block)  # small blocks: reads that cross them
        out = parse(io.BytesIO(data), fmt, **kw)
    assert out.columns is not None  # the bulk road was taken
    reads, rejected, lines, skipped = reference(data, fmt, **kw)
    assert out.reads == reads
    assert [tuple(r) for r in out.rejected] == [tuple(r) for r in rejected]
    assert (out.lines_read, out.skipped) == (lines, skipped)


two = st.integers(0, 99).map(lambda v: f"{v:02d}")
frac = st.sampled_from(["", ".", ".4", ".41", ".412", ".4123", ".41234", ".412345", ".4123456"])
offset = st.sampled_from(["Z", "+00:00", "-05:00", "+05:30", "+23:59", "+24:00", "-0500", "z"])
iso = st.builds(
    lambda y, mo, d, h, mi, s, f, o, sep: f"{y:04d}-{mo}-{d}{sep}{h}:{mi}:{s}{f}{o}",
    st.sampled_from([0, 1, 1970, 2024, 2025, 2100, 9999]),
    st.sampled_from(["01", "02", "05", "11", "12", "13", "00"]),
    st.sampled_from(["01", "02", "28", "29", "30", "31", "32"]),
    two,
    two,
    two,
    frac,
    offset,
    st.sampled_from(["T", "T", "T", " ", "t"]),
)
time_of_day = st.builds(lambda h, m, s, f: f"{h}:{m}:{s}{f}", two, two, two, frac)
odd_time = st.sampled_from(["", " 12:00:00", "12:00:00 ", "7:05:00", "12:00", "noon", "١٢:00:00"])
ident = st.sampled_from(["7", "42", "1001", "A7", " 8", "9 ", "", "é1", '"5"', "x\x00"] + TAGS)
kind = st.sampled_from(["", "start", "finish", "START", " start", "lap"])


@st.composite
def csv_files(draw):
    head = draw(
        st.sampled_from(["bib,time", "tag,time", "time,bib", "bib,time,kind", "tag,x,time"])
    )
    cols = head.split(",")
    rows = []
    for _ in range(draw(st.integers(0, 25))):
        cells = {
            "bib": draw(ident),
            "tag": draw(ident),
            "time": draw(st.one_of(iso, time_of_day, odd_time)),
            "kind": draw(kind),
            "x": draw(st.sampled_from(["", "a", "a,b"])),
        }
        row = ",".join(cells[c] for c in cols)
        row = draw(st.sampled_from([row, row, row, "", "   ", row + ",extra", row[:5], "\ufeff"]))
        rows.append(row)
    lead = draw(st.sampled_from(["", "\ufeff", "\n", "junk\n"]))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = lead + head + end + end.join(rows) + draw(st.sampled_from(["", end]))
    data = text.encode("utf-8")
    if draw(st.booleans()) and rows:
        data = data.replace(b"\n", b"\n\xff", 1)  # one line that is not UTF-8
    return data


@settings(max_examples=300, deadline=None)
@given(
    csv_files(),
    st.sampled_from([None, "America/Chicago", "UTC"]),
    st.sampled_from([None, DAY]),
    st.sampled_from([0.0, 1.5, -3600.25]),
    st.sampled_from([None, {"e200a": "101", "E200B": "102", "058001234567": "103"}]),
    st.sampled_from(["finish", "start"]),
    st.sampled_from([1, 3, bulk.CHUNK]),
)
def test_it_reads_csv_in_bulk_as_line_by_line(data, tz, day, offset_s, tags, kind, block):
    check(data, "csv", block, tz=tz, event_date=day, offset_s=offset_s, tags=tags, kind=kind)


@st.composite
def ipico_lines(draw):
    tag = draw(st.sampled_from(TAGS[2:] + ["0580012345ab", "000000000001"]))
    stamp = "".join(
        draw(st.sampled_from(options))
        for options in (
            ["25", "00", "99"],
            ["01", "02", "11", "12", "13", "00"],
            ["01", "02", "29", "30", "31", "32"],
            ["00", "01", "02", "12", "23", "24"],
            ["00", "30", "59", "60"],
            ["00", "07", "59", "60", "5x"],
        )
    )
    hundredths = draw(st.sampled_from(["00", "29", "63", "64", "ff", "FF", "zz"]))
    body = "aa" + draw(st.sampled_from(["00", "40", "0A", "0a"])) + tag + "0a2a" + stamp
    body += hundredths
    good = checksum(body[2:])
    cs = draw(st.sampled_from([good, good, good.upper(), "00", "zz"]))
    line = body + cs + draw(st.sampled_from(["", "", "FS", "LS", "ZZ", "fs"]))
    return draw(st.sampled_from([line, line, line, " " + line, line[:-1], "ab" + line[2:], ""]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(ipico_lines(), max_size=25),
    st.sampled_from(["America/Chicago", "UTC"]),
    st.sampled_from([0.0, 2.5]),
    st.sampled_from([None, {"058001234567": "7", "0580012345AB": "8"}]),
    st.sampled_from(["", "reader.txt"]),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from([1, 3, bulk.CHUNK]),
)
def test_it_reads_ipico_in_bulk_as_line_by_line(lines, tz, offset_s, tags, device, end, block):
    data = end.join(lines).encode("ascii")
    kw = {"tz": tz, "event_date": DAY, "offset_s": offset_s, "tags": tags, "device": device}
    check(data, "ipico", block, **kw)
