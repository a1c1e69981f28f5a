"""The course page: SVG map and profile inline and labelled, splits, the Leaflet enhancement."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorialmiles.courses.models import Course
from memorialmiles.events.demo import huntsville_course

from .conftest import gpx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(client, alice):
    client.force_login(alice)
    client.post(
        "/courses/new/",
        {
            "name": "Square <to> HQ",
            "start_place": "South Side Square",
            "finish_place": "Police Headquarters",
            "upload": SimpleUploadedFile("m.gpx", gpx_bytes(3000.0, climb_m=25.0)),
        },
    )
    client.logout()
    return Course.objects.get()


def page(client, course) -> str:
    response = client.get(f"/courses/{course.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_draws_the_course_inline_with_a_title_and_description(client, course):
    html = page(client, course)
    svg = re.search(r"<svg[^>]*aria-labelledby=\"course-title course-desc\".*?</svg>", html, re.S)
    assert svg, "the course SVG is inline in the page"
    assert '<title id="course-title">Square &lt;to&gt; HQ</title>' in svg.group(0)
    assert "3.00 km (1.86 miles)" in svg.group(0)
    assert "<to>" not in html  # the name is escaped everywhere


def test_it_gives_the_map_a_text_alternative(client, course):
    html = page(client, course)
    assert (
        '<figcaption id="course-map-text">The course runs 1.86 miles (3.00 km) from South Side '
        "Square to Police Headquarters." in html
    )


def test_it_shows_the_distance_in_miles_and_km(client, course):
    assert "1.86 miles (3.00 km)" in page(client, course)


def test_it_draws_the_elevation_profile(client, course):
    html = page(client, course)
    assert 'aria-labelledby="profile-title profile-desc"' in html
    assert "Elevation profile of Square &lt;to&gt; HQ" in html


def test_it_tabulates_splits_per_mile_and_per_km(client, course):
    html = page(client, course)
    mile = re.search(r"Splits per mile</h2>.*?</table>", html, re.S).group(0)
    km = re.search(r"Splits per kilometre</h2>.*?</table>", html, re.S).group(0)
    assert re.findall(r'<th scope="row">(\d+)</th>', mile) == ["1", "2"]
    assert "1,609 m" in mile and "1,391 m" in mile and "3,000 m" in mile
    assert re.findall(r'<th scope="row">(\d+)</th>', km) == ["1", "2", "3"]


def test_it_loads_leaflet_from_the_xstatic_package_only_as_an_enhancement(client, course):
    html = page(client, course)
    assert '<script defer src="/static/leaflet/leaflet.js"></script>' in html
    assert (
        'src="/static/courses/course_map.js" data-leaflet-css="/static/leaflet/leaflet.css"' in html
    )
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert '<script id="course-geometry" type="application/json">' in html
    assert 'id="course-leaflet"' not in html  # the script adds it; without script, the SVG


def test_it_serves_leaflet_and_says_whose_tiles_they_are(client):
    from django.contrib.staticfiles import finders

    assert finders.find("leaflet/leaflet.js")
    assert finders.find("leaflet/leaflet.css")
    script = Path(finders.find("courses/course_map.js")).read_text(encoding="utf-8")
    assert (
        '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
        in script
    )


def test_it_says_an_illustrative_course_is_illustrative(client, db):
    course = huntsville_course()
    html = page(client, course)
    assert "This course is illustrative" in html
    assert 'aria-labelledby="course-title course-desc"' in html
    # Drawn by hand, never uploaded: the splits come from the stored line.
    assert "Splits per mile" in html


def test_it_lists_courses_by_name(client, course):
    Course.objects.create(name="A school track", distance_m=1609.344)
    html = client.get("/courses/").content.decode()
    assert html.index("A school track") < html.index("Square &lt;to&gt; HQ")
    assert "1.86 miles (3.00 km)" in html


def test_it_answers_404_for_a_missing_course(client, db):
    assert client.get("/courses/999/").status_code == 404
