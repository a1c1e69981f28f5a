import pytest

from memorialmiles.courses.models import Course
from memorialmiles.events.models import Event

pytestmark = pytest.mark.django_db


def test_it_plans_a_mile_filled_in_from_the_hero(client, alice, crumby, huntsville_pd, make_hero):
    huntsville_pd.latitude, huntsville_pd.longitude = 34.73, -86.59
    huntsville_pd.save()
    course = Course.objects.create(name="Square to HQ", distance_m=1609)
    earlier = Event.objects.create(title="Earlier", status="finished", course=course)
    earlier.partner_agencies.add(huntsville_pd)
    earlier.dedications.create(hero=make_hero(huntsville_pd, last_name="Earlier"), mile=1094)
    client.force_login(alice)
    response = client.post(f"/heroes/{crumby.pk}/plan-mile/")
    event = Event.objects.exclude(pk=earlier.pk).get()
    assert response["Location"] == f"/events/{event.pk}/edit/"
    assert event.status == "proposed"
    assert event.organizer == alice
    assert event.time_zone == "America/Chicago"
    assert event.course == course
    assert (event.latitude, event.longitude) == (34.73, -86.59)
    assert list(event.partner_agencies.all()) == [huntsville_pd]
    d = event.dedications.get()
    assert (d.hero, d.mile) == (crumby, 1095)
    assert [p.kind for p in event.program.all()] == [
        "welcome",
        "intro",
        "prayer",
        "mile",
        "flag",
        "silence",
        "closing",
    ]
    assert event.status_changes.get().changed_by == alice


def test_it_lets_only_organizers_plan(client, charlie, liam, val, crumby):
    assert client.post(f"/heroes/{crumby.pk}/plan-mile/").status_code == 302
    for user in (charlie, liam, val):
        client.force_login(user)
        assert client.post(f"/heroes/{crumby.pk}/plan-mile/").status_code == 403
    assert not Event.objects.exists()


def test_it_shows_the_button_only_to_organizers(client, alice, charlie, crumby):
    assert b"Plan a mile" not in client.get(crumby.get_absolute_url()).content
    client.force_login(charlie)
    assert b"Plan a mile" not in client.get(crumby.get_absolute_url()).content
    client.force_login(alice)
    assert b"Plan a mile" in client.get(crumby.get_absolute_url()).content


def test_it_publishes_with_the_local_time_stored_in_utc(client, alice, crumby):
    client.force_login(alice)
    client.post(f"/heroes/{crumby.pk}/plan-mile/")
    event = Event.objects.get()
    data = {
        "title": event.title,
        "kind": "mile",
        "time_zone": "America/Chicago",
        "local_start": "2030-01-12T09:30",
        "visibility": "public",
        "first_bib": 1,
        "auto_bibs": "on",
        "registration_open": "on",
        "publish": "1",
    }
    response = client.post(f"/events/{event.pk}/edit/", data)
    event.refresh_from_db()
    assert response["Location"] == event.get_absolute_url()
    assert event.starts_at.isoformat() == "2030-01-12T15:30:00+00:00"
    assert event.status == "scheduled"
    assert [(c.from_status, c.to_status) for c in event.status_changes.all()] == [
        ("", "proposed"),
        ("proposed", "scheduled"),
    ]


def test_it_refuses_a_made_up_time_zone(client, alice, crumby):
    client.force_login(alice)
    client.post(f"/heroes/{crumby.pk}/plan-mile/")
    event = Event.objects.get()
    body = client.post(
        f"/events/{event.pk}/edit/",
        {
            "title": "x",
            "kind": "mile",
            "time_zone": "Mars/Olympus",
            "visibility": "public",
            "first_bib": 1,
        },
    ).content.decode()
    assert "Use an IANA zone such as America/Chicago." in body


def test_it_lists_the_backlog_by_state_and_end_of_watch(client, alice, crumby, make_hero):
    import datetime as dt

    make_hero(
        None, first_name="Tex", last_name="Waiting", state="TX", end_of_watch=dt.date(2020, 1, 2)
    )
    make_hero(
        None, first_name="Old", last_name="Alabama", state="AL", end_of_watch=dt.date(1990, 1, 2)
    )
    body = client.get("/backlog/").content.decode()
    assert body.index("Old Alabama") < body.index("Garrett Crumby") < body.index("Tex Waiting")
    assert "Plan a mile" not in body
    texas = client.get("/backlog/", {"state": "tx"}).content.decode()
    assert "Tex Waiting" in texas and "Crumby" not in texas
    assert "Old Alabama" in client.get("/backlog/", {"year": "1990"}).content.decode()
    client.force_login(alice)
    client.post(f"/heroes/{crumby.pk}/plan-mile/", follow=True)
    body = client.get("/backlog/").content.decode()
    assert "Crumby" not in body
    assert "Plan a mile for Officer Old Alabama" in body


def test_it_puts_a_hero_back_on_the_backlog_when_their_run_is_cancelled(client, alice, crumby):
    from memorialmiles.events.models import Event

    client.force_login(alice)
    client.post(f"/heroes/{crumby.pk}/plan-mile/", follow=True)  # reads the flash message
    assert "Garrett Crumby" not in client.get("/backlog/").content.decode()
    Event.objects.filter(dedications__hero=crumby).update(status="cancelled")
    assert "Garrett Crumby" in client.get("/backlog/").content.decode()
