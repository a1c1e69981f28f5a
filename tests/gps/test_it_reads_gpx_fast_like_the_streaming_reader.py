import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles import gps

point = st.tuples(
    st.floats(-89, 89),
    st.floats(-179, 179),
    st.none() | st.floats(-400, 9000),
    st.none() | st.integers(0, 2**31),
    st.integers(0, 8),  # which of EXTRAS follows ele and time
)
HR = "<gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr></gpxtpx:TrackPointExtension>"
# Children after ele and time: the fast road must take the first four, may hand the rest over.
EXTRAS = [
    "",
    f"<extensions>{HR}</extensions>",
    f"<extensions>\n {HR.replace('150', '151')}<gpxtpx:cad>80</gpxtpx:cad> </extensions>",
    "<sat>7</sat><hdop>1.2</hdop><extensions><note>a &amp; b &lt; c</note></extensions>",
    "<extensions><x:hr xmlns:x='urn:x'>150</x:hr></extensions>",
    "<extensions><!-- <trkpt lat='1' lon='1'/> --></extensions>",
    "<extensions><![CDATA[<trkpt lat='1' lon='1'/>]]></extensions>",
    "<extensions><note>&#60;</note></extensions>",
    "<name>p</name>",
]
TAKEN = 4
SPACE = st.sampled_from(["", "\n  ", "\t", "\r\n", " "])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(point, min_size=0, max_size=12), min_size=1, max_size=4),
    st.sampled_from(["1.0", "1.1"]),
    st.booleans(),
    SPACE,
    SPACE,
    st.sampled_from(["", "<wpt lat='1.5' lon='2.5'><name>HQ</name></wpt>"]),
    st.sampled_from(["", "<!-- a comment -->", "<desc><![CDATA[x]]></desc>"]),
)
def test_it_gives_the_same_columns_on_either_road(
    segments, version, lat_first, indent, gap, waypoint, aside
):
    from datetime import UTC, datetime

    body = []
    for seg in segments:
        body.append(f"<trkseg>{gap}")
        for lat, lon, ele, t, extra in seg:
            time = (
                None if t is None else datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            )
            inner = (f"{indent}<ele>{ele!r}</ele>" if ele is not None else "") + (
                f"{indent}<time>{time}</time>" if time else ""
            )
            where = f'lat="{lat!r}"{gap or " "}lon="{lon!r}"'
            if not lat_first:
                where = f'lon="{lon!r}" lat="{lat!r}"'
            body.append(f"<trkpt {where}>{inner}{indent}{EXTRAS[extra]}</trkpt>{gap}")
        body.append("</trkseg>")
    ns = f"http://www.topografix.com/GPX/{version.replace('.', '/')}"
    doc = (
        f'<gpx version="{version}" xmlns="{ns}" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"{waypoint}<trk><name>A &amp; B</name>{aside}" + "".join(body) + "</trk></gpx>"
    ).encode()
    if not any(segments):
        return
    try:
        slow = gps.read(io.BytesIO(doc), fast=False)
    except gps.GpsError as exc:
        try:
            gps.read(io.BytesIO(doc))
        except gps.GpsError as again:
            assert str(again) == str(exc)
        return
    fast = gps.read(io.BytesIO(doc))
    from memorialmiles.gps.gpxfast import read_fast

    if all(p[4] < TAKEN for seg in segments for p in seg):  # the shapes the fast road is for
        assert read_fast(doc, "f") is not None
    assert fast.name == slow.name == "A & B" and fast.waypoints == slow.waypoints
    for column in ("lat", "lon", "ele", "time", "segment"):
        np.testing.assert_array_equal(getattr(fast, column), getattr(slow, column))


def test_it_takes_the_fast_road_for_a_usual_file(h):
    from memorialmiles.gps.gpxfast import read_fast

    pts = [(45.0 + i * 1e-4, 14.0, 300.0, h.iso(1000 + i)) for i in range(5)]
    assert read_fast(h.gpx_doc(pts).encode(), "f") is not None
    # A comment outside the segments is read by libxml2 with the skeleton; inside one, the
    # points no longer cover the segment and the streaming reader takes the file.
    outside = h.gpx_doc(pts).replace("<trk>", "<!-- x --><trk>")
    assert len(read_fast(outside.encode(), "f")) == 5
    inside = h.gpx_doc(pts).replace("</trkpt>", "</trkpt><!-- x -->", 1)
    assert read_fast(inside.encode(), "f") is None
    assert len(gps.read(io.BytesIO(inside.encode()))) == 5
