"""Who may upload: organizers anywhere, liaisons for their own agencies; everyone may look."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorialmiles.courses.models import Course
from memorialmiles.honors.models import Agency

from .conftest import gpx_bytes

pytestmark = pytest.mark.django_db


def form(**fields):
    return {
        "name": "Liaison mile",
        "upload": SimpleUploadedFile("m.gpx", gpx_bytes(1700)),
        **fields,
    }


def test_it_sends_a_stranger_to_the_login_page(client):
    response = client.get("/courses/new/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/courses/new/"


def test_it_refuses_charlie(client, charlie):
    client.force_login(charlie)
    assert client.get("/courses/new/").status_code == 403
    assert client.post("/courses/new/", form()).status_code == 403
    assert Course.objects.count() == 0


def test_it_refuses_a_volunteer(client, val):
    client.force_login(val)
    assert client.post("/courses/new/", form()).status_code == 403


def test_it_ties_a_liaisons_course_to_their_agency(client, liam_for_huntsville, huntsville_pd):
    client.force_login(liam_for_huntsville)
    response = client.post("/courses/new/", form(agency=huntsville_pd.pk))
    assert response.status_code == 302
    course = Course.objects.get()
    assert course.agency == huntsville_pd
    assert course.created_by == liam_for_huntsville


def test_it_offers_a_liaison_only_their_agencies(client, liam_for_huntsville, huntsville_pd):
    other = Agency.objects.create(name="Madison Police Department", key="madison pd")
    client.force_login(liam_for_huntsville)
    choices = client.get("/courses/new/").context["form"].fields["agency"].queryset
    assert list(choices) == [huntsville_pd]
    response = client.post("/courses/new/", form(agency=other.pk))
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert Course.objects.count() == 0


def test_it_makes_a_liaison_choose_an_agency(client, liam_for_huntsville):
    client.force_login(liam_for_huntsville)
    response = client.post("/courses/new/", form())
    assert response.context["form"].errors["agency"] == ["This field is required."]
    assert Course.objects.count() == 0


def test_it_lets_an_organizer_leave_the_agency_empty(client, alice):
    client.force_login(alice)
    assert client.post("/courses/new/", form()).status_code == 302
    assert Course.objects.get().agency is None


def test_it_shows_courses_to_the_public(client, alice):
    client.force_login(alice)
    client.post("/courses/new/", form())
    client.logout()
    course = Course.objects.get()
    listing = client.get("/courses/")
    assert listing.status_code == 200
    assert b"Liaison mile" in listing.content
    assert b"Upload a course" not in listing.content
    assert client.get(f"/courses/{course.pk}/").status_code == 200
    assert client.get(f"/courses/{course.pk}/course.gpx").status_code == 200


def test_it_offers_the_upload_button_to_an_organizer(client, alice):
    client.force_login(alice)
    assert b"Upload a course" in client.get("/courses/").content
