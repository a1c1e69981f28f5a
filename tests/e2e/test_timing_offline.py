"""The finish-line timer in a real Chromium: taps made offline survive a reload and sync once."""

import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def _race():
    import datetime as dt
    import zoneinfo

    from memorialmiles.events.models import Event

    return Event.objects.create(
        title="Offline memorial mile",
        starts_at=dt.datetime(2025, 5, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago")),
        time_zone="America/Chicago",
        status="live",
    )


def _server_count(event) -> int:
    from memorialmiles.timing.models import RawRecord

    return RawRecord.objects.filter(event=event, kind="finish", source="tap").count()


def _wait_for(predicate, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def join_timer(phone, event) -> None:
    """The phone joins `event` with a lead's code and lands on a timer ready to tap."""
    from memorialmiles.timing.sync import create_join_code

    phone.goto(f"/timing/join/?code={create_join_code(event, None).code}")
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url(f"**/timing/events/{event.pk}/timer/")
    expect(phone.locator("#timer[data-ready='1']")).to_be_attached()


def test_it_keeps_ten_offline_taps_through_a_reload_and_syncs_them_once(phone):
    event = _race()
    join_timer(phone, event)
    expect(phone.locator("#timer[data-offline-ready='1']")).to_be_attached()

    phone.context.set_offline(True)
    expect(phone.locator("#online-state")).to_contain_text("Offline")
    finish = phone.get_by_role("button", name="Finish")
    for _ in range(10):
        finish.click()
    expect(phone.locator("#queued-count")).to_have_text("10")
    assert _server_count(event) == 0

    phone.reload()
    expect(phone.locator("#timer[data-ready='1']")).to_be_attached()
    expect(phone.locator("#queued-count")).to_have_text("10")
    assert _server_count(event) == 0

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.locator("#queued-count")).to_have_text("0", timeout=15_000)
    expect(phone.locator("#server-count")).to_have_text("10")
    assert _wait_for(lambda: _server_count(event) == 10)
    time.sleep(3.5)  # one more sync round: nothing is sent twice
    assert _server_count(event) == 10


def test_it_refuses_to_time_without_joining(phone):
    event = _race()
    phone.goto(f"/timing/events/{event.pk}/timer/")
    expect(phone.get_by_text("This phone has not joined this event.")).to_be_visible()
    expect(phone.get_by_role("button", name="Finish")).to_be_disabled()
