import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_the_mile_badge_on_the_honor_wall(client, scheduled_run):
    body = client.get("/heroes/").content.decode()
    assert 'Officer Garrett Crumby <span class="badge">Mile 1095</span>' in body
