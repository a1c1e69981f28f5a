"""GeoJSON that is valid JSON but no course: refused with GpsError and a plain message.

A 100,000-deep nested course answered 500 (RecursionError in the JSON parser); members of the
wrong JSON type escaped as TypeError or AttributeError (found by fuzzing, docs/fuzzing.md).
"""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles import gps
from memorialmiles.gps import GpsError
from memorialmiles.gps.geojson import MAX_DEPTH, nesting_depth

LINE = '{"type":"LineString","coordinates":[[-86.585,34.73],[-86.585,34.74]]}'


def read(text: str | bytes) -> gps.Track:
    data = text.encode() if isinstance(text, str) else text
    return gps.read(io.BytesIO(data), name="course.geojson")


@pytest.mark.parametrize(
    "doc",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000,
        '{"type":"LineString","coordinates":' + "[" * 5000,
    ],
    ids=["arrays", "objects", "unclosed"],
)
def test_it_refuses_json_nested_past_the_limit_before_parsing(doc):
    with pytest.raises(GpsError) as err:
        read(doc)
    assert str(err.value).startswith("course.geojson: line 1: JSON nested ")
    assert str(err.value).endswith(f" deep; GeoJSON is never deeper than {MAX_DEPTH}: refused")


def test_it_names_the_line_where_the_nesting_passes_the_limit():
    doc = "{\n" + '"type": "LineString",\n' * 3 + '"x":' + "[" * 150 + "]" * 150 + "}"
    with pytest.raises(GpsError) as err:
        read(doc)
    assert str(err.value) == (
        "course.geojson: line 5: JSON nested 151 deep; GeoJSON is never deeper than 100: refused"
    )


def test_it_does_not_count_brackets_inside_strings():
    name = '"' + "[{" * 500 + '\\"]}' + '"'
    doc = '{"type":"Feature","properties":{"name":' + name + '},"geometry":' + LINE + "}"
    assert nesting_depth(doc.encode())[0] == 4
    assert len(read(doc)) == 2


def test_it_reads_a_real_depth_with_room_to_spare():
    # A MultiPolygon-deep document inside nested collections: about twelve levels.
    inner = '{"type":"GeometryCollection","geometries":[' * 5 + LINE + "]}" * 5
    assert len(read(inner)) == 2


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ('{"type":"FeatureCollection","features":5}', "line 1: features is not an array"),
        ('{"type":"Feature","geometry":5}', "line 1: a Feature's geometry is not an object"),
        ('{"type":"LineString","coordinates":5}', "line 1: coordinates is not an array"),
        ('{"type":"MultiLineString","coordinates":[5]}',
         "line 1: a MultiLineString's line is not an array"),
        ('{"type":"GeometryCollection","geometries":[5]}', "line 1: a geometry is not an object"),
        ('{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":5}}',
         "line 1: a Point's coordinates 5 are not [lon, lat]"),
        ('{"type":"LineString","coordinates":[[1,2],[3,1' + "0" * 5000 + "]]}",
         "line 1: not valid JSON: Exceeds the limit (4300 digits)"),
        ('{"type":"LineString","coordinates":[[1,2],[3,1' + "0" * 400 + "]]}",
         "point 2: position [3, 1" + "0" * 52 + "... is not numeric"),
    ],
)  # fmt: skip
def test_it_refuses_members_of_the_wrong_type_with_a_message(doc, message):
    with pytest.raises(GpsError) as err:
        read(doc)
    assert str(err.value).startswith(f"course.geojson: {message}")


def test_it_takes_odd_properties_as_none():
    doc = (
        '{"type":"Feature","properties":{"name":5,"coordinateProperties":[1]},"geometry":'
        + LINE
        + "}"
    )
    track = read(doc)
    assert track.name is None and len(track) == 2
    assert read('{"type":"Feature","properties":7,"geometry":' + LINE + "}").name is None


def test_it_skips_a_feature_without_geometry():
    doc = '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null},'
    doc += '{"type":"Feature","properties":{"name":"Mile"},"geometry":' + LINE + "}]}"
    track = read(doc)
    assert (track.name, len(track)) == ("Mile", 2)


# Structure-aware fuzzing in the suite: JSON trees built from GeoJSON's own names and types in
# every wrong place, which byte mutation (atheris) rarely reaches.
KEYS = st.sampled_from(
    ["type", "features", "geometry", "geometries", "coordinates", "properties", "coordTimes",
     "coordinateProperties", "times", "name"]
)  # fmt: skip
KINDS = st.sampled_from(
    ["FeatureCollection", "Feature", "LineString", "MultiLineString", "GeometryCollection",
     "Point"]
)  # fmt: skip
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    KINDS,
    st.sampled_from(["2024-05-01T12:00:00Z", "noon", ""]),
)
TREES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(TREES)
def test_it_answers_any_json_shape_with_a_track_or_gps_error(doc):
    try:
        track = read(json.dumps(doc))
    except GpsError:
        return
    track.metrics()
