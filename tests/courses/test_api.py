"""The courses API: public reads of metrics and geometry; uploads for organizers and liaisons."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from memorialmiles import gps
from memorialmiles.courses.models import Course
from memorialmiles.honors.models import Agency

from .conftest import gpx_bytes

pytestmark = pytest.mark.django_db


def post(client, data: bytes = b"", file_name: str = "mile.gpx", **fields):
    body = {"name": "API mile", **fields}
    body["file"] = SimpleUploadedFile(file_name, data or gpx_bytes(1700.0, climb_m=12.0))
    return client.post("/api/v1/courses", body)


def test_it_uploads_a_course(client, alice):
    client.force_login(alice)
    response = post(client, start_place="Square", finish_place="HQ")
    assert response.status_code == 201
    body = response.json()
    course = Course.objects.get()
    assert body["id"] == course.pk
    assert body["name"] == "API mile"
    assert body["start_place"] == "Square"
    assert body["distance_m"] == pytest.approx(1700.0, abs=0.01)
    assert body["distance_miles"] == pytest.approx(1700.0 / 1609.344, rel=1e-6)
    assert body["elevation_gain_m"] == pytest.approx(12.0, abs=0.5)
    assert body["mile_check"] == "ok"
    assert body["url"] == f"/courses/{course.pk}/"
    assert body["metrics"]["points"] == 41
    assert [s["split"] for s in body["splits"]["mile"]] == [1, 2]
    assert course.created_by == alice
    assert course.original.read().startswith(b"<?xml")


def test_it_needs_the_csrf_token_with_a_session(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert post(client).status_code == 403
    assert Course.objects.count() == 0
    client.get("/courses/new/")  # any form page sets the token cookie
    token = client.cookies["csrftoken"].value
    body = {"name": "API mile", "file": SimpleUploadedFile("m.gpx", gpx_bytes(1700.0))}
    response = client.post("/api/v1/courses", body, headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_it_refuses_anonymous_and_charlie(client, charlie):
    assert post(client).status_code == 401
    client.force_login(charlie)
    response = post(client)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Uploading a course needs the organizer or agency liaison role."
    }
    assert Course.objects.count() == 0


def test_it_holds_a_liaison_to_their_agencies(client, liam_for_huntsville, huntsville_pd):
    other = Agency.objects.create(name="Madison Police Department", key="madison pd")
    client.force_login(liam_for_huntsville)
    assert post(client).status_code == 422  # no agency
    assert post(client, agency_id=other.pk).status_code == 403
    assert Course.objects.count() == 0
    response = post(client, agency_id=huntsville_pd.pk)
    assert response.status_code == 201
    assert response.json()["agency_id"] == huntsville_pd.pk


def test_it_answers_a_bad_file_with_the_readers_message(client, alice, media_root):
    client.force_login(alice)
    response = post(client, b'{"type": "LineString", "coordinates": [[1, 95], [1, 2]]}', "x.json")
    assert response.status_code == 422
    assert response.json() == {"detail": "x.json: point 1: latitude 95.0 is outside -90..90"}
    assert Course.objects.count() == 0
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_it_lists_courses(client):
    Course.objects.create(name="B course", distance_m=1700.0)
    Course.objects.create(name="A course", distance_m=1500.0)
    body = client.get("/api/v1/courses").json()
    assert body["count"] == 2
    assert [c["name"] for c in body["items"]] == ["A course", "B course"]
    assert [c["mile_check"] for c in body["items"]] == ["short", "ok"]
    assert "metrics" not in body["items"][0]


def test_it_gives_a_courses_metrics(client, alice):
    client.force_login(alice)
    course_id = post(client).json()["id"]
    client.logout()
    body = client.get(f"/api/v1/courses/{course_id}").json()
    assert body["distance_m"] == pytest.approx(1700.0, abs=0.01)
    assert body["metrics"]["distance_m"] == pytest.approx(1700.0, abs=0.01)
    assert body["metrics"]["start"] == pytest.approx([34.73, -86.585])
    assert body["geometry_url"] == f"/api/v1/courses/{course_id}/geometry"
    assert client.get("/api/v1/courses/9999").status_code == 404


def test_it_gives_the_geometry_as_geojson(client, alice):
    client.force_login(alice)
    course_id = post(client).json()["id"]
    client.logout()
    response = client.get(f"/api/v1/courses/{course_id}/geometry")
    assert response.status_code == 200
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "LineString"
    assert feature["properties"]["name"] == "API mile"
    track = gps.read(io.BytesIO(response.content), name="geometry.json")
    assert track.metrics()["distance_m"] == pytest.approx(1700.0, rel=0.005)


def test_it_has_no_geometry_for_a_course_without_a_line(client, db):
    course = Course.objects.create(name="Planned")
    assert client.get(f"/api/v1/courses/{course.pk}/geometry").status_code == 404
