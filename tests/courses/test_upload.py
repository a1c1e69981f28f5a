"""Uploading a course through the organizer page, in every format the reader knows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from geographiclib.geodesic import Geodesic

from memorialmiles import gps
from memorialmiles.courses.models import Course
from tests_shared import shared_gps_file

from .conftest import geojson_bytes, gpx_bytes

pytestmark = pytest.mark.django_db

# Google's documented example of an encoded polyline: (38.5, -120.2), (40.7, -120.95),
# (43.252, -126.453).
GOOGLE_POLYLINE = b"_p~iF~ps|U_ulLnnqC_mqNvxq`@"


def upload(client, data: bytes, file_name: str, **fields):
    form = {"name": "Test course", "start_place": "Square", "finish_place": "HQ", **fields}
    form["upload"] = SimpleUploadedFile(file_name, data)
    return client.post("/courses/new/", form)


def test_it_shows_the_form_to_an_organizer(client, alice):
    client.force_login(alice)
    response = client.get("/courses/new/")
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'accept=".gpx,.tcx,.fit,.geojson' in response.content


def test_it_saves_a_gpx_course_with_its_measure_and_original(client, alice, media_root):
    client.force_login(alice)
    data = gpx_bytes(1700.0, climb_m=20.0)
    response = upload(client, data, "mile.gpx")
    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/courses/{course.pk}/"
    assert course.name == "Test course"
    assert course.start_place == "Square" and course.finish_place == "HQ"
    assert course.distance_m == pytest.approx(1700.0, abs=0.01)
    assert course.elevation_gain_m == pytest.approx(20.0, abs=0.5)
    assert course.created_by == alice
    assert course.original_name == "mile.gpx"
    assert course.original.read() == data
    assert (media_root / course.original.name).exists()
    assert course.geometry["type"] == "LineString"
    # A straight line simplifies to its two ends; the length is kept.
    assert len(course.geometry["coordinates"]) == 2
    assert [round(s["distance_m"], 3) for s in course.splits["mile"]] == [1609.344, 90.656]
    assert len(course.splits["km"]) == 2


def test_it_keeps_a_winding_course_within_half_a_percent(client, alice):
    client.force_login(alice)
    track = gps.read(shared_gps_file("gpxpy_cerknicko-jezero.gpx"))
    full = track.metrics()["distance_m"]
    data = shared_gps_file("gpxpy_cerknicko-jezero.gpx").read_bytes()
    upload(client, data, "cerknica.gpx")
    course = Course.objects.get()
    assert course.distance_m == pytest.approx(full, abs=0.01)
    stored = course.track().metrics()["distance_m"]
    assert abs(stored - full) / full <= 0.005
    assert len(course.geometry["coordinates"]) < len(track)


def test_it_reads_geojson(client, alice):
    client.force_login(alice)
    upload(client, geojson_bytes(1609.344 * 2), "route.geojson")
    course = Course.objects.get()
    assert course.distance_m == pytest.approx(3218.688, abs=0.01)
    assert course.mile_check().status == "ok"


def test_it_reads_a_real_tcx_file(client, alice):
    client.force_login(alice)
    path = shared_gps_file("tcxparser_test.tcx")
    upload(client, path.read_bytes(), path.name)
    course = Course.objects.get()
    assert course.distance_m == pytest.approx(gps.read(path).metrics()["distance_m"], abs=0.01)
    assert course.metrics["points"] > 100


def test_it_reads_a_real_fit_file_and_keeps_the_device_totals(client, alice):
    client.force_login(alice)
    path = shared_gps_file("fitparse_activity-small-fenix2-run.fit")
    upload(client, path.read_bytes(), path.name)
    course = Course.objects.get()
    assert course.original.read() == path.read_bytes()
    assert course.distance_m == pytest.approx(gps.read(path).metrics()["distance_m"], abs=0.01)
    assert course.metrics["device"]  # the watch's own totals, shown beside ours
    assert course.splits["mile"][0]["time_s"] is not None


def test_it_reads_an_encoded_polyline(client, alice):
    client.force_login(alice)
    upload(client, GOOGLE_POLYLINE, "route.txt")
    course = Course.objects.get()
    geod = Geodesic.WGS84
    expected = (
        geod.Inverse(38.5, -120.2, 40.7, -120.95)["s12"]
        + geod.Inverse(40.7, -120.95, 43.252, -126.453)["s12"]
    )
    assert course.distance_m == pytest.approx(expected, rel=1e-6)


def test_it_takes_the_file_name_out_of_any_folder_path(client, alice):
    client.force_login(alice)
    upload(client, gpx_bytes(1610.0), "C:\\Users\\me\\Desktop\\mile.gpx")
    assert Course.objects.get().original_name == "mile.gpx"


def test_it_shows_the_devices_totals_beside_ours(client, alice):
    client.force_login(alice)
    path = shared_gps_file("fitparse_activity-small-fenix2-run.fit")
    upload(client, path.read_bytes(), path.name)
    html = client.get(Course.objects.get().get_absolute_url()).content.decode()
    assert '<dd class="device-totals">9,008 m, 64 m up, 61 m down' in html


def test_it_passes_on_what_the_reader_warned(client, alice):
    client.force_login(alice)
    path = shared_gps_file("tcxparser_test.tcx")
    upload(client, path.read_bytes(), path.name)
    html = client.get(Course.objects.get().get_absolute_url()).content.decode()
    assert "<li>1 trackpoint(s) without a position were skipped</li>" in html
