"""Suggestions as you type on the honor wall, with a keyboard alone, checked by axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(page):
    # The wall answers a search per keystroke; a machine shared with other test runs can
    # take more than the usual ten seconds to first paint.
    page.set_default_timeout(60_000)
    return page


def test_it_suggests_heroes_as_you_type_and_takes_the_keyboard(page, crumby, make_hero):
    make_hero(crumby.agency, rank="Sergeant", first_name="Paul", last_name="Crumbley")
    make_hero(None, first_name="Ann", last_name="Other", state="TX")
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto("/heroes/")
    box = page.get_by_role("combobox", name="Name or agency")
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press_sequentially("crumbe")  # a typo, as typed on a phone
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#q-suggest-status")).to_contain_text("2 heroes found")
    expect(options.first).to_contain_text("Officer Garrett Crumby")

    # axe-core on the wall with its suggestions open.
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "q-suggestion-0")
    box.press("ArrowDown")
    box.press("ArrowDown")  # wraps around to the first
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("listbox")).to_be_hidden()

    box.press("ArrowDown")  # opens the list again
    expect(options).to_have_count(2)
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Officer Garrett Crumby")
    assert not blocked, blocked


def test_it_offers_a_correction_when_nothing_matches(page, crumby):
    page.goto("/heroes/?q=krumbeyy")
    expect(page.locator("p.count")).to_contain_text("0 heroes")
    page.get_by_role("link", name="crumby").click()
    expect(page.get_by_role("link", name="Officer Garrett Crumby")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
