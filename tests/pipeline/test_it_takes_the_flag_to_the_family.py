"""After the run: the flag presented or shipped, then received; the family's letter; thanks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from background import burst
from memorialmiles.events.models import Event, MemorialItem
from memorialmiles.pipeline.models import MilePlan
from memorialmiles.pipeline.services import approve, mark_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(client, alice, invite_link, answers, planned):
    client.post(invite_link, answers)
    approve(planned, alice)
    mark_run(planned, alice)
    client.force_login(alice)
    return Event.objects.get(pk=planned.pk)


def act(client, event, action, **data):
    return client.post(
        reverse("pipeline_action", args=[event.pk]), {"action": action, **data}, follow=True
    )


def test_the_flag_is_presented_in_person(client, finished):
    assert "in the family&#x27;s hands" in act(client, finished, "flag_presented").content.decode()
    flag = MemorialItem.objects.get(event=finished, kind="flag")
    assert flag.status == "presented" and flag.presented_at
    assert "presented in person to Mary Crumby" in flag.public_summary


def test_the_flag_is_shipped_with_its_carrier_then_received(client, finished):
    body = act(client, finished, "ship", carrier="", tracking="").content.decode()
    assert "Give the carrier" in body
    act(client, finished, "ship", carrier="USPS", tracking="9400 1000 0000 0000 0000 00")
    flag = MemorialItem.objects.get(event=finished, kind="flag")
    assert (flag.status, flag.carrier, flag.tracking_number) == (
        "shipped",
        "USPS",
        "9400 1000 0000 0000 0000 00",
    )
    body = client.get(reverse("pipeline_board")).content.decode()
    assert finished.title in body[body.index('id="stage-flag_sent"') :]
    act(client, finished, "flag_received")
    flag.refresh_from_db()
    assert flag.status == "received" and flag.received_at


def test_the_flag_was_carried_on_the_heros_mile(finished, crumby):
    flag = MemorialItem.objects.get(event=finished, kind="flag")
    assert flag.status == "carried"
    assert flag.dedication.hero == crumby and flag.dedication.mile
    assert f"carried on mile {flag.dedication.mile:,}" in flag.public_summary


def test_the_familys_letter_goes_with_the_certificate(client, finished, mailoutbox):
    act(client, finished, "flag_presented")
    act(client, finished, "letter")
    act(client, finished, "letter")  # a second click sends nothing more
    burst()
    (mail,) = [m for m in mailoutbox if m.to == ["mary.crumby.private@example.com"]]
    dedication = finished.dedications.get()
    certificate = reverse("timing_dedication_certificate", args=[finished.pk, dedication.pk])
    assert mail.subject == "A mile for Officer Garrett Crumby"
    assert "people ran one mile in honor of Officer Garrett Crumby" in mail.body
    assert "presented in person" in mail.body and certificate in mail.body
    plan = MilePlan.objects.get(event=finished)
    assert plan.letter_sent_at and plan.family_thanked_at
    assert client.get(certificate).status_code == 200


def test_the_letter_prints_for_the_post(client, finished):
    page = client.get(reverse("pipeline_letter", args=[finished.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "Dear Mary Crumby" in body
    assert "certificate" in body


def test_no_email_for_the_family_says_print_instead(client, finished):
    MilePlan.objects.filter(event=finished).update(family_contact_email="")
    body = act(client, finished, "letter").content.decode()
    assert "print the letter and post it instead" in body


def test_the_family_thanked_ends_the_card(client, finished):
    act(client, finished, "thanked")
    body = client.get(reverse("pipeline_board")).content.decode()
    assert finished.title in body[body.index('id="stage-thanked"') :]
