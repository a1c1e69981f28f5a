"""The liaison confirms on one page; the organizer approves with one click; the run is public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memorialmiles.events.models import Event, Registration
from memorialmiles.pipeline.models import MilePlan
from pipeline.conftest import ANSWERS

pytestmark = pytest.mark.django_db

GPX = b"""<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">
<trk><trkseg><trkpt lat="34.7304" lon="-86.5861"/><trkpt lat="34.7350" lon="-86.5861"/>
<trkpt lat="34.7400" lon="-86.5861"/><trkpt lat="34.7450" lon="-86.5861"/></trkseg></trk></gpx>"""


def test_the_liaison_confirms_and_the_draft_takes_the_answers(client, invite_link, answers):
    answer = client.post(invite_link, answers)
    assert answer.status_code == 200 and "Thank you" in answer.content.decode()
    plan = MilePlan.objects.select_related("event").get()
    event = plan.event
    assert plan.confirmed_at and plan.chosen_date.isoformat() == answers["date_choice"]
    assert event.local_start.date() == plan.chosen_date and event.local_start.hour == 7
    assert event.place_name == "Big Spring Park, east lawn"
    assert event.status == "proposed"  # the organizer still approves
    flag = event.memorial_items.get(kind="flag")
    assert (flag.recipient, flag.family_phone) == ("Mary Crumby", "256-555-0142")
    assert event.program.get(kind="flag").note == "Presented by Chief Kirk Giles"


def test_the_liaison_may_suggest_another_date_and_give_points(client, invite_link, answers):
    answers |= {
        "date_choice": "other",
        "other_date": "2027-02-06",
        "start_latitude": "34.7304",
        "start_longitude": "-86.5861",
        "finish_latitude": "34.74",
        "finish_longitude": "-86.58",
    }
    assert client.post(invite_link, answers).status_code == 200
    event = Event.objects.get()
    assert event.plan.chosen_date == dt.date(2027, 2, 6)
    assert (event.latitude, event.longitude) == (34.7304, -86.5861)


def test_the_liaison_may_upload_a_course(client, invite_link, answers, huntsville_pd):
    upload = SimpleUploadedFile("mile.gpx", GPX, content_type="application/gpx+xml")
    assert client.post(invite_link, {**answers, "course_file": upload}).status_code == 200
    course = Event.objects.get().course
    assert course is not None and course.agency == huntsville_pd and course.distance_m > 1000


def test_bad_answers_say_what_and_where(client, invite_link, answers):
    answers |= {"date_choice": "other", "start_latitude": "95", "meeting_place": ""}
    answer = client.post(invite_link, answers)
    body = answer.content.decode()
    assert answer.status_code == 400
    assert "Give the date you suggest." in body
    assert "Give both coordinates of the start." in body
    assert "A latitude is between -90 and 90." in body
    assert "This field is required." in body
    assert not MilePlan.objects.get().confirmed_at
    bad_file = SimpleUploadedFile("mile.gpx", b"not a track", content_type="text/plain")
    answer = client.post(
        invite_link,
        {**ANSWERS, "date_choice": "other", "other_date": "2027-01-09", "course_file": bad_file},
    )
    assert answer.status_code == 400 and "mile.gpx" in answer.content.decode()


def test_one_click_approves_publishes_and_registers_the_roster(
    client, alice, invite_link, answers, planned
):
    client.post(invite_link, answers)
    client.force_login(alice)
    answer = client.post(
        reverse("pipeline_action", args=[planned.pk]), {"action": "approve"}, follow=True
    )
    assert "Approved: the run is published." in answer.content.decode()
    event = Event.objects.get(pk=planned.pk)
    assert (event.status, event.visibility, event.registration_open) == (
        "scheduled",
        "public",
        True,
    )
    names = set(Registration.objects.filter(event=event).values_list("first_name", "last_name"))
    assert names == {("Sam", "Ortiz"), ("Jo", "Park")}
    assert MilePlan.objects.get(event=event).approved_by == alice
    client.logout()
    public = client.get(reverse("event", args=[event.pk])).content.decode()
    assert "Running for Officer Garrett Crumby, Huntsville Police Department" in public
    assert "Presented by Chief Kirk Giles" in public
    for private in ("mary.crumby.private@example.com", "256-555-0142", "12 Private Lane"):
        assert private not in public
        assert private not in client.get(f"/api/v1/events/{event.pk}").content.decode()


def test_approving_before_the_agency_confirms_says_so(client, alice, planned):
    client.force_login(alice)
    answer = client.post(
        reverse("pipeline_action", args=[planned.pk]), {"action": "approve"}, follow=True
    )
    assert "The agency has not confirmed yet" in answer.content.decode()
    assert Event.objects.get(pk=planned.pk).status == "proposed"
