import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_searches_the_wall_and_opens_a_hero(page, crumby, make_hero):
    make_hero(None, first_name="Ann", last_name="Other", state="TX")
    page.goto("/heroes/")
    page.get_by_label("Name or agency").fill("crum")
    page.get_by_label("Name or agency").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 hero matching")
    page.get_by_role("link", name="Officer Garrett Crumby").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Officer Garrett Crumby")
    expect(page.get_by_text("Tuesday, March 28, 2023")).to_be_visible()


def test_it_can_be_used_with_a_keyboard_on_a_phone(phone, crumby):
    phone.goto("/heroes/")
    phone.keyboard.press("Tab")
    skip = phone.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    phone.keyboard.press("Enter")
    expect(phone.locator("main")).to_be_focused()
    # Nothing spills sideways on a 390-pixel screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert phone.get_by_role("banner").count() == 1
    assert phone.get_by_role("main").count() == 1
    assert phone.get_by_role("contentinfo").count() == 1
