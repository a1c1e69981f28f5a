"""Cache-Control says public only where a stranger's page is the same for everyone.

A run's page, the honor wall and the home page are public for a visitor without a session:
kept in the shared cache, ETag, 304, `public` for a proxy, `Vary: Cookie`. An organizer's page
(it may show the unlisted run's secret link), a page with a form (a CSRF token), a draft or an
unlisted run are never marked public nor kept, and a registration or an edit shows at once."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=5, must-revalidate"


def is_private(response) -> bool:
    control = response.get("Cache-Control", "")
    return "private" in control and "public" not in control


def test_a_strangers_run_page_is_public_and_answers_304(scheduled_run):
    page = f"/events/{scheduled_run.pk}/"
    first = Client().get(page)
    assert first.status_code == 200 and first["Cache-Control"] == PUBLIC
    assert "Cookie" in first["Vary"] and "Set-Cookie" not in first
    assert b"Garrett Crumby" in first.content
    assert Client().get(page, headers={"If-None-Match": first["ETag"]}).status_code == 304
    head = Client().head(page)
    assert head.status_code == 200 and head["ETag"] == first["ETag"] and head.content == b""
    for path in ("/heroes/", "/heroes/?page=2", "/"):
        response = Client().get(path)
        assert response["Cache-Control"] == PUBLIC, path


def test_an_organizers_page_is_private_and_never_served_to_a_stranger(scheduled_run, alice):
    scheduled_run.visibility = "unlisted"
    scheduled_run.save()
    organizer = Client()
    organizer.force_login(alice)
    page = f"/events/{scheduled_run.pk}/"
    mine = organizer.get(page)
    secret = scheduled_run.get_share_url().encode()
    assert mine.status_code == 200 and secret in mine.content
    assert is_private(mine) and "no-store" in mine["Cache-Control"] and "ETag" not in mine
    stranger = Client().get(page)
    assert stranger.status_code == 404 and secret not in stranger.content
    assert "public" not in stranger.get("Cache-Control", "")


def test_a_draft_is_not_kept_even_once_published(scheduled_run, alice):
    scheduled_run.status = "proposed"
    scheduled_run.save()
    page = f"/events/{scheduled_run.pk}/"
    organizer = Client()
    organizer.force_login(alice)
    assert organizer.get(page).status_code == 200  # the organizer's view is not kept
    draft = Client().get(page)
    assert draft.status_code == 404 and "public" not in draft.get("Cache-Control", "")
    scheduled_run.status = "scheduled"
    scheduled_run.save()
    assert Client().get(page).status_code == 200


def test_a_share_link_visitor_gets_a_private_page(scheduled_run):
    scheduled_run.visibility = "unlisted"
    scheduled_run.save()
    visitor = Client()
    response = visitor.get(scheduled_run.get_share_url(), follow=True)
    assert response.status_code == 200 and b"Garrett Crumby" in response.content
    assert is_private(response)
    assert Client().get(f"/events/{scheduled_run.pk}/").status_code == 404


def test_a_page_with_a_form_is_private(scheduled_run):
    form = Client().get(f"/events/{scheduled_run.pk}/register/")
    assert form.status_code == 200 and "csrftoken" in form.cookies
    assert is_private(form) and "no-store" in form["Cache-Control"]


def test_a_registration_and_an_edit_show_at_once(scheduled_run, runner_fields, alice):
    page = f"/events/{scheduled_run.pk}/"
    before = Client().get(page)
    assert b"2 spots left." in before.content
    form = {**runner_fields, "role": "runner", "accept_waiver": "on", "idempotency_key": "k1"}
    Client().post(f"/events/{scheduled_run.pk}/register/", form)
    after = Client().get(page, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and b"1 spot left." in after.content
    scheduled_run.place_name = "Big Spring Park"
    scheduled_run.save()
    assert b"Big Spring Park" in Client().get(page).content
