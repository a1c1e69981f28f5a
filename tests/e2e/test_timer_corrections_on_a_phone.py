"""The finish-line timer on a phone: the start button, a running race clock, elapsed times on
taps; a tap deleted and a bib fixed from the phone (offline, then synced once), and the review
page shows both corrections with the phone, the time and the reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import log_in
from tests.e2e.test_timing_offline import _race, _wait_for, join_timer

pytestmark = pytest.mark.django_db(transaction=True)


def _corrections(event):
    from memorialmiles.timing.models import Correction

    return list(Correction.objects.filter(event=event).values_list("action", "bib", "why"))


def test_the_timer_deletes_a_tap_and_fixes_a_bib_from_the_phone(phone, browser, live_server):
    from memorialmiles.core.roles import GROUP_NAMES, Role
    from memorialmiles.timing.models import RawRecord

    event = _race()
    join_timer(phone, event)

    expect(phone.locator("#race-clock")).to_have_text("Not started")
    phone.get_by_role("button", name="Start signal now").click()
    expect(phone.get_by_role("button", name="Start signal now")).to_be_hidden()
    expect(phone.locator("#race-clock")).to_have_text(_elapsed())
    first = phone.locator("#race-clock").text_content()
    phone.wait_for_timeout(300)
    assert phone.locator("#race-clock").text_content() != first  # the clock runs

    finish = phone.get_by_role("button", name="Finish", exact=True)
    finish.click()
    finish.click()  # a double tap
    finish.click()
    phone.get_by_label("Bib", exact=True).fill("1")
    phone.get_by_role("button", name="Add bib").click()
    first_tap = phone.locator("#recent li", has_text="#2 Finish")  # #1 is the start signal
    expect(first_tap).to_contain_text("bib 1")
    expect(first_tap).to_contain_text(_elapsed())  # each tap shows its time after the start

    phone.context.set_offline(True)
    expect(phone.locator("#online-state")).to_contain_text("Offline")
    phone.get_by_role("button", name="Correct #3").click()  # the double tap
    phone.get_by_label("Why").fill("Tapped twice")
    phone.get_by_role("button", name="Delete this tap").click()
    expect(phone.locator("#recent")).to_contain_text("Deleted #3: Tapped twice")
    phone.get_by_role("button", name="Correct #2").click()
    phone.get_by_label("Right bib").fill("2")
    phone.get_by_label("Why").fill("Bib read out wrong")
    phone.get_by_role("button", name="Save bib").click()
    expect(phone.locator("#recent")).to_contain_text("bib 2 (fixed)")
    assert _corrections(event) == []  # offline: kept on the phone

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.locator("#queued-count")).to_have_text("0", timeout=15_000)
    assert _wait_for(lambda: len(_corrections(event)) == 2)
    phone.wait_for_timeout(3500)  # another sync round sends nothing again
    assert sorted(_corrections(event)) == [
        ("assign_read", "2", "Bib read out wrong"),
        ("void_read", "", "Tapped twice"),
    ]
    assert RawRecord.objects.filter(event=event, kind="finish", source="tap").count() == 3
    phone.goto("about:blank")  # the phone stops polling: one writer at a time on test SQLite

    from django.contrib.auth.models import Group, User

    lead = User.objects.create_user("val", password="pw-val")
    lead.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[Role.VOLUNTEER])[0])
    desk = browser.new_context(base_url=live_server.url)
    review = desk.new_page()
    log_in(review, "val")
    review.goto(f"/timing/events/{event.pk}/review/")
    table = review.locator("#corrections")
    expect(table).to_contain_text("Void a read")
    expect(table).to_contain_text("Tapped twice")
    expect(table).to_contain_text("Assign a read to a bib bib 2")
    expect(table).to_contain_text("Bib read out wrong")
    expect(table).to_contain_text("phone Finish phone")
    desk.close()


def _elapsed():
    import re

    return re.compile(r"\d+:\d\d\.\d")
