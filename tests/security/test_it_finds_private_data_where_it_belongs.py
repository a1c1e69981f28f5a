"""The privacy check of the matrix is not blind: where a private value belongs, it is found.

The matrix asserts that no body holds a value its persona may not read; that proves nothing
unless those values are written into pages exactly as the search looks for them. Here the
pages that may show them do.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from security.walker import body_of, client_for

pytestmark = pytest.mark.django_db


def page(persona, route, world, sessions, target="public"):
    url = reverse(route, kwargs={"event_id": world.events[target].pk})
    response = client_for(persona, sessions).get(url)
    assert response.status_code == 200
    return body_of(response)


def test_it_finds_every_runners_private_data_on_the_organizers_list(world, sessions):
    body = page("organizer", "event_registrations", world, sessions)
    people = world.registrations["public"].values()
    values = [getattr(r, f) for r in people for f in ("email", "phone", "emergency_phone")]
    assert values and all(v in body for v in values)
    shown = [s for s in world.secrets if s.text in body]
    assert {s.what.split(" of ")[0] for s in shown} >= {"email", "phone", "emergency_phone"}


def test_it_finds_a_liaisons_own_people_on_their_list(world, sessions):
    body = page("liaison_a", "event_registrations", world, sessions)
    assert world.registrations["public"]["a"].email in body
    assert world.registrations["public"]["b"].email not in body


def test_it_knows_the_draft_by_its_title(world, sessions):
    assert world.events["draft"].title in page("organizer", "event_edit", world, sessions, "draft")


def test_it_finds_the_familys_contact_on_the_organizers_page(world, sessions):
    body = page("organizer", "event_edit", world, sessions)
    item = world.events["public"].memorial_items.get()
    assert item.family_address in body and item.family_phone in body


def test_it_finds_the_unlisted_runs_secret_link_on_the_organizers_page(world, sessions):
    body = page("organizer", "event", world, sessions, "unlisted")
    assert world.events["unlisted"].share_key in body
    assert any(s.text == world.events["unlisted"].share_key for s in world.secrets)
