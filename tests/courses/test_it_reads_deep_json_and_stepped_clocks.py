"""Course uploads of the two files that broke the trust of an organizer.

A 100,000-deep nested GeoJSON answered 500: now the form and the API give the reader's words.
A real multisport FIT whose clock stepped back a second was refused whole: now the course is
saved and the organizer reads where the clock stepped, on the message and the course page.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from geographiclib.geodesic import Geodesic

import fit_bytes
from memorialmiles.courses.models import Course

pytestmark = pytest.mark.django_db

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_ERROR = (
    "deep.geojson: line 1: JSON nested 100,000 deep; GeoJSON is never deeper than 100: refused"
)
T0 = 1714564800  # 2024-05-01T12:00:00Z


def stepped_fit() -> bytes:
    """A run then a ride, 3 m a second, the watch's clock one second back at the change."""
    points = []
    for k in range(700):
        g = Geodesic.WGS84.Direct(34.73, -86.585, 0.0, 3.0 * k)
        points.append((T0 + k if k < 400 else T0 + k - 2, g["lat2"], g["lon2"], 190.0))
    return fit_bytes.fit_file(
        points, sessions=[("running", T0, T0 + 399), ("cycling", T0 + 398, T0 + 697)]
    )


def test_it_answers_the_upload_form_with_the_readers_words(client, alice, media_root):
    client.force_login(alice)
    response = client.post(
        "/courses/new/", {"name": "Deep", "upload": SimpleUploadedFile("deep.geojson", DEEP)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [DEEP_ERROR]
    assert DEEP_ERROR in response.content.decode()
    assert Course.objects.count() == 0


def test_it_answers_the_api_with_422_and_the_readers_words(client, alice):
    client.force_login(alice)
    response = client.post(
        "/api/v1/courses", {"name": "Deep", "file": SimpleUploadedFile("deep.geojson", DEEP)}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == DEEP_ERROR
    assert Course.objects.count() == 0


def test_it_saves_a_multisport_fit_whose_clock_stepped_and_shows_where(client, alice):
    client.force_login(alice)
    response = client.post(
        "/courses/new/",
        {"name": "Duathlon", "upload": SimpleUploadedFile("duathlon.fit", stepped_fit())},
        follow=True,
    )
    course = Course.objects.get()
    assert course.metrics["points"] == 700
    assert course.metrics["moving_s"] == 698  # 699 steps, the one back left out
    assert course.metrics["avg_speed_mps"] == pytest.approx(3.0, rel=1e-3)
    warning = (
        "the clock steps back once: point 401 at 2024-05-01T12:06:38Z, 1 s before point 400; "
        "the points are kept, the interval is left out of moving time and speed"
    )
    assert course.metrics["warnings"] == [warning]
    page = response.content.decode()
    assert "Reading the file gave 1 warning(s): see below." in page
    assert warning in page


def test_it_answers_the_api_upload_with_the_warnings(client, alice):
    client.force_login(alice)
    response = client.post(
        "/api/v1/courses",
        {"name": "Duathlon", "file": SimpleUploadedFile("duathlon.fit", stepped_fit())},
    )
    assert response.status_code == 201
    (warning,) = response.json()["metrics"]["warnings"]
    assert warning.startswith("the clock steps back once: point 401 at 2024-05-01T12:06:38Z")
    assert response.json()["metrics"]["points"] == 700
