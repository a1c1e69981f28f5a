"""The mile check: at least 1,609.344 m, less a tolerance for GPS error set in the settings."""

from __future__ import annotations

import pytest

from memorialmiles.courses.models import MILE_M, Course

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("distance_m", "status"),
    [
        (MILE_M, "ok"),
        (1700.0, "ok"),
        (MILE_M - 10, "within"),
        (MILE_M - 10.01, "short"),
        (1500.0, "short"),
        (None, "unknown"),
    ],
)
def test_it_classifies_the_distance(distance_m, status, settings):
    settings.COURSE_MILE_TOLERANCE_M = 10
    assert Course(name="c", distance_m=distance_m).mile_check().status == status


def test_it_reads_the_tolerance_from_the_settings(settings):
    course = Course(name="c", distance_m=1580.0)
    settings.COURSE_MILE_TOLERANCE_M = 0
    assert course.mile_check().status == "short"
    settings.COURSE_MILE_TOLERANCE_M = 30
    check = course.mile_check()
    assert check.status == "within"
    assert check.passes
    assert check.short_by_m == pytest.approx(29.344)


def test_it_warns_on_the_page_when_short(client):
    course = Course.objects.create(name="Short loop", distance_m=1500.0)
    html = client.get(f"/courses/{course.pk}/").content.decode()
    assert "Warning: shorter than a mile." in html
    assert "measures 0.93 miles (1.50 km), 109 m short of one mile" in html
    assert 'class="mile-check short"' in html
    listing = client.get("/courses/").content.decode()
    assert "shorter than a mile" in listing


def test_it_says_a_long_course_is_long_enough(client):
    course = Course.objects.create(name="Square to HQ", distance_m=1700.0)
    html = client.get(f"/courses/{course.pk}/").content.decode()
    assert "This course measures 1.06 miles (1.70 km): at least one mile" in html
    assert "Warning" not in html
    assert "shorter than a mile" not in client.get("/courses/").content.decode()


def test_it_says_when_a_course_passes_within_the_tolerance(client, settings):
    settings.COURSE_MILE_TOLERANCE_M = 10
    course = Course.objects.create(name="Nearly", distance_m=MILE_M - 4)
    html = client.get(f"/courses/{course.pk}/").content.decode()
    assert "4 m under a mile: within the 10 m allowed for GPS error" in html
    assert "Warning" not in html
