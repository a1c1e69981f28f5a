import datetime as dt

import pytest

from memorialmiles.events.models import Dedication, Event

pytestmark = pytest.mark.django_db


def dedicate(hero, status, mile, visibility="public"):
    event = Event.objects.create(
        title=f"Mile {mile}",
        starts_at=dt.datetime(2024, 5, 1, 14, tzinfo=dt.UTC),
        time_zone="America/Chicago",
        status=status,
        visibility=visibility,
    )
    return Dedication.objects.create(event=event, hero=hero, mile=mile)


@pytest.fixture
def three_heroes(huntsville_pd, make_hero):
    waiting = make_hero(huntsville_pd, first_name="Wait", last_name="Ing")
    scheduled = make_hero(huntsville_pd, first_name="Sched", last_name="Uled")
    honored = make_hero(huntsville_pd, first_name="Hon", last_name="Ored")
    dedicate(scheduled, "scheduled", 7)
    dedicate(honored, "finished", 3)
    dedicate(honored, "scheduled", 9)  # honored once, a second mile planned
    return waiting, scheduled, honored


def names(client, **params):
    items = client.get("/api/v1/heroes", params).json()["items"]
    return {(h["first_name"], h["mile_status"]) for h in items}


def test_it_tells_each_heros_mile_status(client, three_heroes):
    assert names(client) == {("Wait", "waiting"), ("Sched", "scheduled"), ("Hon", "honored")}
    assert names(client, status="waiting") == {("Wait", "waiting")}
    assert names(client, status="scheduled") == {("Sched", "scheduled")}
    assert names(client, status="honored") == {("Hon", "honored")}
    wall = client.get("/heroes/", {"status": "honored"}).text
    assert "Hon Ored" in wall and "Wait Ing" not in wall


def test_it_never_shows_a_draft_or_unlisted_mile_on_public_pages(client, crumby):
    dedicate(crumby, "proposed", 1095)
    dedicate(crumby, "finished", 1096, visibility="unlisted")
    dedicate(crumby, "cancelled", 1097)
    assert names(client) == {("Garrett", "waiting")}
    for url in ("/heroes/", crumby.get_absolute_url(), "/states/AL/"):
        page = client.get(url).text
        assert "1095" not in page and "1096" not in page and "1097" not in page, url
    dedicate(crumby, "finished", 1098)
    page = client.get(crumby.get_absolute_url()).text
    assert "Mile 1098" in page
    assert "Mile 1098" in client.get("/heroes/").text
    assert names(client) == {("Garrett", "honored")}
