"""The agency's link, attacked: it opens one run's page, for a while, until it is published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from background import burst
from memorialmiles.events.models import Event
from memorialmiles.pipeline.models import MilePlan
from memorialmiles.pipeline.services import approve, invite, plan_run
from pipeline.conftest import link_in

pytestmark = pytest.mark.django_db


def test_the_link_opens_its_run_without_a_password(client, invite_link, planned):
    page = client.get(invite_link)
    assert page.status_code == 200
    body = page.content.decode()
    assert planned.title in body and "Confirm" in body
    assert "_auth_user_id" not in client.session  # no account is signed in by it


def test_a_tampered_or_foreign_token_opens_nothing(client, invite_link):
    token = invite_link.rstrip("/").rsplit("/", 1)[1]
    for forged in (token[:-2] + "AA", "abc", "x" * 300, token[::-1]):
        answer = client.get(reverse("pipeline_liaison", args=[forged]))
        assert answer.status_code in (404, 410), forged
    assert client.get("/pipeline/agency/a%00b/").status_code == 404


def test_an_expired_link_is_refused(client, invite_link, planned):
    MilePlan.objects.filter(event=planned).update(
        invite_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    answer = client.get(invite_link)
    assert answer.status_code == 410 and "expired" in answer.content.decode()
    assert client.post(invite_link, {}).status_code == 410


def test_one_runs_link_never_reaches_another_run(
    client,
    invite_link,
    planned,
    make_hero,
    contact,
    alice,
    mailoutbox,
    answers,
):
    other_hero = make_hero(contact, first_name="Billy", last_name="Clardy")
    other, _ = plan_run(other_hero, alice)
    invite(other)
    burst()
    other_link = link_in(mailoutbox[-1].body)
    # A's link, used however, changes A only; B's family data never shows on A's page.
    client.post(invite_link, answers)
    client.post(
        other_link,
        {
            **answers,
            "family_contact_name": "Clardy family contact",
            "date_choice": other.plan.proposed_dates[0],
        },
    )
    assert MilePlan.objects.get(event=planned).family_contact_name == "Mary Crumby"
    page_a = client.get(invite_link).content.decode()
    assert "Clardy family contact" not in page_a and "Billy" not in page_a
    # The run's own pages stay closed to the link's holder while it is a draft.
    assert client.get(reverse("event", args=[other.pk])).status_code == 404
    assert client.get(reverse("event_edit", args=[planned.pk])).status_code in (302, 404)


def test_after_publishing_the_link_changes_nothing(client, invite_link, planned, answers, alice):
    assert client.post(invite_link, answers).status_code == 200
    approve(planned, alice)
    answer = client.post(invite_link, {**answers, "meeting_place": "Somewhere else"})
    assert answer.status_code == 409
    assert Event.objects.get(pk=planned.pk).place_name == "Big Spring Park, east lawn"
    page = client.get(invite_link).content.decode()
    assert "already published" in page or "is published" in page
    assert "mary.crumby.private@example.com" not in page


def test_the_link_is_rate_limited(client, invite_link, settings):
    for _ in range(60):
        client.get(invite_link)
    assert client.get(invite_link).status_code == 429
