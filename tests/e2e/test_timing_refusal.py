"""The timer in a real Chromium says why the server refuses its taps, and keeps them queued."""

import pytest
from playwright.sync_api import expect
from tests.e2e.test_timing_offline import join_timer

pytestmark = pytest.mark.django_db(transaction=True)


def _race():
    import datetime as dt
    import zoneinfo

    from memorialmiles.events.models import Event

    return Event.objects.create(
        title="Finished memorial mile",
        starts_at=dt.datetime(2025, 5, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago")),
        time_zone="America/Chicago",
        status="live",
    )


def test_it_shows_a_closed_run_and_keeps_the_taps_queued(phone):
    from memorialmiles.events.services import change_status
    from memorialmiles.timing.models import RawRecord
    from memorialmiles.timing.sync import create_join_code

    event = _race()
    code = create_join_code(event, None).code
    phone.goto(f"/timing/join/?code={code[:4]}-{code[4:]}")
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url(f"**/timing/events/{event.pk}/timer/")
    expect(phone.locator("#timer[data-ready='1']")).to_be_attached()
    change_status(event, "finished")
    phone.get_by_role("button", name="Finish").click()
    expect(phone.locator("#sync-problem")).to_contain_text(
        "This run is finished: timing is closed", timeout=15_000
    )
    expect(phone.locator("#queued-count")).to_have_text("1")
    expect(phone.locator("#sync-problem-join")).to_be_hidden()
    assert not RawRecord.objects.filter(event=event).exists()


def test_it_shows_a_revoked_phone_the_way_to_join_again(phone):
    from memorialmiles.timing.models import TimingDevice

    event = _race()
    join_timer(phone, event)
    TimingDevice.objects.filter(event=event).update(revoked=True)
    phone.get_by_role("button", name="Finish").click()
    expect(phone.locator("#sync-problem")).to_contain_text("removed this phone", timeout=15_000)
    expect(phone.locator("#sync-problem-join")).to_be_visible()
    expect(phone.locator("#queued-count")).to_have_text("1")
