"""Courses in a real browser: upload a file, see the map and the distance; the map's fallback."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

# A 1x1 PNG, served in place of OpenStreetMap's tiles so the test needs no network.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def organizer(transactional_db, request):
    """A transactional test empties the tables, the role groups with them: put them back."""
    from django.contrib.auth.models import Group

    from memorialmiles.core.roles import GROUP_NAMES

    for name in GROUP_NAMES.values():
        Group.objects.get_or_create(name=name)
    return request.getfixturevalue("alice")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def gpx_file(tmp_path):
    from tests.courses.conftest import gpx_bytes

    path = tmp_path / "square-to-hq.gpx"
    path.write_bytes(gpx_bytes(1750.0, points=60, climb_m=15.0))
    return path


@pytest.fixture
def course(db, media, gpx_file):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from memorialmiles.courses import services

    upload = SimpleUploadedFile(gpx_file.name, gpx_file.read_bytes())
    return services.create_course(
        services.read_upload(upload),
        name="Square to HQ",
        start_place="South Side Square",
        finish_place="Police Headquarters",
    )


def test_it_uploads_a_course_and_shows_its_map_and_distance(page, organizer, media, gpx_file):
    page.route(re.compile(r"https://tile\.openstreetmap\.org/.*"), lambda route: route.abort())
    log_in(page, "alice")
    page.goto("/courses/")
    page.get_by_role("link", name="Upload a course").click()
    page.get_by_label("Course name").fill("Square to HQ")
    page.get_by_label("Start place").fill("South Side Square")
    page.get_by_label("Finish place").fill("Police Headquarters")
    page.get_by_label("GPS file").set_input_files(str(gpx_file))
    page.get_by_role("button", name="Upload and measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Square to HQ")
    expect(page.get_by_role("status")).to_contain_text("Saved Square to HQ: 1.09 miles.")
    expect(page.locator(".course-distance")).to_have_text("1.09 miles (1.75 km)")
    drawing = page.get_by_role("img", name="Map of Square to HQ")
    expect(drawing).to_be_visible()
    assert drawing.bounding_box()["width"] > 300
    expect(page.locator("#course-map-text")).to_contain_text(
        "1.09 miles (1.75 km) from South Side Square to Police Headquarters"
    )
    expect(page.get_by_role("img", name="Elevation profile of Square to HQ")).to_be_visible()
    # Leaflet loaded from the XStatic package, but with no tiles the drawing is the map.
    page.wait_for_function("window.L !== undefined")
    expect(page.locator("#course-leaflet")).to_be_hidden()


def test_it_shows_the_interactive_map_when_tiles_load(page, course):
    page.route(
        re.compile(r"https://tile\.openstreetmap\.org/.*"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=TILE),
    )
    page.goto(f"/courses/{course.pk}/")
    leaflet = page.locator("#course-leaflet")
    expect(leaflet).to_be_visible()
    expect(leaflet).to_have_attribute("aria-describedby", "course-map-text")
    expect(leaflet.locator(".leaflet-control-attribution")).to_contain_text(
        "© OpenStreetMap contributors"
    )
    # The printable drawing stays in the page below the interactive map.
    expect(page.get_by_role("img", name="Map of Square to HQ")).to_be_visible()


def test_it_keeps_the_drawing_without_script(browser, live_server, course):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/courses/{course.pk}/")
    expect(page.get_by_role("img", name="Map of Square to HQ")).to_be_visible()
    assert page.locator("#course-leaflet").count() == 0
    context.close()


def test_it_fits_a_phone(phone, course):
    phone.route(re.compile(r"https://tile\.openstreetmap\.org/.*"), lambda route: route.abort())
    phone.goto(f"/courses/{course.pk}/")
    expect(phone.get_by_role("img", name="Map of Square to HQ")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
