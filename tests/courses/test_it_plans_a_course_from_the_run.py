"""A course uploaded from a run's edit page becomes that run's, and the run's page shows its
map; a course in several pieces, or whose finish is off the line, says so."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorialmiles.courses.models import Course
from memorialmiles.events.models import Event

from .conftest import gpx_bytes, line

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(db):
    return Event.objects.create(title="Mile for the square", status="scheduled")


def form(name="Run's mile", body=None):
    return {"name": name, "upload": SimpleUploadedFile("m.gpx", body or gpx_bytes(1700))}


def test_it_sets_the_runs_course_and_goes_back_to_the_run(client, alice, run):
    client.force_login(alice)
    page = client.get(f"/events/{run.pk}/edit/").content.decode()
    assert f'href="/courses/new/?event={run.pk}"' in page
    assert "Mile for the square" in client.get(f"/courses/new/?event={run.pk}").content.decode()
    response = client.post(f"/courses/new/?event={run.pk}", form())
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    run.refresh_from_db()
    assert run.course == Course.objects.get(name="Run's mile")
    shown = client.get(run.get_absolute_url()).content.decode()
    assert "Course map" in shown and "<svg" in shown
    assert 'id="course-geometry"' in shown


def test_a_liaison_cannot_set_a_runs_course(client, liam, run):
    client.force_login(liam)
    assert client.post(f"/courses/new/?event={run.pk}", form()).status_code == 403
    run.refresh_from_db()
    assert run.course is None and not Course.objects.exists()


@pytest.mark.parametrize("bad", ["x", "1e400", "9" * 40, "-1"])
def test_it_answers_a_bad_run_number_with_404(client, alice, bad):
    client.force_login(alice)
    assert client.get(f"/courses/new/?event={bad}").status_code == 404


def test_it_hides_a_draft_from_a_liaison(client, liam):
    draft = Event.objects.create(title="Secret plan", status="proposed")
    client.force_login(liam)
    assert client.get(f"/courses/new/?event={draft.pk}").status_code == 404


def _two_pieces() -> Course:
    near = [[lo, la] for la, lo, _ in line(1700, 20)]
    # A second stretch 3 km away: the drive home, recorded by a watch left running.
    away = [[lo + 0.04, la] for lo, la in near[:5]]
    geometry = {"type": "MultiLineString", "coordinates": [near, away]}
    return Course.objects.create(name="Broken", geometry=geometry, distance_m=1700)


def test_the_course_page_warns_about_pieces_and_a_far_finish(client):
    course = _two_pieces()
    page = client.get(course.get_absolute_url()).content.decode()
    assert "The course is 2 separate pieces" in page
    assert "m from the end of the course&#x27;s main line" in page


def test_a_one_piece_course_has_no_warning(client):
    coords = [[lo, la] for la, lo, _ in line(1700, 20)]
    course = Course.objects.create(
        name="Whole", geometry={"type": "LineString", "coordinates": coords}, distance_m=1700
    )
    page = client.get(course.get_absolute_url()).content.decode()
    assert "separate pieces" not in page and "Check this course" not in page
    assert json.loads(page.split('id="course-geometry" type="application/json">')[1].split("<")[0])
