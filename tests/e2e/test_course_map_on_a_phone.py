"""The course map in a real browser: no script error, start and finish marked, fits a phone,
and shown on the run's own page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from tests.e2e.test_courses_upload import TILE, course, gpx_file, media  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

TILES = re.compile(r"https://tile\.openstreetmap\.org/.*")


WIDE_JS = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > 391)
  .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"""


def _errors(page) -> list[str]:
    found: list[str] = []
    page.on("pageerror", lambda exc: found.append(str(exc) + str(exc.stack)))
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    return found


def _serve_tiles(page) -> None:
    page.route(TILES, lambda r: r.fulfill(status=200, content_type="image/png", body=TILE))


def test_the_course_page_has_no_script_error_and_marks_start_and_finish(phone, course):  # noqa: F811
    errors = _errors(phone)
    _serve_tiles(phone)
    phone.goto(f"/courses/{course.pk}/")
    leaflet = phone.locator("#course-leaflet")
    expect(leaflet).to_be_visible()
    phone.wait_for_timeout(500)
    assert errors == []
    expect(leaflet.locator(".course-marker-start")).to_have_count(1)
    expect(leaflet.locator(".course-marker-finish")).to_have_count(1)
    box = leaflet.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    wide = phone.evaluate(WIDE_JS)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, wide
    assert errors == []


def test_the_run_page_shows_its_course_map(phone, course):  # noqa: F811
    from tests.timing.timingkit import make_event

    event = make_event(course=course, status="scheduled")
    errors = _errors(phone)
    _serve_tiles(phone)
    phone.goto(f"/events/{event.pk}/")
    expect(phone.get_by_role("img", name="Map of Square to HQ")).to_be_visible()
    expect(phone.locator("#course-leaflet")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []
