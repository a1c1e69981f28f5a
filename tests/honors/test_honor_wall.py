import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_it_finds_a_hero_by_part_of_a_word(client, crumby):
    response = client.get("/heroes/", {"q": "crum"})
    assert response.status_code == 200
    assert "Officer Garrett Crumby" in response.text
    assert "1 hero matching" in response.text


def test_it_ignores_accents_and_case(make_hero, client, huntsville_pd):
    make_hero(huntsville_pd, first_name="José", last_name="Núñez")
    assert "José Núñez" in client.get("/heroes/", {"q": "JOSE nunez"}).text
    assert "José Núñez" in client.get("/heroes/", {"q": "núñ"}).text


def test_it_matches_the_agency_name_too(client, crumby):
    assert "Garrett Crumby" in client.get("/heroes/", {"q": "huntsville police"}).text


def test_it_does_not_match_inside_a_word(client, crumby):
    # "umby" is inside Crumby, but two edits from it: too many for a four-letter word. (One
    # missing letter, "rumby", is a typo and finds him: tests/honors/test_search.py.)
    assert "Garrett Crumby" not in client.get("/heroes/", {"q": "umby"}).text


def test_it_filters_by_state_service_year_and_k9(make_hero, client, huntsville_pd):
    make_hero(
        huntsville_pd,
        first_name="Rex",
        last_name="K9 Rex",
        rank="K9",
        k9=True,
        end_of_watch=dt.date(2001, 5, 1),
    )
    make_hero(
        None,
        first_name="Ann",
        last_name="Fire",
        service="fire",
        state="TX",
        end_of_watch=dt.date(2010, 1, 2),
    )
    assert "K9 Rex" in client.get("/heroes/", {"k9": "1"}).text
    assert "Ann Fire" not in client.get("/heroes/", {"k9": "1"}).text
    assert "Ann Fire" in client.get("/heroes/", {"service": "fire"}).text
    assert "Ann Fire" in client.get("/heroes/", {"state": "tx"}).text
    text = client.get("/heroes/", {"year": "2001"}).text
    assert "K9 Rex" in text and "Ann Fire" not in text


def test_it_updates_the_index_when_a_name_changes(client, crumby):
    crumby.last_name = "Crumbley"
    crumby.save()
    assert "Crumbley" in client.get("/heroes/", {"q": "crumbl"}).text
    crumby.delete()
    assert "Garrett Crumbley" not in client.get("/heroes/", {"q": "crumbl"}).text


def test_it_paginates(make_hero, client, huntsville_pd):
    for i in range(55):
        make_hero(huntsville_pd, first_name=f"Sample{i:02d}", last_name="Person")
    first = client.get("/heroes/", {"q": "person"})
    assert "Page 1 of 2" in first.text
    assert "55 heroes" in first.text
    second = client.get("/heroes/", {"q": "person", "page": 2})
    assert second.text.count('class="hero-item"') == 5


def test_it_shows_a_hero_page_with_sources(client, crumby):
    crumby.sources.create(
        registry="ODMP",
        source_id="123",
        url="https://example.org/123",
        attribution="Officer Down Memorial Page",
    )
    page = client.get(crumby.get_absolute_url()).text
    assert "Officer Garrett Crumby" in page
    assert "Huntsville Police Department" in page
    assert "Tuesday, March 28, 2023" in page
    assert 'href="https://example.org/123"' in page
    assert "No mile yet" in page


def test_it_lists_an_agency_and_a_state(client, crumby, huntsville_pd):
    assert "Crumby" in client.get(f"/agencies/{huntsville_pd.pk}/").text
    assert "Crumby" in client.get("/states/AL/").text
    assert "Alabama" in client.get("/states/").text
    assert client.get("/states/ZZ/").status_code == 404


def test_it_exports_csv_with_formulas_neutralised(make_hero, client, huntsville_pd):
    make_hero(huntsville_pd, first_name="=HYPERLINK(1)", last_name="Evil")
    body = b"".join(client.get("/heroes/export.csv").streaming_content).decode()
    assert "'=HYPERLINK(1) Evil" in body
    assert body.splitlines()[0].startswith("id,rank,name,agency")


def test_it_refuses_changes_by_get_only_views(client):
    assert client.post("/heroes/").status_code == 405


def test_it_lists_a_page_of_heroes_in_a_few_queries(
    client, make_hero, huntsville_pd, django_assert_max_num_queries
):
    for i in range(30):
        make_hero(huntsville_pd, first_name=f"Sample{i}", last_name="Person")
    with django_assert_max_num_queries(8):
        assert client.get("/heroes/", {"q": "person"}).status_code == 200


def test_it_filters_by_cause_from_a_list_of_the_rolls_causes(client, huntsville_pd, make_hero):
    from django.core.cache import cache

    cache.clear()
    make_hero(huntsville_pd, first_name="Gun", last_name="Shot", cause="Gunfire")
    make_hero(huntsville_pd, first_name="Car", last_name="Crash", cause="Automobile accident")
    page = client.get("/heroes/", {"cause": "automobile accident"}).text
    assert "Car Crash" in page and "Gun Shot" not in page
    assert '<option value="Gunfire"' in page and '<option value="Automobile accident"' in page
