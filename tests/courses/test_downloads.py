"""Downloads as GPX and GeoJSON read back to the same course."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorialmiles import gps
from memorialmiles.courses.models import Course
from tests_shared import shared_gps_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(client, alice):
    client.force_login(alice)
    data = shared_gps_file("gpxpy_cerknicko-jezero.gpx").read_bytes()
    client.post(
        "/courses/new/",
        {"name": "Cerknica lake", "upload": SimpleUploadedFile("lake.gpx", data)},
    )
    client.logout()
    return Course.objects.get()


@pytest.mark.parametrize("fmt", ["gpx", "geojson"])
def test_it_round_trips_the_distance(client, course, fmt):
    response = client.get(f"/courses/{course.pk}/course.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="cerknica-lake.{fmt}"'
    track = gps.read(io.BytesIO(response.content), name=f"download.{fmt}")
    got = track.metrics()["distance_m"]
    assert got == pytest.approx(course.track().metrics()["distance_m"], rel=1e-9)
    assert abs(got - course.distance_m) / course.distance_m <= 0.005
    assert len(track) == len(course.track())
    assert track.segment_count == 7  # the lake's seven recorded segments stay apart


def test_it_names_the_content_types(client, course):
    assert client.get(f"/courses/{course.pk}/course.gpx")["Content-Type"] == "application/gpx+xml"
    response = client.get(f"/courses/{course.pk}/course.geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content)["properties"]["name"] == "Cerknica lake"


def test_it_refuses_an_unknown_format(client, course):
    assert client.get(f"/courses/{course.pk}/course.kml").status_code == 404


def test_it_has_nothing_to_download_without_a_line(client, db):
    course = Course.objects.create(name="Planned", distance_m=1609.344)
    assert client.get(f"/courses/{course.pk}/course.gpx").status_code == 404
