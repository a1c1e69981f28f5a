"""A bib typed on the timer labels the tap it belongs to, however the phone's writes and its
syncs interleave: a sync answered after a bib labelled a tap keeps the label (it put back the
copy it read before, and the next bib went to the same tap), and a bib typed in the instant
after a tap labels that tap. The server gets each bib with the tap it names."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.e2e.test_timing_offline import _race, _wait_for, join_timer

pytestmark = pytest.mark.django_db(transaction=True)


def _typed(event) -> list[tuple[str, int | None]]:
    from memorialmiles.timing.models import RawRecord

    typed = RawRecord.objects.filter(event=event, source="typed").order_by("device_seq")
    return list(typed.values_list("bib", "ref_seq"))


def _join(phone):
    event = _race()
    join_timer(phone, event)
    phone.get_by_role("button", name="Start signal now").click()
    expect(phone.locator("#queued-count")).to_have_text("0", timeout=15_000)  # #1 is synced
    return event


def test_a_sync_answered_after_a_bib_keeps_the_bib_on_its_tap(phone):
    event = _join(phone)
    held = []  # the phone's sync requests, answered when the test says
    phone.route("**/timing/events/*/sync", lambda route: held.append(route))
    with phone.expect_request("**/timing/events/*/sync"):
        phone.get_by_role("button", name="Finish", exact=True).click()  # #2, its sync held
    phone.get_by_label("Bib", exact=True).fill("1")
    phone.get_by_role("button", name="Add bib").click()  # #3 labels #2 while #2 is in flight
    expect(phone.locator("#recent li", has_text="#2 Finish")).to_contain_text("bib 1")

    held[0].continue_()
    phone.unroute("**/timing/events/*/sync")
    expect(phone.locator("#queued-count")).to_have_text("0", timeout=15_000)
    expect(phone.locator("#recent li", has_text="#2 Finish")).to_contain_text("bib 1")

    phone.get_by_role("button", name="Finish", exact=True).click()  # #4
    phone.get_by_label("Bib", exact=True).fill("2")
    phone.get_by_role("button", name="Add bib").click()  # #5: the next tap, not #2 again
    expect(phone.locator("#recent li", has_text="#4 Finish")).to_contain_text("bib 2")
    expect(phone.locator("#recent li", has_text="#2 Finish")).to_contain_text("bib 1")
    assert _wait_for(lambda: _typed(event) == [("1", 2), ("2", 4)]), _typed(event)
    phone.goto("about:blank")  # the phone stops polling: one writer at a time on test SQLite


def test_a_bib_typed_in_the_instant_after_taps_labels_them_in_order(phone):
    event = _join(phone)
    # Two taps and two bibs in one task of the page, as fast as a thumb and a keyboard can
    # be: each write must see the one before it.
    phone.evaluate(
        """() => {
            const tap = document.getElementById("tap"), bib = document.getElementById("bib");
            const add = document.getElementById("add-bib");
            tap.click(); tap.click();
            bib.value = "7"; add.click();
            bib.value = "8"; add.click();
        }"""
    )
    expect(phone.locator("#recent li", has_text="#2 Finish")).to_contain_text("bib 7")
    expect(phone.locator("#recent li", has_text="#3 Finish")).to_contain_text("bib 8")
    expect(phone.locator("#queued-count")).to_have_text("0", timeout=15_000)
    assert _wait_for(lambda: _typed(event) == [("7", 2), ("8", 3)]), _typed(event)
    phone.goto("about:blank")
