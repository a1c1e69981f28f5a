"""Files at the edges of the fast GPX road: either it reads them exactly as the streaming reader
does, or it hands them over (``read_fast`` returns None) and the streaming reader reads them."""

import io

import numpy as np
import pytest

from memorialmiles import gps
from memorialmiles.gps.gpxfast import read_fast

HEAD = '<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
P1 = '<trkpt lat="45.0" lon="14.0"><ele>300.5</ele><time>2025-05-15T12:00:00Z</time></trkpt>'
P2 = '<trkpt lat="45.0001" lon="14.0"><ele>301</ele><time>2025-05-15T12:00:05Z</time></trkpt>'
WPT = '<wpt lat="45.5" lon="14.5"><ele>12</ele><name>Police HQ</name></wpt>'


def both(doc: str):
    data = doc.encode()
    fast = read_fast(data, "f")
    slow = gps.read(io.BytesIO(data), fast=False)
    if fast is not None:
        for column in ("lat", "lon", "ele", "time", "segment"):
            np.testing.assert_array_equal(getattr(fast, column), getattr(slow, column))
        assert (fast.name, fast.waypoints) == (slow.name, slow.waypoints)
    return fast, slow


def track(*points: str, before: str = "", after: str = "", name: str = "Crumby mile") -> str:
    body = f"<trk><name>{name}</name><trkseg>{''.join(points)}</trkseg></trk>"
    return f"{HEAD}{before}{body}{after}</gpx>"


def test_it_reads_waypoints_on_the_fast_road():
    fast, slow = both(track(P1, P2, before=f"<metadata><name>Meta</name></metadata>{WPT}"))
    assert fast is not None
    assert fast.waypoints == [{"lat": 45.5, "lon": 14.5, "ele": 12.0, "name": "Police HQ"}]
    assert fast.name == "Crumby mile"


def test_it_takes_the_metadata_name_when_the_track_has_none():
    doc = track(P1, P2, before="<metadata><name>Meta &amp; more</name></metadata>")
    fast, slow = both(doc.replace("<name>Crumby mile</name>", ""))
    assert fast is not None and fast.name == "Meta & more"


def test_it_keeps_segments_apart_and_drops_empty_ones():
    doc = track(P1, P2).replace(
        "</trkseg>", f"</trkseg><trkseg></trkseg><trkseg>{P2.replace('05Z', '09Z')}</trkseg>"
    )
    fast, slow = both(doc)
    assert fast is not None and fast.segment.tolist() == [0, 0, 1]


def test_it_reads_points_without_elevation_or_time_and_self_closed_points():
    doc = track(
        '<trkpt lat="45.0" lon="14.0"/>',
        '<trkpt lon="14.001" lat="45.0"><ele> 7 </ele></trkpt>',
        '<trkpt lat="45.0" lon="14.002"><time>2025-05-15T12:00:00.250Z</time></trkpt>',
    )
    fast, slow = both(doc)
    assert fast is not None
    assert np.isnan(fast.ele[0]) and fast.ele[1] == 7.0
    assert fast.time[2] % 1 == pytest.approx(0.25)


@pytest.mark.parametrize(
    "doc",
    [
        # markup the regular expression cannot see
        track(P1, "<!-- <trkpt lat='1' lon='1'></trkpt> -->", P2),
        track(P1, "<?pi <trkpt lat='1' lon='1'></trkpt>?>", P2),
        track(P1, P2, after="<extensions><![CDATA[<trkpt lat='1' lon='1'></trkpt>]]></extensions>"),
        # a point it does not match: prefixed, extra attribute, ele after name
        track(P1, P2).replace("<trkseg>", '<trkseg><g:trkpt xmlns:g="x" lat="1" lon="1"/>'),
        track(P1, '<trkpt lat="45" lon="14" id="x"/>'),
        track(P1, '<trkpt lat="45" lon="14"><name>a</name><ele>5</ele></trkpt>'),
        # a second time after extensions, a prefixed segment, waypoints after the track
        track(P1.replace("<ele>300.5</ele>", ""), "").replace(
            "</trkpt>", "<extensions/><time>2025-05-15T12:00:01Z</time></trkpt>"
        ),
        track(P1, P2).replace("</trk>", '<g:trkseg xmlns:g="y"></g:trkseg></trk>'),
        track(P1, P2, after=WPT),
        # numbers written in a way float() reads but the fast road does not try
        track(
            P1, '<trkpt lat="4&#53;" lon="14"><ele>1</ele><time>2025-05-15T12:00:09Z</time></trkpt>'
        ),
        track(
            P1, '<trkpt lat="45" lon="14"><ele>1</ele><time> 2025-05-15T12:00:09Z</time></trkpt>'
        ),
    ],
    ids=[
        "comment",
        "pi",
        "cdata",
        "prefixed-point",
        "extra-attribute",
        "ele-after-name",
        "late-time",
        "prefixed-segment",
        "waypoint-after-track",
        "character-reference",
        "spaced-time",
    ],
)
def test_it_hands_over_or_agrees_on_unusual_files(doc):
    fast, slow = both(doc)
    assert len(gps.read(io.BytesIO(doc.encode()))) == len(slow)


def test_it_takes_the_first_ele_and_time_on_both_roads():
    doc = track(P1.replace("</trkpt>", "<ele>999</ele><time>2030-01-01T00:00:00Z</time></trkpt>"))
    fast, slow = both(doc)  # a second ele or time is a child the fast road does not take
    assert slow.ele.tolist() == [300.5] and gps.read(io.BytesIO(doc.encode())).ele.tolist() == [
        300.5
    ]


def test_it_refuses_a_doctype_after_the_root_as_broken_xml():
    doc = track(P1, P2).replace("<trk>", '<!DOCTYPE x [<!ENTITY e "e">]><trk>')
    with pytest.raises(gps.GpsError, match="line 2: not well-formed XML"):
        gps.read(io.BytesIO(doc.encode()), name="f")


def test_it_reports_a_bad_number_with_its_line_after_handing_over():
    doc = track(
        P1, '\n<trkpt lat="north" lon="14"><ele>1</ele><time>2025-05-15T12:00:09Z</time></trkpt>'
    )
    assert read_fast(doc.encode(), "f") is None
    with pytest.raises(gps.GpsError) as err:
        gps.read(io.BytesIO(doc.encode()), name="f")
    assert str(err.value) == "f: line 3: latitude 'north' is not a number"


def test_it_reads_the_shared_gpx_with_its_waypoints_on_the_fast_road(real, h):
    fast, slow = both(real(h.GPX).read_text(encoding="utf-8"))
    assert fast is not None and len(fast) == 296 and len(fast.waypoints) == len(slow.waypoints) > 0


def test_it_keeps_a_point_nested_in_another_in_start_tag_order_on_both_roads():
    inner = '<trkpt lat="46.0" lon="15.0"><ele>1</ele><time>2025-05-15T12:00:01Z</time></trkpt>'
    outer = P1.replace("</trkpt>", f"<extensions>{inner}</extensions></trkpt>")
    doc = track(outer, P2.replace("05Z", "09Z"))
    fast, slow = both(doc)  # the fast road hands a nested point over
    assert fast is None and slow.lat.tolist() == [45.0, 46.0, 45.0001]
    assert gps.read(io.BytesIO(doc.encode())).lat.tolist() == [45.0, 46.0, 45.0001]
