"""A browser that opened an unlisted run's secret link keeps nothing once the organizer makes a
new link: rotating shuts out the old link and what it granted (a leaked link is the reason to
rotate)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlisted(scheduled_run):
    scheduled_run.visibility = "unlisted"
    scheduled_run.save()
    return scheduled_run


def test_a_browser_granted_by_the_old_link_is_shut_out_after_rotation(client, unlisted, alice):
    from django.test import Client

    stranger = Client()
    assert stranger.get(unlisted.get_share_url()).status_code == 302
    assert stranger.get(unlisted.get_absolute_url()).status_code == 200

    client.force_login(alice)
    client.post(f"/events/{unlisted.pk}/share/rotate/")

    for path in (
        unlisted.get_absolute_url(),
        f"/events/{unlisted.pk}/results/",
        f"/events/{unlisted.pk}.ics",
        f"/api/v1/events/{unlisted.pk}",
    ):
        response = stranger.get(path)
        assert response.status_code == 404, path
        assert b"Garrett Crumby" not in response.content


def test_the_new_link_still_opens_the_run(client, unlisted, alice):
    from django.test import Client

    client.force_login(alice)
    client.post(f"/events/{unlisted.pk}/share/rotate/")
    unlisted.refresh_from_db()
    visitor = Client()
    visitor.get(unlisted.get_share_url())
    assert visitor.get(unlisted.get_absolute_url()).status_code == 200
