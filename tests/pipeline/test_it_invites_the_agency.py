"""The organizer invites the agency's contact from the card, or from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from background import burst
from memorialmiles.pipeline.models import MilePlan
from pipeline.conftest import link_in

pytestmark = pytest.mark.django_db


def test_the_boards_button_mails_the_agencys_contact_a_link(client, alice, planned, mailoutbox):
    client.force_login(alice)
    answer = client.post(
        reverse("pipeline_action", args=[planned.pk]), {"action": "invite"}, follow=True
    )
    burst()
    assert "Invitation sent to the agency." in answer.content.decode()
    (mail,) = mailoutbox
    assert mail.to == ["reyes@huntsvilleal.example"]
    assert "Officer Garrett Crumby" in mail.body and "Lt. Dana Reyes" in mail.body
    assert link_in(mail.body).startswith("/pipeline/agency/")
    assert "http://testserver" in mail.body or "://" in mail.body  # absolute (SITE_URL)
    plan = MilePlan.objects.get(event=planned)
    assert plan.invite_email == "reyes@huntsvilleal.example" and plan.invite_expires_at


def test_the_command_queues_the_same_invitation(planned, mailoutbox, capsys):
    call_command("pipeline", "invite", str(planned.pk), "--email", "desk@huntsvilleal.example")
    burst()
    (mail,) = mailoutbox
    assert mail.to == ["desk@huntsvilleal.example"]
    assert mail.subject == f"Plan a memorial mile with us: {planned.title}"
    assert "queued" in capsys.readouterr().out


def test_the_command_says_what_is_missing(planned, crumby):
    crumby.agency.contact_email = ""
    crumby.agency.save()
    with pytest.raises(CommandError, match="Huntsville Police Department has no contact email"):
        call_command("pipeline", "invite", str(planned.pk))
    with pytest.raises(CommandError, match="No run with id 999999"):
        call_command("pipeline", "invite", "999999")
    with pytest.raises(CommandError, match="is not an email address"):
        call_command("pipeline", "invite", str(planned.pk), "--email", "not-an-address")


def test_a_new_invitation_retires_the_old_link(client, planned, invite_link, mailoutbox):
    from memorialmiles.pipeline.services import invite

    invite(planned)
    burst()
    new_link = link_in(mailoutbox[-1].body)
    assert new_link != invite_link
    assert client.get(new_link).status_code == 200
    old = client.get(invite_link)
    assert old.status_code == 410 and "replaced by a newer invitation" in old.content.decode()


def test_a_published_run_is_not_invited(client, alice, planned):
    from memorialmiles.events.services import change_status

    change_status(planned, "scheduled", alice)
    client.force_login(alice)
    answer = client.post(
        reverse("pipeline_action", args=[planned.pk]), {"action": "invite"}, follow=True
    )
    assert "already published" in answer.content.decode()
    assert not MilePlan.objects.get(event=planned).invited_at
