"""The live stream: snapshot first, then each position once and in order, resumable; results
and status pushed; the same through Redis for several app servers."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient

from live.livekit import walk
from memorialmiles.gps.live import Fix
from memorialmiles.live import bus
from memorialmiles.live.tracking import store

pytestmark = pytest.mark.django_db


def frames(text: str) -> list[dict]:
    out = []
    for block in text.split("\n\n"):
        frame = {}
        for line in block.splitlines():
            if line.startswith(":") or ": " not in line:
                continue
            key, value = line.split(": ", 1)
            frame[key] = value
        if "event" in frame:
            frame["data"] = json.loads(frame["data"])
            out.append(frame)
    return out


async def take(chunks, n: int, timeout: float = 10.0) -> list[dict]:
    """Read the stream until `n` events have come."""
    text = ""
    async with asyncio.timeout(timeout):
        while len(frames(text)) < n:
            text += (await chunks.__anext__()).decode()
    return frames(text)


def fixes(start, n, first_seq=1):
    return [
        Fix(p["seq"], dt.datetime.fromisoformat(p["time"]).timestamp(), p["lat"], p["lon"], 5.0)
        for p in walk(start, n, first_seq=first_seq)
    ]


@pytest.fixture
def stored(django_capture_on_commit_callbacks):
    def save(tracker, batch):
        with django_capture_on_commit_callbacks(execute=True):
            return store(tracker, batch)

    return save


def test_a_wsgi_server_answers_the_snapshot_and_ends(client, run, link, stored, started):
    tracker, _ = link
    stored(tracker, fixes(started + dt.timedelta(seconds=10), 3))
    response = client.get(f"/events/{run.pk}/live/stream")
    assert response["Content-Type"] == "text/event-stream"
    got = frames(b"".join(response.streaming_content).decode())
    assert [f["event"] for f in got] == ["status", "position", "position", "position", "results"]
    assert [int(f["id"]) for f in got[1:4]] == sorted(int(f["id"]) for f in got[1:4])
    assert got[0]["data"]["live"] is True


def test_events_come_in_order_and_a_reconnect_resumes(run, link, stored, started, settings):
    settings.LIVE_STREAM_SECONDS = 20
    tracker, _ = link
    stored(tracker, fixes(started + dt.timedelta(seconds=10), 2))

    async def scenario():
        response = await AsyncClient().get(f"/events/{run.pk}/live/stream")
        chunks = response.streaming_content
        opening = await take(chunks, 4)
        assert [f["event"] for f in opening] == ["status", "position", "position", "results"]
        await sync_to_async(stored)(tracker, fixes(started + dt.timedelta(seconds=20), 3, 3))
        pushed = await take(chunks, 3)
        await chunks.aclose()
        ids = [int(f["id"]) for f in opening[1:3] + pushed]
        assert [f["event"] for f in pushed] == ["position"] * 3
        assert ids == sorted(ids) and len(set(ids)) == 5
        assert pushed[-1]["data"]["done_m"] > pushed[0]["data"]["done_m"]
        # the browser comes back with the id of the third position it had
        again = await AsyncClient().get(
            f"/events/{run.pk}/live/stream", headers={"Last-Event-ID": str(ids[2])}
        )
        resumed = await take(again.streaming_content, 4)
        await again.streaming_content.aclose()
        assert [int(f["id"]) for f in resumed if f["event"] == "position"] == ids[3:]

    async_to_sync(scenario)()


def test_results_and_status_reach_the_stream(run, monkeypatch, django_capture_on_commit_callbacks):
    """Timing's writes announce new results; a status change announces itself."""
    sent = []
    monkeypatch.setattr(bus, "publish", lambda event_id, kind, data, *a: sent.append((kind, data)))
    from memorialmiles.events.models import EventStatusChange, Registration
    from memorialmiles.timing.sync import create_join_code, join, sync_batch

    Registration.objects.create(event=run, first_name="Ann", last_name="Lee", bib=1)
    phone = join(create_join_code(run, None).code, "Finish", "both")
    gun_us = int(run.starts_at.timestamp() * 1_000_000)
    with django_capture_on_commit_callbacks(execute=True):
        sync_batch(
            phone,
            [
                {"seq": 1, "kind": "gun", "time_us": gun_us},
                {"seq": 2, "bib": "1", "time_us": gun_us + 421_000_000},
            ],
        )
    kind, data = sent[-1]
    assert kind == "results"
    assert data["rows"][0]["name"] == "Ann Lee" and data["rows"][0]["net_time"] == "0:07:01"
    with django_capture_on_commit_callbacks(execute=True):
        sync_batch(phone, [{"seq": 2, "bib": "1", "time_us": gun_us + 421_000_000}])
    assert len(sent) == 1  # nothing new, nothing pushed
    run.status = "finished"
    run.save()
    with django_capture_on_commit_callbacks(execute=True):
        EventStatusChange.objects.create(event=run, from_status="live", to_status="finished")
    assert sent[-1][0] == "status" and sent[-1][1]["status"] == "finished"


def test_a_chip_import_pushes_results(run, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(bus, "publish", lambda event_id, kind, data, *a: sent.append(kind))
    from memorialmiles.timing.imports import import_chip_file

    local = run.starts_at.astimezone(run.zone) + dt.timedelta(minutes=7)
    line = f"1,{local:%H:%M:%S}.00\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        import_chip_file(run, line, format="csv")
    assert sent == ["results"]


def _redis_ok(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def test_two_app_servers_get_every_message_through_redis(settings, monkeypatch):
    url = settings.LIVE_REDIS_URL or "redis://127.0.0.1:6379/7"
    if not _redis_ok(url):
        pytest.skip("no Redis here")
    settings.LIVE_REDIS_URL = url
    monkeypatch.setattr(bus, "_redis_client", None)

    async def scenario():
        servers = [bus.Hub(), bus.Hub()]  # two processes' hubs
        subs = [await hub.subscribe(42) for hub in servers]
        for n in range(3):
            bus.publish(42, "position", {"n": n}, n + 1)
        got = []
        for sub in subs:
            async with asyncio.timeout(5):
                got.append([(await sub.queue.get())["id"] for _ in range(3)])
        for hub, sub in zip(servers, subs, strict=True):
            hub.unsubscribe(sub)
            for task in hub._listeners.values():
                task.cancel()
        return got

    assert async_to_sync(scenario)() == [[1, 2, 3], [1, 2, 3]]
