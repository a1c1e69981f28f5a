"""Privacy: positions only while the run is live (or once the track is published), never
before the start, never the tracker's token; drafts and unlisted runs stay hidden."""

from __future__ import annotations

import datetime as dt

import pytest

from live.livekit import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(run, link, send, started):
    """A run with a fix from before the start and three after it."""
    _, token = link
    early = walk(started - dt.timedelta(minutes=5), 1, first_seq=1)
    assert (
        send(
            token, early + walk(started + dt.timedelta(seconds=10), 3, first_seq=2), run.pk
        ).status_code
        == 200
    )
    return token


def positions(client, run):
    response = client.get(f"/events/{run.pk}/live.json")
    assert response.status_code == 200
    return response.json()["positions"]


def test_a_live_run_shows_its_line_from_the_start_on(client, run, sent, started):
    shown = positions(client, run)
    assert len(shown) == 3
    assert all(dt.datetime.fromisoformat(p["t"]) >= started for p in shown)
    assert (
        client.get(f"/events/{run.pk}/live.json?after={shown[0]['id']}").json()["positions"]
        == shown[1:]
    )


@pytest.mark.parametrize("status", ["scheduled", "finished", "cancelled"])
def test_no_position_when_the_run_is_not_live(client, run, sent, status):
    run.status = status
    run.save()
    assert positions(client, run) == []
    assert '"positions": []' in client.get(f"/events/{run.pk}/live/").content.decode()


def test_a_published_track_replays_after_the_run(client, alice, run, sent):
    run.status = "finished"
    run.save()
    client.force_login(alice)
    assert client.post(f"/live/events/{run.pk}/track/", {"published": "on"}).status_code == 302
    client.logout()
    body = client.get(f"/events/{run.pk}/live.json").json()
    assert len(body["positions"]) == 3
    assert body["status"]["positions_public"] is True
    assert body["status"]["finish"]["final_s"] > 0
    page = client.get(f"/events/{run.pk}/live/").content.decode()
    assert 'id="replay"' in page and "recorded-geometry" in page


def test_the_token_is_on_no_public_page(client, run, sent):
    for url in (f"/events/{run.pk}/", f"/events/{run.pk}/live/", f"/events/{run.pk}/live.json"):
        body = client.get(url).content.decode()
        assert sent not in body, url
        assert "Flag-bearer (" not in body
    stream = b"".join(client.get(f"/events/{run.pk}/live/stream").streaming_content).decode()
    assert sent not in stream


@pytest.mark.parametrize("fields", [{"status": "proposed"}, {"visibility": "unlisted"}])
def test_drafts_and_unlisted_runs_stay_hidden(client, charlie, make_run, fields):
    hidden = make_run(title="A quiet plan", **fields)
    client.force_login(charlie)
    for url in ("live/", "live.json", "live/stream"):
        assert client.get(f"/events/{hidden.pk}/{url}").status_code == 404, url


def test_the_live_page_shows_heroes_video_button_and_results(client, run, crumby):
    from memorialmiles.events.models import Dedication

    Dedication.objects.create(event=run, hero=crumby, mile=1)
    run.stream_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    run.save()
    response = client.get(f"/events/{run.pk}/live/")
    page = response.content.decode()
    assert "Garrett" in page and "Crumby" in page
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' in page
    assert "<iframe" not in page  # loaded only on a tap
    assert (
        "frame-src https://www.youtube-nocookie.com https://www.facebook.com"
        in (response["Content-Security-Policy"])
    )
