import pytest
from django.test import Client

from memorialmiles.courses.models import Course
from memorialmiles.events.models import Event, Registration
from memorialmiles.honors.models import Agency, LiaisonAssignment

pytestmark = pytest.mark.django_db


def test_it_lists_events_with_the_zone_offset(client, scheduled_run, crumby):
    scheduled_run.course = Course.objects.create(name="c", distance_m=1609.3)
    scheduled_run.save()
    data = client.get("/api/v1/events").json()
    assert data["count"] == 1
    (item,) = data["items"]
    assert item["id"] == scheduled_run.pk
    assert item["kind"] == "mile"
    assert item["status"] == "scheduled"
    assert item["starts_at"] == "2030-04-20T08:00:00-05:00"
    assert item["time_zone"] == "America/Chicago"
    assert item["place"]["name"] == "South Side Square"
    assert item["dedications"] == [
        {"hero": "Officer Garrett Crumby", "hero_id": crumby.pk, "mile": 1095, "order": 0}
    ]
    assert item["course"]["distance_m"] == 1609.3


def test_it_gives_null_course_and_the_program(client, scheduled_run):
    data = client.get(f"/api/v1/events/{scheduled_run.pk}").json()
    assert data["course"] is None
    silence = [p for p in data["program"] if p["kind"] == "silence"]
    assert silence[0]["silence_seconds"] == 21
    assert silence[0]["planned_at"].endswith("-05:00")


def test_it_hides_drafts(client, scheduled_run):
    Event.objects.create(title="Draft", status="proposed")
    assert client.get("/api/v1/events").json()["count"] == 1
    draft = Event.objects.get(title="Draft")
    assert client.get(f"/api/v1/events/{draft.pk}").status_code == 404


def test_it_shows_registrations_by_role(scheduled_run, huntsville_pd, alice, liam, charlie):
    other = Agency.objects.create(name="Madison PD", key="madison pd", state="AL")
    Registration.objects.create(
        event=scheduled_run,
        first_name="Mine",
        last_name="Officer",
        agency=huntsville_pd,
        email="mine@example.com",
    )
    Registration.objects.create(
        event=scheduled_run,
        first_name="Their",
        last_name="Officer",
        agency=other,
        email="their@example.com",
    )
    Registration.objects.create(event=scheduled_run, first_name="Public", last_name="Runner")
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    url = f"/api/v1/events/{scheduled_run.pk}/registrations"
    client = Client()
    assert client.get(url).status_code == 401
    client.force_login(charlie)
    assert client.get(url).status_code == 403
    client.force_login(liam)
    assert [r["first_name"] for r in client.get(url).json()] == ["Mine"]
    client.force_login(alice)
    assert len(client.get(url).json()) == 3


def test_it_shows_the_liaison_only_their_officers_on_the_page(
    client, scheduled_run, huntsville_pd, liam
):
    other = Agency.objects.create(name="Madison PD", key="madison pd", state="AL")
    Registration.objects.create(
        event=scheduled_run, first_name="Mine", last_name="Officer", agency=huntsville_pd
    )
    Registration.objects.create(
        event=scheduled_run,
        first_name="Their",
        last_name="Officer",
        agency=other,
        email="their@example.com",
    )
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    client.force_login(liam)
    body = client.get(f"/events/{scheduled_run.pk}/registrations/").content.decode()
    assert "Mine Officer" in body
    assert "Their Officer" not in body and "their@example.com" not in body


def test_it_gives_each_zone_its_own_offset_all_year(client, scheduled_run):
    import datetime as dt

    scheduled_run.starts_at = dt.datetime(2030, 1, 12, 15, 30, tzinfo=dt.UTC)
    scheduled_run.save()
    Event.objects.create(
        title="Phoenix",
        status="scheduled",
        time_zone="America/Phoenix",
        starts_at=dt.datetime(2030, 7, 4, 13, 0, tzinfo=dt.UTC),
    )
    items = {i["title"]: i for i in client.get("/api/v1/events").json()["items"]}
    assert items[scheduled_run.title]["starts_at"] == "2030-01-12T09:30:00-06:00"
    assert items["Phoenix"]["starts_at"] == "2030-07-04T06:00:00-07:00"
