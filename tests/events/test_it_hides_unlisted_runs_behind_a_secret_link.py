"""An unlisted run lives at an unguessable address: counting ids finds nothing.

The share link (`/events/shared/<key>/`) grants the browser's session the run; without it only
a role for the run opens its pages. The organizer sees the link on the run's page and edit page
and can make a new one, which shuts out the old.
"""

import pytest

from events.eventurls import api_paths, event_pages
from memorialmiles.events.models import Event
from memorialmiles.honors.models import LiaisonAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlisted(scheduled_run):
    scheduled_run.visibility = "unlisted"
    scheduled_run.save()
    return scheduled_run


def test_counting_ids_finds_nothing(client, unlisted, charlie):
    for user in (None, charlie):
        if user:
            client.force_login(user)
        for name, path in event_pages(unlisted, unlisted.dedications.get().pk):
            response = client.get(path)
            assert response.status_code == 404, name
            assert b"Garrett Crumby" not in response.content
        for path in api_paths(unlisted):
            assert client.get(path).status_code == 404, path
        api = client.post(
            f"/api/v1/events/{unlisted.pk}/registrations",
            {
                "first_name": "A",
                "last_name": "B",
                "email": "a@example.com",
                "emergency_name": "C",
                "emergency_phone": "555-0100",
                "accept_waiver": True,
            },
            content_type="application/json",
        )
        assert api.status_code == 404


def test_the_secret_link_opens_the_run_for_this_browser(client, unlisted):
    response = client.get(unlisted.get_share_url())
    assert response["Location"] == unlisted.get_absolute_url()
    assert b"Garrett Crumby" in client.get(unlisted.get_absolute_url()).content
    assert client.get(f"/events/{unlisted.pk}/register/").status_code == 200
    assert client.get(f"/events/{unlisted.pk}/results/").status_code == 200
    assert client.get(f"/timing/events/{unlisted.pk}/timer/").status_code == 200
    assert client.get(f"/api/v1/events/{unlisted.pk}").status_code == 200
    # The grant is for this run only, and role pages still ask their role.
    assert client.get(f"/events/{unlisted.pk}/desk/").status_code == 302
    other = Event.objects.create(title="Other unlisted", status="scheduled", visibility="unlisted")
    assert client.get(other.get_absolute_url()).status_code == 404


def test_a_wrong_or_draft_key_opens_nothing(client, unlisted):
    assert client.get("/events/shared/not-the-key/").status_code == 404
    assert client.get(unlisted.get_absolute_url()).status_code == 404
    unlisted.status = "proposed"
    unlisted.save()
    assert client.get(unlisted.get_share_url()).status_code == 404


def test_the_keys_are_unguessable_and_distinct(db):
    keys = {Event.objects.create(title=f"Run {i}").share_key for i in range(20)}
    assert len(keys) == 20
    assert all(len(k) >= 24 for k in keys)


def test_a_role_for_the_run_opens_it(client, unlisted, val, liam, huntsville_pd):
    client.force_login(val)
    assert client.get(unlisted.get_absolute_url()).status_code == 200
    client.force_login(liam)
    assert client.get(unlisted.get_absolute_url()).status_code == 404
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    assert client.get(unlisted.get_absolute_url()).status_code == 200


def test_the_organizer_sees_the_link_and_can_change_it(client, unlisted, alice):
    client.force_login(alice)
    share = "http://testserver" + unlisted.get_share_url()
    assert share in client.get(unlisted.get_absolute_url()).content.decode()
    assert share in client.get(f"/events/{unlisted.pk}/edit/").content.decode()
    old = unlisted.share_key
    client.post(f"/events/{unlisted.pk}/share/rotate/")
    unlisted.refresh_from_db()
    assert unlisted.share_key != old
    client.logout()
    assert client.get(f"/events/shared/{old}/").status_code == 404
    assert client.get(unlisted.get_share_url()).status_code == 302


def test_only_organizers_change_the_link(client, unlisted, val):
    old = unlisted.share_key
    client.force_login(val)
    assert client.post(f"/events/{unlisted.pk}/share/rotate/").status_code == 403
    unlisted.refresh_from_db()
    assert unlisted.share_key == old


def test_a_phone_that_joined_with_a_code_may_open_the_timer(client, unlisted, val):
    from memorialmiles.timing.sync import create_join_code

    code = create_join_code(unlisted, val).code
    response = client.post(
        "/api/v1/timing/join", {"code": code, "name": "Finish 1"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert client.get(response.json()["timer_url"]).status_code == 200


def test_a_runners_confirmation_link_works_without_the_share_link(client, unlisted, runner_fields):
    client.get(unlisted.get_share_url())
    client.post(
        f"/events/{unlisted.pk}/register/",
        {**runner_fields, "role": "runner", "accept_waiver": "on", "idempotency_key": "k"},
    )
    from memorialmiles.events.models import Registration

    url = Registration.objects.get().get_absolute_url()
    client.cookies.clear()
    assert client.get(url).status_code == 200


def test_the_back_office_shows_the_link(client, unlisted, admin_user, settings):
    settings.SITE_URL = "https://miles.example.org"
    client.force_login(admin_user)
    page = client.get(f"/admin/events/event/{unlisted.pk}/change/").content.decode()
    assert f"https://miles.example.org/events/shared/{unlisted.share_key}/" in page
