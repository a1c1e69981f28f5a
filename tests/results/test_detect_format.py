import pytest

from memorialmiles.results.chipfiles import detect_format, parse


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        (["bib,time", "1,12:00:00"], "csv"),
        (["Tag , Time"], "csv"),
        (["1;ABC;2025-05-01;12:00:00.1;0"], "raceresult"),
        (["PassingNo;Code;Date;Time", "1;ABC;2025-05-01;12:00:00"], "raceresult"),
        (["CT01_33~1~finish~1~12:00:00~0~x~1"], "chronotrack"),
        (['{"epc": "AB"}'], "impinj"),
        (["epc,timestamp"], "impinj"),
        (["", "aa400000000123450a2a01123018455927a7"], "ipico"),
        (["hello world"], None),
    ],
)
def test_it_detects_formats(lines, name):
    assert detect_format(lines) == name


def test_it_parses_without_a_format_name(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("aa400000000123450a2a01123018455927a7\n")
    assert len(parse(f, tz="UTC").reads) == 1
    f.write_text("what is this\n")
    with pytest.raises(ValueError, match="cannot tell"):
        parse(f)
