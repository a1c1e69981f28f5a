"""Live tracking in a real Chromium: the flag-bearer's phone shares its position, keeps what
it takes offline and sends it once when the signal returns; a watcher's page follows the
position and the results without reloading."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import PHONE

from live.livekit import LAT0, LAT1, LON, mile_geometry

pytestmark = pytest.mark.django_db(transaction=True)


def at(fraction: float) -> dict:
    return {"latitude": LAT0 + (LAT1 - LAT0) * fraction, "longitude": LON, "accuracy": 5}


def test_the_phone_shares_offline_and_the_watcher_follows(browser, live_server, page):
    from memorialmiles.courses.models import Course
    from memorialmiles.events.models import Event, Registration
    from memorialmiles.live.models import Position, Tracker
    from memorialmiles.timing.sync import create_join_code, join, sync_batch

    course = Course.objects.create(name="Mile", geometry=mile_geometry(), distance_m=1609.3)
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    run = Event.objects.create(
        title="Live mile",
        starts_at=started,
        status="live",
        time_zone="America/Chicago",
        course=course,
    )
    Registration.objects.create(event=run, first_name="Ann", last_name="Lee", bib=1)
    _, token = Tracker.create(run)

    context = browser.new_context(
        base_url=live_server.url, permissions=["geolocation"], geolocation=at(0.10), **PHONE
    )
    context.set_default_timeout(15_000)
    phone = context.new_page()
    posted: list[list[int]] = []
    phone.on(
        "requestfinished",
        lambda r: (
            posted.append([p["seq"] for p in json.loads(r.post_data)["positions"]])
            if r.method == "POST" and "/positions" in r.url and r.response().status == 200
            else None
        ),
    )

    page.goto(f"/events/{run.pk}/live/")
    expect(page.locator("#live-status")).to_have_text("Live now.")

    phone.goto(f"/live/t/{token}/")
    phone.get_by_role("button", name="Start sharing my position").click()
    expect(phone.locator("#sent")).to_have_text("1")
    expect(page.locator("#f-done")).to_contain_text("0.10 mi")

    context.set_offline(True)
    # 28 m every 3 s: a brisk run (the line refuses anything over 12 m/s as a GPS jump)
    for n, fraction in enumerate((0.1175, 0.135, 0.1525), start=2):
        phone.wait_for_timeout(3000)
        context.set_geolocation(at(fraction))
        expect(phone.locator("#taken")).to_have_text(str(n))
    expect(phone.locator("#waiting")).to_have_text("3")
    expect(phone.locator("#state")).to_contain_text("No signal")
    assert Position.objects.filter(event=run).count() == 1

    context.set_offline(False)
    expect(phone.locator("#waiting")).to_have_text("0")
    expect(phone.locator("#sent")).to_have_text("4")
    assert sorted(Position.objects.filter(event=run).values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert sorted(s for batch in posted for s in batch) == [1, 2, 3, 4]  # each sent once

    expect(page.locator("#f-done")).to_contain_text("0.15 mi")  # moved, no reload
    phone_timer = join(create_join_code(run, None).code, "Finish", "both")
    gun = int(started.timestamp() * 1_000_000)
    sync_batch(
        phone_timer,
        [
            {"seq": 1, "kind": "gun", "time_us": gun},
            {"seq": 2, "bib": "1", "time_us": gun + 421_000_000},
        ],
    )
    expect(page.locator("#live-results")).to_contain_text("Ann Lee")
    expect(page.locator("#results-count")).to_have_text("1")
    context.close()
