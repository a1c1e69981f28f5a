"""The organizer's board: heroes waiting, runs by stage, filters, late cards, one-click actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from memorialmiles.events.models import Event
from memorialmiles.honors.models import Agency
from memorialmiles.pipeline.board import stage_of
from memorialmiles.pipeline.models import MilePlan, Stage

pytestmark = pytest.mark.django_db


def section(body: str, stage: str) -> str:
    start = body.index(f'id="stage-{stage}"')
    return body[start : body.index("</section>", start)]


def test_only_organizers_open_the_board(client, liam, charlie):
    assert client.get(reverse("pipeline_board"))["Location"].startswith("/accounts/login/")
    for user in (liam, charlie):
        client.force_login(user)
        assert client.get(reverse("pipeline_board")).status_code == 403


def test_a_waiting_hero_shows_the_days_against_the_target(client, alice, make_hero, contact):
    today = timezone.localdate()
    make_hero(contact, last_name="Recent", end_of_watch=today - dt.timedelta(days=12))
    make_hero(contact, last_name="Overdue", end_of_watch=today - dt.timedelta(days=45))
    client.force_login(alice)
    body = section(client.get(reverse("pipeline_board")).content.decode(), "waiting")
    assert "12 days since end of watch · 18 left of 30" in body
    assert "Late:</strong> 45 days since end of watch, 15 past the 30-day target" in body
    assert body.index("Recent") < body.index("Overdue")  # newest first


def test_runs_sit_in_their_stage(client, alice, planned, invite_link, answers):
    client.force_login(alice)
    body = client.get(reverse("pipeline_board")).content.decode()
    assert planned.title in section(body, "invited")
    Client().post(invite_link, answers)
    body = client.get(reverse("pipeline_board")).content.decode()
    assert planned.title in section(body, "confirmed")
    assert "Approve and publish" in section(body, "confirmed")
    assert "Big Spring Park, east lawn, 24 officers" in body


def test_the_stage_follows_the_run_and_the_flag():
    event = Event(status="proposed")
    plan = MilePlan(event=event)

    class Flag:
        def __init__(self, status):
            self.status = status

    assert stage_of(event, None, []) == Stage.PROPOSED
    plan.invited_at = timezone.now()
    assert stage_of(event, plan, []) == Stage.INVITED
    plan.confirmed_at = timezone.now()
    assert stage_of(event, plan, []) == Stage.CONFIRMED
    event.status = "scheduled"
    assert stage_of(event, plan, []) == Stage.PUBLISHED
    event.status = "finished"
    assert stage_of(event, plan, [Flag("ordered")]) == Stage.RUN
    assert stage_of(event, plan, [Flag("shipped")]) == Stage.FLAG_SENT
    assert stage_of(event, plan, [Flag("presented")]) == Stage.FLAG_RECEIVED
    assert stage_of(event, plan, [Flag("received")]) == Stage.FLAG_RECEIVED
    plan.family_thanked_at = timezone.now()
    assert stage_of(event, plan, [Flag("received")]) == Stage.THANKED


def test_filters_by_state_agency_and_service(client, alice, make_hero, contact):
    atlanta = Agency.objects.create(name="Atlanta Fire Rescue", key="atlanta fire", state="GA")
    make_hero(contact, last_name="Alabaman")
    make_hero(atlanta, last_name="Georgian", service="fire", state="GA")
    client.force_login(alice)
    for query, shown, hidden in (
        ({"state": "GA"}, "Georgian", "Alabaman"),
        ({"service": "police"}, "Alabaman", "Georgian"),
        ({"agency": contact.pk}, "Alabaman", "Georgian"),
    ):
        body = client.get(reverse("pipeline_board"), query).content.decode()
        assert shown in body and hidden not in body, query
    answer = client.get(reverse("pipeline_board"), {"agency": "99999999999999999999"})
    assert answer.status_code == 400


def test_actions_are_posts_with_csrf(alice, planned):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    url = reverse("pipeline_action", args=[planned.pk])
    assert browser.get(url).status_code == 405
    assert browser.post(url, {"action": "invite"}).status_code == 403  # no CSRF token
    assert not MilePlan.objects.get(event=planned).invited_at


def test_an_unknown_action_is_refused(client, alice, planned):
    client.force_login(alice)
    url = reverse("pipeline_action", args=[planned.pk])
    assert client.post(url, {"action": "drop_tables"}).status_code == 400


def test_the_back_address_stays_on_the_board(client, alice, planned):
    client.force_login(alice)
    url = reverse("pipeline_action", args=[planned.pk])
    answer = client.post(url, {"action": "thanked", "back": "https://evil.example/"})
    assert answer["Location"] == reverse("pipeline_board")
    answer = client.post(url, {"action": "thanked", "back": "/pipeline/?state=AL"})
    assert answer["Location"] == "/pipeline/?state=AL"


def test_actions_leave_an_audit_trail(client, alice, planned):
    from auditlog.models import LogEntry

    client.force_login(alice)
    client.post(reverse("pipeline_action", args=[planned.pk]), {"action": "invite"})
    entry = LogEntry.objects.filter(content_type__model="mileplan").latest("timestamp")
    assert entry.actor == alice and "invite_email" in entry.changes_dict
    assert "invite_nonce" not in entry.changes_dict


def test_planning_from_the_board(client, alice, crumby, contact):
    client.force_login(alice)
    answer = client.post(reverse("pipeline_plan", args=[crumby.pk]), follow=True)
    assert "Planned Memorial mile for Officer Garrett Crumby." in answer.content.decode()
    assert Event.objects.get().plan.proposed_dates
