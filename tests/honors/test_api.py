import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_heroes_with_count_and_items(client, crumby):
    data = client.get("/api/v1/heroes", {"q": "crum"}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["id"] == crumby.pk
    assert item["name"] == "Garrett Crumby"
    assert item["rank"] == "Officer"
    assert item["agency"] == "Huntsville Police Department"
    assert item["state"] == "AL"
    assert item["service"] == "police"
    assert item["end_of_watch"] == "2023-03-28"
    assert item["k9"] is False


def test_it_filters_like_the_wall(make_hero, client, huntsville_pd):
    make_hero(huntsville_pd, last_name="Dog", k9=True, end_of_watch=dt.date(1999, 1, 1))
    make_hero(huntsville_pd, last_name="Human")
    assert [h["last_name"] for h in client.get("/api/v1/heroes?k9=true").json()["items"]] == ["Dog"]
    assert client.get("/api/v1/heroes?year=1999").json()["count"] == 1
    assert client.get("/api/v1/heroes?state=TX").json()["count"] == 0


def test_it_lists_a_page_in_a_few_queries_whatever_its_heroes_show(
    make_hero, client, huntsville_pd, django_assert_max_num_queries
):
    """The list reads only the columns it shows (`for_list`): one it shows but did not read
    would be read again for each hero."""
    for i in range(30):
        make_hero(huntsville_pd, first_name=f"Sample{i}", last_name="Person", nickname="Sam")
    with django_assert_max_num_queries(6):
        items = client.get("/api/v1/heroes", {"q": "person"}).json()["items"]
    assert len(items) == 30
    assert {i["agency"] for i in items} == {"Huntsville Police Department"}


def test_it_paginates(make_hero, client, huntsville_pd):
    for i in range(7):
        make_hero(huntsville_pd, last_name=f"P{i}")
    data = client.get("/api/v1/heroes?limit=3&offset=6").json()
    assert data["count"] == 7 and len(data["items"]) == 1


def test_it_shows_one_hero_with_sources(client, crumby):
    crumby.sources.create(registry="ODMP", source_id="9", url="https://example.org/9")
    data = client.get(f"/api/v1/heroes/{crumby.pk}").json()
    assert data["sources"][0]["url"] == "https://example.org/9"
    assert client.get("/api/v1/heroes/999999").status_code == 404


def test_it_lists_agencies(client, huntsville_pd):
    data = client.get("/api/v1/agencies?state=al").json()
    assert data["count"] == 1 and data["items"][0]["name"] == "Huntsville Police Department"


def test_it_publishes_the_openapi_document(client):
    doc = client.get("/api/openapi.json").json()
    assert "/api/v1/heroes" in doc["paths"]
    assert client.get("/api/docs").status_code == 200
