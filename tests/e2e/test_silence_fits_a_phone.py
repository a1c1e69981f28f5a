"""The moment-of-silence page on a phone, held upright and sideways, before and during the
count: the whole count and the hero's name inside the screen; a tap after the end does not
start it again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

PORTRAIT = {"width": 390, "height": 844}
LANDSCAPE = {"width": 844, "height": 390}


@pytest.fixture
def run(transactional_db):
    import datetime as dt

    from memorialmiles.events.models import Dedication, Event, ProgramItem
    from memorialmiles.honors.models import Hero

    event = Event.objects.create(title="Silence run", status="scheduled", time_zone="UTC",
                                 starts_at=dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC))  # fmt: skip
    hero = Hero.objects.create(rank="Sergeant", first_name="Maria", last_name="Delacroix-Whitfield",
                               service="police", state="AL")  # fmt: skip
    Dedication.objects.create(event=event, hero=hero)
    ProgramItem.objects.create(event=event, kind="silence", title="Silence", silence_seconds=2)
    return event


def _inside(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    view = page.viewport_size
    assert box is not None, selector
    assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= view["width"] + 0.5, (selector, box, view)
    assert box["y"] + box["height"] <= view["height"] + 0.5, (selector, box, view)


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_the_count_and_the_name_fit_before_and_during_the_count(browser, live_server, run, size):
    context = browser.new_context(base_url=live_server.url, **{**PHONE, "viewport": size})
    page = context.new_page()
    page.goto(f"/events/{run.pk}/silence/?seconds=21")
    for selector in ("#count", "#names"):
        _inside(page, selector)
    name_px = float(page.locator("#names").evaluate("e => getComputedStyle(e).fontSize")[:-2])
    assert name_px >= 22  # large, not a caption
    page.locator("#silence").click()
    expect(page.locator("#silence[data-running='1']")).to_be_attached()
    for selector in ("#count", "#names"):
        _inside(page, selector)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    context.close()


def test_a_tap_after_the_end_does_not_start_it_again(phone, run):
    phone.goto(f"/events/{run.pk}/silence/")
    phone.locator("#silence").click()
    expect(phone.locator("#silence[data-done='1']")).to_be_attached(timeout=6_000)
    expect(phone.locator("#label")).to_have_text("Thank you")
    phone.locator("#silence").click()
    phone.wait_for_timeout(1200)
    expect(phone.locator("#label")).to_have_text("Thank you")
    expect(phone.locator("#count")).to_have_text("0")
    again = phone.get_by_role("button", name="Start the silence again")
    expect(again).to_be_visible()
    again.click()
    expect(phone.locator("#label")).to_have_text("Silence")


def test_one_tap_from_the_ceremony_starts_the_count(phone, run):
    phone.goto(f"/events/{run.pk}/silence/?start=1")
    expect(phone.locator("#label")).to_have_text("Silence")
