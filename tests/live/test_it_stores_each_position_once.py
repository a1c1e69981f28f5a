"""The positions API: each (tracker, seq) once however often sent, bounds, verdicts counted."""

from __future__ import annotations

import datetime as dt

import pytest

from live.livekit import fix, walk
from memorialmiles.live.models import Position

pytestmark = pytest.mark.django_db


def test_a_batch_sent_twice_is_stored_once(run, link, send, started):
    tracker, token = link
    batch = walk(started + dt.timedelta(seconds=30), 6)
    first = send(token, batch, run.pk)
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 6
    assert first.json()["verdicts"]["kept"] == 6
    again = send(
        token, batch[2:] + walk(started + dt.timedelta(seconds=60), 2, first_seq=7), run.pk
    )
    body = again.json()
    assert (body["created"], body["duplicates"]) == (2, 4)
    assert body["accepted"] == [3, 4, 5, 6, 7, 8]
    assert Position.objects.filter(tracker=tracker).count() == 8
    assert sorted(Position.objects.values_list("seq", flat=True)) == list(range(1, 9))


def test_one_seq_twice_in_a_batch_keeps_the_first(run, link, send, started):
    _, token = link
    at = started + dt.timedelta(seconds=30)
    body = send(token, [fix(1, at, 0.1), fix(1, at, 0.9)], run.pk).json()
    assert (body["created"], body["duplicates"]) == (1, 1)
    assert Position.objects.get().lat == pytest.approx(fix(1, at, 0.1)["lat"])


def test_positions_are_placed_on_the_course(run, link, send, started):
    _, token = link
    send(token, [fix(1, started + dt.timedelta(seconds=300), 0.5)], run.pk)
    p = Position.objects.get()
    assert p.along_m == pytest.approx(804.6, abs=2)
    assert p.shown_lon == pytest.approx(-86.5860)  # on the line, not beside it


def test_bad_fixes_are_kept_raw_counted_and_left_out(run, link, send, started):
    tracker, token = link
    t = started + dt.timedelta(seconds=60)
    batch = [
        fix(1, started - dt.timedelta(minutes=5), 0.0),  # before the start
        fix(2, t, 0.10),
        fix(3, t + dt.timedelta(seconds=5), 0.11, accuracy_m=900),
        fix(4, t + dt.timedelta(seconds=5), 0.11),
        fix(5, t + dt.timedelta(seconds=5), 0.11),  # the same moment again
        fix(6, t + dt.timedelta(seconds=2), 0.105),  # older than the last kept
        fix(7, t + dt.timedelta(seconds=6), 0.95),  # 1.3 km in a second
    ]
    body = send(token, batch, run.pk).json()
    assert body["verdicts"] == {
        "kept": 2,
        "before_start": 1,
        "inaccurate": 1,
        "repeated": 1,
        "out_of_order": 1,
        "too_fast": 1,
    }
    assert Position.objects.filter(tracker=tracker).count() == 7
    assert list(Position.objects.filter(verdict="kept").values_list("seq", flat=True)) == [2, 4]


@pytest.mark.parametrize(
    "change, where",
    [
        ({"lat": 90.5}, "lat"),
        ({"lon": -180.01}, "lon"),
        ({"accuracy_m": -1}, "accuracy_m"),
        ({"seq": 0}, "seq"),
        ({"seq": 2**63}, "seq"),
        ({"time": "2027-01-16T14:00:05"}, "zone"),
        ({"time": "1999-12-31T23:59:59Z"}, "2000-2100"),
        ({"time": "soon"}, "time"),
        ({"lat": "NaN"}, "lat"),
    ],
)
def test_out_of_bounds_is_refused_with_the_field_named(run, link, send, started, change, where):
    _, token = link
    response = send(token, [{**fix(1, started, 0.1), **change}], run.pk)
    assert response.status_code == 422
    assert where in response.content.decode()
    assert not Position.objects.exists()


def test_a_batch_is_at_most_500(run, link, send, started):
    _, token = link
    response = send(token, walk(started, 501), run.pk)
    assert response.status_code == 422
    assert not Position.objects.exists()


def test_a_batch_leaves_one_audit_entry(run, link, send, started):
    from auditlog.models import LogEntry

    tracker, token = link
    send(token, walk(started + dt.timedelta(seconds=5), 3), run.pk)
    send(token, walk(started + dt.timedelta(seconds=5), 3), run.pk)  # nothing new: no entry
    entries = LogEntry.objects.filter(additional_data__bulk="live.positions")
    assert entries.count() == 1
    assert token not in str(entries.get().changes)


def test_a_stranger_posting_fast_is_slowed(run, send, monkeypatch):
    from memorialmiles.core import ratelimit

    monkeypatch.setitem(
        ratelimit.LIMITS, "live-positions", (ratelimit.Limit("live-positions", 3, 60),)
    )
    codes = [send("x" * 32, [], run.pk).status_code for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]
