from datetime import date

from memorialmiles.results.chipfiles import parse
from memorialmiles.results.chipfiles.ipico import checksum


def line(tag="058001234567", stamp="250501120758", cs="29", suffix=""):
    body = "aa00" + tag + "0a2a" + stamp + cs
    return body + checksum(body[2:]) + suffix


def test_it_reads_and_verifies_the_checksum():
    good = [line(), line(cs="00", suffix="FS"), "aa400000000123450a2a01123018455927a7"]
    out = parse(good, "ipico", tz="America/Chicago", tags=None)
    assert [(r.bib_or_tag, r.time, r.device) for r in out.reads] == [
        ("058001234567", 1746119278.41, "ipico-00"),
        ("058001234567", 1746119278.0, "ipico-00"),
        ("000000012345", 1009759559.39, "ipico-40"),
    ]


def test_it_rejects_a_bad_checksum_and_malformed_reads():
    bad = [
        "aa400000000123450a2a01123018455927a8",
        line()[:-1],
        "ab" + line()[2:],
        line(suffix="ZZ"),
        line(cs="64"),
        line(stamp="251301120758"),
        "aa" + "zz" * 17,
    ]
    out = parse(bad, "ipico", event_date=date(2025, 5, 1), tz="UTC")
    assert out.reads == []
    assert [r.column for r in out.rejected] == [35, None, 1, 37, 21, 21, None]
    assert out.rejected[0].reason == "checksum a8 should be a7"
