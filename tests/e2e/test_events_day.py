"""The day of a run, in a real browser: register on a phone, check in at the desk, keep silence."""

import re

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_run(db):
    from memorialmiles.events import demo

    demo.huntsville_run()
    return demo.upcoming_run()


def test_it_registers_for_the_demo_run_on_a_phone(phone, demo_run):
    from memorialmiles.events.models import Registration

    phone.goto("/events/")
    phone.get_by_role("link", name=demo_run.title).click()
    phone.get_by_role("link", name="Register").click()
    phone.get_by_label("First name").fill("Sample")
    phone.get_by_label("Last name").fill("Runner 99")
    phone.get_by_label("Email").fill("sample.runner99@example.com")
    phone.get_by_label("Emergency contact").fill("Sample Contact")
    phone.get_by_label("Emergency phone").fill("555-0100")
    phone.get_by_role("button", name="Register").click()
    expect(phone.locator(".error").first).to_be_visible()
    expect(
        phone.get_by_text("Please read the waiver and tick the box to accept it.")
    ).to_be_visible()
    phone.get_by_label("I have read and accept the waiver above").check()
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("You are registered")
    expect(phone.locator(".qr svg")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    registration = Registration.objects.get(last_name="Runner 99")
    assert registration.waiver_version == "demo-1"
    assert phone.locator(".bib").inner_text() == str(registration.bib)


def test_it_checks_a_runner_in_at_the_desk(phone, demo_run, val):
    from memorialmiles.events.models import Registration

    log_in(phone, "val")
    phone.goto(f"/events/{demo_run.pk}/desk/")
    expect(phone.get_by_role("status")).to_contain_text("0 of 12 checked in")
    phone.get_by_placeholder("Name or bib").fill("runner 12")
    phone.get_by_role("button", name="Find").click()
    phone.get_by_role("button", name="Check in Sample").click()
    expect(phone.get_by_text(re.compile(r"Checked in Sample Runner 12, bib \d+\."))).to_be_visible()
    expect(phone.locator(".desk-count")).to_contain_text("1 of 12 checked in")
    assert Registration.objects.get(last_name="Runner 12").checked_in_by.username == "val"


def test_it_counts_the_moment_of_silence_offline(phone, demo_run):
    from memorialmiles.events.demo import HUNTSVILLE_TITLE
    from memorialmiles.events.models import Event

    run = Event.objects.get(title=HUNTSVILLE_TITLE)
    phone.clock.install()
    phone.goto(f"/events/{run.pk}/silence/")
    button = phone.get_by_role("button", name=re.compile("Tap to begin 21 seconds of silence"))
    expect(button).to_be_visible()
    expect(phone.get_by_text("Officer Garrett Crumby")).to_be_visible()
    phone.context.set_offline(True)
    button.click()
    expect(phone.locator("#label")).to_have_text("Silence")
    phone.clock.run_for(10_000)
    expect(phone.locator("#count")).to_have_text("11")
    phone.clock.run_for(11_500)
    expect(phone.locator("#count")).to_have_text("0")
    expect(phone.locator("#label")).to_have_text("Thank you")
    size = phone.locator("#count").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size > 150


def test_it_plans_a_mile_from_the_backlog_in_few_clicks(page, alice, make_hero):
    from memorialmiles.events.models import Event

    hero = make_hero(None, first_name="Waiting", last_name="Hero", state="TX")
    log_in(page, "alice")
    clicks = 0
    page.goto("/backlog/")
    page.get_by_role("button", name=f"Plan a mile for {hero.display_name}").click()
    clicks += 1
    expect(page.get_by_role("heading", level=1)).to_contain_text("Memorial mile for")
    page.get_by_label("Starts at (local time at the event)").fill("2030-05-04T08:00")
    page.get_by_role("button", name="Save and publish").click()
    clicks += 1
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Memorial mile for Officer Waiting Hero"
    )
    expect(page.get_by_text("Saturday, May 4, 2030, 8:00 AM CDT")).to_be_visible()
    assert clicks == 2
    event = Event.objects.get()
    assert (event.status, event.time_zone) == ("scheduled", "America/Chicago")
