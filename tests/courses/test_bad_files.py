"""A file that cannot be read comes back in the form with the reader's words; nothing is kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorialmiles.courses.models import Course

from .conftest import gpx_bytes

pytestmark = pytest.mark.django_db

BROKEN_GPX = b"""<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
<trk><trkseg>
<trkpt lat="34.73" lon="-86.58"></trkpt>
<trkpt lat="34.74" lon="-86.58">
</trkseg></trk></gpx>
"""

OUT_OF_RANGE = b"""<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
<trk><trkseg>
<trkpt lat="34.73" lon="-86.58"></trkpt>
<trkpt lat="34.74" lon="-86.58"></trkpt>
<trkpt lat="134.75" lon="-86.58"></trkpt>
</trkseg></trk></gpx>
"""


def post(client, data: bytes, file_name: str):
    return client.post(
        "/courses/new/",
        {"name": "Broken", "upload": SimpleUploadedFile(file_name, data)},
    )


def assert_nothing_saved(media_root):
    assert Course.objects.count() == 0
    assert not any(p.is_file() for p in media_root.rglob("*")) if media_root.exists() else True


def test_it_names_the_file_and_line_of_broken_xml(client, alice, media_root):
    client.force_login(alice)
    response = post(client, BROKEN_GPX, "broken.gpx")
    assert response.status_code == 200
    errors = response.context["form"].errors["upload"]
    assert len(errors) == 1
    assert errors[0].startswith("broken.gpx: line 6: ")
    assert "broken.gpx: line 6: " in response.content.decode()
    assert_nothing_saved(media_root)


def test_it_names_the_point_out_of_range(client, alice, media_root):
    client.force_login(alice)
    response = post(client, OUT_OF_RANGE, "far.gpx")
    (error,) = response.context["form"].errors["upload"]
    assert error == "far.gpx: point 3: latitude 134.75 is outside -90..90"
    assert_nothing_saved(media_root)


def test_it_refuses_a_file_it_does_not_know(client, alice, media_root):
    client.force_login(alice)
    response = post(client, b"%PDF-1.7 not a track", "course.pdf")
    (error,) = response.context["form"].errors["upload"]
    assert error.startswith("course.pdf: line 1: not a GPS file")
    assert_nothing_saved(media_root)


def test_it_refuses_a_billion_laughs_at_once(client, alice, media_root):
    client.force_login(alice)
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><gpx>&lol;</gpx>'
    response = post(client, bomb, "bomb.gpx")
    (error,) = response.context["form"].errors["upload"]
    assert error.startswith("bomb.gpx: line 1: ")
    assert_nothing_saved(media_root)


def test_it_refuses_a_file_over_the_size_limit(client, alice, settings, media_root):
    settings.MAX_UPLOAD_BYTES = 1000
    client.force_login(alice)
    data = gpx_bytes(1700.0, points=200)
    assert len(data) > 1000
    response = post(client, data, "big.gpx")
    (error,) = response.context["form"].errors["upload"]
    limit = "file is larger than the limit of 1,000 bytes"
    assert error == f"big.gpx: line 1: {limit} ({len(data):,} bytes); refused"
    assert_nothing_saved(media_root)


def test_it_refuses_a_single_place(client, alice, media_root):
    client.force_login(alice)
    one = b'{"type": "LineString", "coordinates": [[-86.58, 34.73], [-86.58, 34.73]]}'
    response = post(client, one, "dot.geojson")
    (error,) = response.context["form"].errors["upload"]
    assert error == "dot.geojson: line 1: the track has no length (one place only)"
    assert_nothing_saved(media_root)


def test_it_asks_for_a_file(client, alice):
    client.force_login(alice)
    response = client.post("/courses/new/", {"name": "No file"})
    assert response.context["form"].errors["upload"] == ["This field is required."]
    assert Course.objects.count() == 0
