import io
import json

import numpy as np
import pytest

from memorialmiles import gps


def test_it_reads_gpx_1_0_and_1_1_with_extensions(h):
    ext = (
        "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr>"
        "</gpxtpx:TrackPointExtension></extensions>"
    )
    pts = [(45.0 + i * 1e-4, 14.0, 300.0 + i, h.iso(1000 + i)) for i in range(10)]
    for version in ("1.0", "1.1"):
        track = gps.read(io.BytesIO(h.gpx_doc(pts, version=version, extra=ext).encode()))
        assert len(track) == 10
        assert track.ele.tolist() == [300.0 + i for i in range(10)]
        assert track.time[0] == 1000.0


def test_it_reads_gpx_routes_and_waypoints_when_there_is_no_track():
    doc = b"""<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="1.5" lon="2.5"><name>Police HQ</name></wpt>
<rte><rtept lat="1" lon="2"/><rtept lat="1.001" lon="2"/></rte>
<rte><rtept lat="3" lon="4"/><rtept lat="3.001" lon="4"/></rte></gpx>"""
    track = gps.read(io.BytesIO(doc))
    assert track.segment.tolist() == [0, 0, 1, 1]
    assert track.waypoints[0]["name"] == "Police HQ"
    assert np.isnan(track.ele).all()
    m = track.metrics()
    assert m["elapsed_s"] is None and m["elevation_gain_m"] is None and m["distance_3d_m"] is None


def test_it_reads_a_tcx_course():
    doc = b"""<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Courses><Course><Name>South Side Square</Name><Track>
<Trackpoint><Position><LatitudeDegrees>34.73</LatitudeDegrees><LongitudeDegrees>-86.58</LongitudeDegrees></Position></Trackpoint>
<Trackpoint><Position><LatitudeDegrees>34.74</LatitudeDegrees><LongitudeDegrees>-86.58</LongitudeDegrees></Position><AltitudeMeters>190</AltitudeMeters></Trackpoint>
</Track></Course></Courses></TrainingCenterDatabase>"""
    track = gps.read(io.BytesIO(doc))
    assert track.name == "South Side Square"
    assert track.lat.tolist() == [34.73, 34.74]
    assert np.isnan(track.ele[0]) and track.ele[1] == 190


@pytest.mark.parametrize(
    "doc",
    [
        {"type": "LineString", "coordinates": [[14, 45, 300], [14.001, 45, 301]]},
        {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "LineString", "coordinates": [[14, 45, 300], [14.001, 45, 301]]},
        },
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [[14, 45, 300], [14.001, 45, 301]],
                    },
                }
            ],
        },
    ],
    ids=["LineString", "Feature", "FeatureCollection"],
)
def test_it_reads_geojson_lines(doc):
    track = gps.read(io.BytesIO(json.dumps(doc).encode()))
    assert track.lat.tolist() == [45, 45] and track.lon.tolist() == [14, 14.001]
    assert track.ele.tolist() == [300, 301]


def test_it_reads_a_multilinestring_as_segments():
    doc = {
        "type": "MultiLineString",
        "coordinates": [[[14, 45], [14.001, 45]], [[15, 45], [15.001, 45]]],
    }
    track = gps.read(io.BytesIO(json.dumps(doc).encode()))
    assert track.segment.tolist() == [0, 0, 1, 1]
    assert track.metrics()["distance_m"] < 200  # never joined across the 78 km gap


def test_it_decodes_googles_polyline_example():
    # The example in Google's documentation of the encoding.
    track = gps.read(io.BytesIO(b"_p~iF~ps|U_ulLnnqC_mqNvxq`@\n"))
    assert track.lat.tolist() == pytest.approx([38.5, 40.7, 43.252])
    assert track.lon.tolist() == pytest.approx([-120.2, -120.95, -126.453])
    assert gps.polyline.encode(track.lat, track.lon) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
