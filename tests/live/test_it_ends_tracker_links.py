"""A tracker link's life: revoked, its run over, another run's, unknown; and how it is made."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from live.livekit import walk
from memorialmiles.live.models import Position, Tracker, hash_token

pytestmark = pytest.mark.django_db


def test_a_revoked_link_is_refused_and_says_so(run, link, send, started):
    tracker, token = link
    tracker.revoke()
    response = send(token, walk(started, 2), run.pk)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert not Position.objects.exists()


@pytest.mark.parametrize("status", ["finished", "cancelled"])
def test_a_link_dies_when_the_run_ends(run, link, send, started, status):
    _, token = link
    run.status = status
    run.save()
    response = send(token, walk(started, 2), run.pk)
    assert response.status_code == 401
    assert "ended" in response.json()["detail"]


def test_a_link_dies_hours_after_the_scheduled_start(run, link, send, settings):
    _, token = link
    run.starts_at = dt.datetime.now(dt.UTC) - dt.timedelta(
        hours=settings.TIMING_RUN_HOURS, minutes=1
    )
    run.save()
    response = send(token, walk(run.starts_at, 2), run.pk)
    assert response.status_code == 401


def test_another_runs_token_is_forbidden(run, make_run, send, started):
    other = make_run(title="Another mile")
    _, other_token = Tracker.create(other)
    response = send(other_token, walk(started, 2), run.pk)
    assert response.status_code == 403
    assert not Position.objects.exists()


@pytest.mark.parametrize("token", ["", "nope", "a\x00b", "x" * 300])
def test_an_unknown_token_is_unauthorized(run, send, started, token):
    assert send(token, walk(started, 1), run.pk).status_code == 401


def test_only_the_tokens_hash_is_stored(link):
    tracker, token = link
    row = Tracker.objects.filter(pk=tracker.pk).values().get()
    assert token not in str(row)
    assert row["token_hash"] == hash_token(token)


def test_the_phone_page_opens_with_its_link_only(client, link):
    tracker, token = link
    page = client.get(f"/live/t/{token}/")
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert "Start sharing my position" in page.content.decode()
    assert client.get(f"/live/t/{token[:-1]}x/").status_code == 404
    tracker.revoke()
    ended = client.get(f"/live/t/{token}/").content.decode()
    assert "revoked" in ended and "Start sharing my position" not in ended


def test_the_timing_lead_makes_and_revokes_a_link(client, val, run):
    client.force_login(val)
    made = client.post(f"/live/events/{run.pk}/trackers/new/", {"label": "Sgt. Ray's phone"})
    assert made.status_code == 200
    tracker = Tracker.objects.get(event=run)
    html = made.content.decode()
    start = html.index("/live/t/") + len("/live/t/")
    token = html[start : html.index("/", start)]
    assert hash_token(token) == tracker.token_hash
    listing = client.get(f"/live/events/{run.pk}/trackers/").content.decode()
    assert "Sgt. Ray&#x27;s phone" in listing and token not in listing
    client.post(f"/live/events/{run.pk}/trackers/{tracker.pk}/revoke/")
    tracker.refresh_from_db()
    assert tracker.revoked


def test_the_command_prints_the_link_and_its_token(run, capsys):
    call_command("live", "tracker", str(run.pk), "--label", "Flag phone")
    out = capsys.readouterr().out
    token = out.split("token: ")[1].split()[0]
    assert f"/live/t/{token}/" in out
    assert Tracker.objects.get(event=run, label="Flag phone").token_hash == hash_token(token)


def test_the_command_refuses_a_finished_run(run):
    from django.core.management.base import CommandError

    run.status = "finished"
    run.save()
    with pytest.raises(CommandError, match="finished"):
        call_command("live", "tracker", str(run.pk))
