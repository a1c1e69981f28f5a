"""Uploading in the back office goes through the same measuring as the organizer page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorialmiles.courses.models import Course

from .conftest import gpx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(admin_user, client):
    client.force_login(admin_user)
    return admin_user


def add(client, data: bytes, file_name: str = "m.gpx"):
    return client.post(
        "/admin/courses/course/add/",
        {
            "name": "Back office mile",
            "start_place": "Square",
            "finish_place": "HQ",
            "description": "",
            "upload": SimpleUploadedFile(file_name, data),
        },
    )


def test_it_adds_a_course_from_a_file(client, staff):
    response = add(client, gpx_bytes(1650.0))
    assert response.status_code == 302
    course = Course.objects.get()
    assert course.distance_m == pytest.approx(1650.0, abs=0.01)
    assert course.original_name == "m.gpx"
    assert course.created_by == staff
    assert course.splits["mile"]


def test_it_shows_the_readers_message_for_a_bad_file(client, staff):
    response = add(client, b"<gpx><trk>", "bad.gpx")
    assert response.status_code == 200
    assert "bad.gpx: line 1: " in response.content.decode()
    assert Course.objects.count() == 0


def test_it_keeps_the_track_when_an_edit_brings_no_file(client, staff):
    add(client, gpx_bytes(1650.0))
    course = Course.objects.get()
    response = client.post(
        f"/admin/courses/course/{course.pk}/change/",
        {"name": "Renamed", "start_place": "", "finish_place": "", "description": ""},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.name == "Renamed"
    assert course.distance_m == pytest.approx(1650.0, abs=0.01)


def test_it_replaces_the_track_when_an_edit_brings_a_file(client, staff):
    add(client, gpx_bytes(1650.0))
    course = Course.objects.get()
    client.post(
        f"/admin/courses/course/{course.pk}/change/",
        {
            "name": "Longer",
            "start_place": "",
            "finish_place": "",
            "description": "",
            "upload": SimpleUploadedFile("longer.gpx", gpx_bytes(2000.0)),
        },
    )
    course.refresh_from_db()
    assert course.distance_m == pytest.approx(2000.0, abs=0.01)
    assert course.original_name == "longer.gpx"


def test_it_offers_a_file_field_in_the_add_form(client, staff):
    html = client.get("/admin/courses/course/add/").content.decode()
    assert 'type="file" name="upload"' in html
    assert "GPX, TCX, FIT, GeoJSON or an encoded polyline." in html
