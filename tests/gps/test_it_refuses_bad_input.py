import io

import pytest

from memorialmiles import gps
from memorialmiles.gps import GpsError

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&lol3;</name>
<trkseg><trkpt lat="1" lon="1"/></trkseg></trk></gpx>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&xxe;</name>
<trkseg><trkpt lat="1" lon="1"/></trkseg></trk></gpx>
"""


@pytest.mark.parametrize("doc", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_it_refuses_dtds_and_entities_at_once(doc, tmp_path):
    path = tmp_path / "evil.gpx"
    path.write_text(doc)
    with pytest.raises(GpsError) as err:
        gps.read(path)
    assert str(err.value).startswith(f"{path}: line 2: refused")
    assert "DTD" in str(err.value)


def test_it_refuses_a_file_over_the_size_limit(tmp_path, h):
    path = tmp_path / "big.gpx"
    path.write_text(h.gpx_doc([(45.0, 14.0, None, None)] * 50))
    with pytest.raises(GpsError, match="larger than the limit of 1,000 bytes"):
        gps.read(path, max_bytes=1000)
    assert len(gps.read(path)) == 50


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ((95.0, 14.0, None, None), "point 3: latitude 95.0 is outside -90..90"),
        ((45.0, 190.0, None, None), "point 3: longitude 190.0 is outside -180..180"),
        ((45.0, "NaN", None, None), "point 3: longitude is not a number"),
    ],
)
def test_it_names_the_point_with_an_impossible_coordinate(point, expected, h):
    pts = [(45.0, 14.0, 1.0, None), (45.0001, 14.0, 1.0, None), point]
    with pytest.raises(GpsError) as err:
        gps.read(io.BytesIO(h.gpx_doc(pts).encode()), name="bad.gpx")
    assert str(err.value) == f"bad.gpx: {expected}"


def test_it_names_the_line_of_broken_xml():
    doc = b'<?xml version="1.0"?>\n<gpx xmlns="http://www.topografix.com/GPX/1/1">\n<trk>\n</gpx>'
    with pytest.raises(GpsError) as err:
        gps.read(io.BytesIO(doc), name="broken.gpx")
    assert str(err.value).startswith("broken.gpx: line 4: not well-formed XML")


def test_it_names_the_line_of_a_bad_number():
    doc = (
        b'<?xml version="1.0"?>\n<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n'
        b'<trkpt lat="1" lon="1"/>\n<trkpt lat="abc" lon="1"/>\n</trkseg></trk></gpx>'
    )
    with pytest.raises(GpsError) as err:
        gps.read(io.BytesIO(doc), name="n.gpx")
    assert str(err.value) == "n.gpx: line 4: latitude 'abc' is not a number"


def test_it_reads_what_it_can_of_a_truncated_fit(real, h):
    data = real(h.FIT).read_bytes()
    track = gps.read(io.BytesIO(data[: len(data) // 2]), name="half.fit")
    assert 1000 < len(track) < 2809
    assert any("ends early" in w and "byte" in w for w in track.warnings)


def test_it_refuses_what_is_not_a_gps_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Dear organizer, here is my run!")
    with pytest.raises(GpsError, match="line 1: not a GPS file"):
        gps.read(path)
