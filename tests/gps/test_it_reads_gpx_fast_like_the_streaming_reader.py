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
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(point, min_size=0, max_size=12), min_size=1, max_size=4),
    st.sampled_from(["1.0", "1.1"]),
    st.sampled_from(["", "<extensions><x:hr xmlns:x='urn:x'>150</x:hr></extensions>"]),
    st.booleans(),
    st.sampled_from(["", "\n  "]),
)
def test_it_gives_the_same_columns_on_either_road(segments, version, extra, lat_first, indent):
    from datetime import UTC, datetime

    segs = [
        [
            (
                a,
                b,
                e,
                None
                if t is None
                else datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            )
            for a, b, e, t in seg
        ]
        for seg in segments
    ]
    if not any(segs):
        return
    body = []
    for seg in segs:
        body.append("<trkseg>")
        for lat, lon, ele, time in seg:
            inner = (f"{indent}<ele>{ele!r}</ele>" if ele is not None else "") + (
                f"{indent}<time>{time}</time>" if time else ""
            )
            where = f'lat="{lat!r}" lon="{lon!r}"' if lat_first else f'lon="{lon!r}" lat="{lat!r}"'
            body.append(f"<trkpt {where}>{inner}{extra}</trkpt>")
        body.append("</trkseg>")
    ns = f"http://www.topografix.com/GPX/{version.replace('.', '/')}"
    doc = f'<gpx version="{version}" xmlns="{ns}"><trk><name>A &amp; B</name>' + "".join(body)
    doc = (doc + "</trk></gpx>").encode()
    try:
        slow = gps.read(io.BytesIO(doc), fast=False)
    except gps.GpsError as exc:
        try:
            gps.read(io.BytesIO(doc))
        except gps.GpsError as again:
            assert str(again) == str(exc)
        return
    fast = gps.read(io.BytesIO(doc))
    complete = all(e is not None and t is not None for seg in segs for _, _, e, t in seg)
    if complete or not extra:  # the shapes the fast road is for: it must take them
        from memorialmiles.gps.gpxfast import read_fast

        assert read_fast(doc, "f") is not None
    assert fast.name == slow.name == "A & B"
    for column in ("lat", "lon", "ele", "time", "segment"):
        np.testing.assert_array_equal(getattr(fast, column), getattr(slow, column))


def test_it_takes_the_fast_road_for_a_usual_file(h):
    from memorialmiles.gps.gpxfast import read_fast

    pts = [(45.0 + i * 1e-4, 14.0, 300.0, h.iso(1000 + i)) for i in range(5)]
    assert read_fast(h.gpx_doc(pts).encode(), "f") is not None
    commented = h.gpx_doc(pts).replace("<trk>", "<!-- x --><trk>")
    assert read_fast(commented.encode(), "f") is None
    assert len(gps.read(io.BytesIO(commented.encode()))) == 5
