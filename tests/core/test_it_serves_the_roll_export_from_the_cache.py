"""/heroes/export.csv: written once per version of the roll and filter, then served from the
shared cache; an edit to the roll is in the next download."""

import pytest

pytestmark = pytest.mark.django_db


def download(client, url="/heroes/export.csv"):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_it_serves_the_second_download_from_the_cache(
    client, make_hero, huntsville_pd, django_assert_max_num_queries
):
    for n in range(30):
        make_hero(huntsville_pd, last_name=f"Officer{n:02d}")
    first = download(client)
    with django_assert_max_num_queries(3):  # the roll's version only, not the rows
        second = download(client)
    assert second == first
    assert first.count("\n") == 31
    assert "Garrett Officer07" in first and "Huntsville Police Department" in first


def test_it_shows_an_edit_in_the_next_download(client, crumby):
    assert "Crumby" in download(client)
    crumby.last_name = "Crumbley"
    crumby.save()
    body = download(client)
    assert "Crumbley" in body and "Crumby" not in body


def test_it_shows_a_deleted_hero_no_more(client, crumby, make_hero, huntsville_pd):
    other = make_hero(huntsville_pd, last_name="Second")
    assert "Second" in download(client)
    other.delete()
    assert "Second" not in download(client)


def test_it_keeps_each_filter_apart(client, crumby, make_hero):
    make_hero(None, last_name="Texan", state="TX")
    assert "Texan" not in download(client, "/heroes/export.csv?state=AL")
    assert "Crumby" not in download(client, "/heroes/export.csv?state=TX")
    everyone = download(client)
    assert "Texan" in everyone and "Crumby" in everyone


def test_it_writes_the_same_columns_as_the_wall(client, make_hero, huntsville_pd):
    make_hero(
        huntsville_pd,
        rank="Sergeant",
        first_name="Ann",
        nickname="Red",
        middle_name="B.",
        last_name="=Cee",
        suffix="Jr.",
        k9=True,
    )
    lines = download(client).splitlines()
    assert lines[0] == "id,rank,name,agency,state,service,end_of_watch,cause,k9"
    assert lines[1].endswith(
        ',Sergeant,"Ann ""Red"" B. =Cee, Jr.",Huntsville Police Department,AL,police,'
        "2023-03-28,Gunfire,yes"
    )
