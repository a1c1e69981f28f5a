"""The honor wall, its CSV and the backlog answer 400 with a message a person can act on when
a year or an agency id is out of range; the queryset never lets one reach the database."""

import pytest

pytestmark = pytest.mark.django_db

BAD = [
    "year=%C2%B2",
    "agency=" + "9" * 5000,
    "year=10000",
    "year=0",
    "year=99999999999999999999",
    "year=abc",
    "agency=99999999999999999999",
]


@pytest.mark.parametrize("query", BAD)
def test_it_tells_the_wall_visitor_what_to_fix(client, crumby, query):
    response = client.get(f"/heroes/?{query}")
    assert response.status_code == 400
    text = response.content.decode()
    expected = "type a year from 1700 to 2100" if "year" in query else "not an agency id"
    assert expected in text and 'role="alert"' in text
    assert crumby.get_absolute_url() not in text  # nothing listed under a filter not applied
    assert 'name="q"' in text  # the search form is there to fix it


@pytest.mark.parametrize("field", ["q", "state", "service", "cause", "status", "sort"])
def test_it_refuses_a_nul_character_on_every_database(client, crumby, field):
    for url in ("/heroes/", "/heroes/export.csv", "/backlog/"):
        response = client.get(f"{url}?{field}=a%00b")
        assert response.status_code == 400, url
        assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize("query", BAD)
def test_it_refuses_the_csv(client, crumby, query):
    response = client.get(f"/heroes/export.csv?{query}")
    assert response.status_code == 400
    assert b"Crumby" not in response.content


@pytest.mark.parametrize("query", ["year=10000", "year=0", "year=-3", "year=1e9"])
def test_it_tells_the_backlog_visitor_what_to_fix(client, crumby, query):
    response = client.get(f"/backlog/?{query}")
    assert response.status_code == 400
    assert "type a year from 1700 to 2100" in response.content.decode()


def test_it_still_filters_by_a_good_year(client, crumby):
    link = crumby.get_absolute_url()
    assert link in client.get("/heroes/?year=2023").content.decode()
    assert link not in client.get("/heroes/?year=2022").content.decode()
    assert link in client.get("/backlog/?year=2023").content.decode()
    assert link not in client.get("/backlog/?year=2022").content.decode()
    assert client.get("/backlog/?year=").status_code == 200


def test_it_matches_nothing_out_of_range_in_the_queryset(crumby):
    from memorialmiles.honors.models import Hero

    bad = [
        {"year": "10000"},
        {"year": "0"},
        {"year": "9" * 5000},
        {"agency": "99999999999999999999"},
        {"agency": "9" * 5000},
    ]
    for params in bad:
        assert list(Hero.objects.filter_wall(params)) == []
    assert list(Hero.objects.filter_wall({"year": "2023"})) == [crumby]
    assert list(Hero.objects.filter_wall({"year": "²"})) == [crumby]  # not a number: no filter
