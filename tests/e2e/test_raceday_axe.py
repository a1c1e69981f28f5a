"""axe-core over every race-day screen of issue 9, on a phone and on a desktop.

The screens are walked the way the day goes, each loaded once per viewport: a volunteer signs
in by PIN and works the desk (its roster loaded, offline with a check-in waiting, the walk-up
form, the waiver dialog); a timer phone joins, before and after the start signal, with its
correction and missed-runner boxes open; the lead reviews the corrections; results on a phone
and on the projector; the moment of silence upright and sideways, before and during the count;
the ceremony view; a course picked or uploaded from the run's edit page; the course's map.

Each screen's violations are gathered and the test fails once, listing every rule, element and
screen, so one run shows all there is to fix. No rule is turned off. The only element left out
is OpenStreetMap's tile layer of the course map (``TILE_LAYER``): its images are third-party
drawings with no text for a screen reader, and the page describes the course in words beside
the map (``#course-map-text``, which the map points at with aria-describedby).
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from tests.e2e.conftest import PHONE, log_in
from tests.e2e.test_courses_upload import TILE, course, gpx_file, media  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PORTRAIT = {"width": 390, "height": 844}
LANDSCAPE = {"width": 844, "height": 390}
TILES = re.compile(r"https://tile\.openstreetmap\.org/.*")
# OpenStreetMap's tiles are images drawn by a third party, described in words next to the map.
TILE_LAYER = ".leaflet-tile-pane"

AXE = Axe()


@pytest.fixture(autouse=True)
def _once_per_ci_run():
    """Same templates on both databases: audited on the SQLite pass only, like the others."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("accessibility audit runs on the SQLite pass (same templates on both)")


@pytest.fixture
def race(course, alice, val):  # noqa: F811
    """A run today with a course, a hero, a program with a silence, and five runners."""
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from tests.timing.timingkit import make_event

    from memorialmiles.core.roles import GROUP_NAMES
    from memorialmiles.events.models import Dedication, ProgramItem
    from memorialmiles.honors.models import Hero

    for name in GROUP_NAMES.values():
        Group.objects.get_or_create(name=name)
    event = make_event(
        title="Race day audit mile",
        starts_at=timezone.now(),
        status="live",
        first_bib=100,
        waiver_text="I take part at my own risk.",
        waiver_version="v3",
        course=course,
    )
    hero = Hero.objects.create(rank="Sergeant", first_name="Maria", last_name="Delacroix",
                               service="police", state="AL")  # fmt: skip
    Dedication.objects.create(event=event, hero=hero, mile=7)
    for order, (kind, title) in enumerate(
        [("intro", "Welcome"), ("mile", "The mile"), ("silence", "Moment of silence")]
    ):
        ProgramItem.objects.create(event=event, order=order, kind=kind, title=title,
                                   silence_seconds=21)  # fmt: skip
    return event


class Audit:
    """Runs axe on each screen and keeps what it found, to fail once with the whole list."""

    def __init__(self, viewport: str):
        self.viewport = viewport
        self.screens: list[str] = []
        self.found: list[str] = []

    def __call__(self, page, screen: str, exclude: list[str] | None = None) -> None:
        context = {"exclude": [[s] for s in exclude]} if exclude else None
        results = AXE.run(page, context=context)
        self.screens.append(screen)
        for violation in results.response["violations"]:
            for node in violation["nodes"]:
                self.found.append(
                    f"[{screen}, {self.viewport}] {violation['id']} ({violation['impact']}): "
                    f"{violation['help']}\n      at {' '.join(node['target'])}: "
                    f"{node['failureSummary'].splitlines()[-1].strip()}\n"
                    f"      {node['html'][:160]}"
                )

    def check(self) -> None:
        assert not self.found, f"{len(self.found)} axe violations:\n  " + "\n  ".join(self.found)


def new_page(browser, live_server, phone: bool, **extra):
    options = PHONE if phone else DESKTOP
    context = browser.new_context(base_url=live_server.url, **{**options, **extra})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.route(TILES, lambda r: r.fulfill(status=200, content_type="image/png", body=TILE))
    return page


def desk_screens(audit, page, race) -> None:
    from memorialmiles.raceday.pins import make_pin

    desk_pin = make_pin(race, "desk")
    page.goto("/volunteer/")
    audit(page, "volunteer PIN entry")
    page.get_by_label("PIN").fill(desk_pin.text)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/events/{race.pk}/desk/")
    expect(page.locator("#desk-app[data-loaded='1']")).to_be_attached()
    expect(page.locator("html[data-offline-ready='1']")).to_be_attached()
    audit(page, "desk, roster loaded")

    page.context.set_offline(True)
    expect(page.locator("#desk-online")).to_contain_text("Offline")
    page.get_by_role("button", name="Check in Ann", exact=True).click()
    expect(page.locator("#desk-queued")).to_have_text("1")
    audit(page, "desk, offline with a check-in waiting")

    page.get_by_text("Walk-up registration").click()
    page.locator("#wu-age").fill("15")  # a minor: the guardian's field shows
    expect(page.locator("#walk-up-form").get_by_label("Guardian's name")).to_be_visible()
    audit(page, "walk-up form")
    page.locator("#walk-up-form").get_by_role("button", name="Register and check in").click()
    expect(page.locator("#wu-error")).not_to_be_empty()
    audit(page, "walk-up form with an error")

    page.get_by_role("button", name="Sign waiver for Bo").click()
    expect(page.locator("#waiver-dialog")).to_be_visible()
    audit(page, "waiver signing")
    page.get_by_role("button", name="Cancel").click()
    page.context.set_offline(False)

    page.goto("/volunteer/")
    audit(page, "volunteer page, signed in")
    page.goto(f"/events/{race.pk}/")
    expect(page.get_by_role("heading", name="Race day screens")).to_be_visible()
    audit(page, "run page with the desk's links", exclude=[TILE_LAYER])
    page.goto("/offline/")
    audit(page, "offline page")
    link = make_pin(race, "ceremony").path
    page.goto(link)
    audit(page, "volunteer link (QR code)")


def timer_screens(audit, page, race) -> None:
    from memorialmiles.raceday.pins import make_pin

    page.goto("/volunteer/")
    page.get_by_label("PIN").fill(make_pin(race, "timer").text)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/timing/events/{race.pk}/timer/")
    expect(page.locator("#timer[data-ready='1']")).to_be_attached()
    expect(page.locator("#race-clock")).to_have_text("Not started")
    audit(page, "timer before the start signal")

    page.get_by_role("button", name="Start signal now").click()
    expect(page.locator("#race-clock")).to_have_text(re.compile(r"\d+:\d\d\.\d"))
    finish = page.get_by_role("button", name="Finish", exact=True)
    for _ in range(3):
        finish.click()
    page.get_by_label("Bib", exact=True).fill("1")
    page.get_by_role("button", name="Add bib").click()
    expect(page.locator("#recent li", has_text="#2 Finish")).to_contain_text("bib 1")
    audit(page, "timer after the start signal, with taps")

    page.get_by_role("button", name="Correct #3").click()
    expect(page.locator("#correct-box")).to_be_visible()
    audit(page, "timer correction of a tap")
    page.get_by_label("Why").fill("Tapped twice")
    page.get_by_role("button", name="Delete this tap").click()
    expect(page.locator("#recent")).to_contain_text("Deleted #3: Tapped twice")
    page.get_by_role("button", name="Correct #2").click()
    page.get_by_label("Right bib").fill("2")
    page.get_by_role("button", name="Save bib").click()  # no reason given: the box says so
    expect(page.locator("#correct-error")).not_to_be_empty()
    audit(page, "timer correction with an error")
    page.get_by_label("Why").fill("Bib read out wrong")
    page.get_by_role("button", name="Save bib").click()
    expect(page.locator("#recent")).to_contain_text("bib 2 (fixed)")
    page.get_by_text("Add a missed runner").click()
    expect(page.locator("#insert-bib")).to_be_visible()
    audit(page, "timer, adding a missed runner")
    expect(page.locator("#queued-count")).to_have_text("0", timeout=15_000)
    page.goto("about:blank")  # the phone stops polling


def lead_screens(audit, page, race) -> None:
    log_in(page, "alice")
    for screen, url in [
        ("desk, the server's search (as the page comes)", f"/events/{race.pk}/desk/?q=Ann"),
        ("timing review with corrections", f"/timing/events/{race.pk}/review/"),
        ("timing lead", f"/timing/events/{race.pk}/"),
        ("volunteer PINs and QR codes", f"/events/{race.pk}/volunteers/"),
        ("ceremony view", f"/events/{race.pk}/ceremony/"),
        ("run edit with its course pick", f"/events/{race.pk}/edit/"),
        ("course upload for the run", f"/courses/new/?event={race.pk}"),
    ]:
        response = page.goto(url)
        assert response.status == 200, (screen, url, response.status)
        if screen.startswith("timing review"):
            expect(page.locator("#corrections")).to_contain_text("Tapped twice")
        audit(page, screen)
    page.get_by_role("button", name="Upload and measure").click()  # nothing chosen: errors
    expect(page.locator("[aria-invalid=true]").first).to_be_attached()
    audit(page, "course upload for the run, with errors")


def public_screens(audit, page, race) -> None:
    page.goto(f"/events/{race.pk}/results/?q=a")
    audit(page, "results, searched")
    page.goto(f"/events/{race.pk}/results/?view=projector")
    audit(page, "results on the projector")
    page.goto(f"/courses/{race.course_id}/")
    expect(page.locator("#course-leaflet")).to_be_visible()
    audit(page, "course page with its map", exclude=[TILE_LAYER])


def silence_screens(audit, page, race, sizes) -> None:
    for name, size in sizes:
        page.set_viewport_size(size)
        page.goto(f"/events/{race.pk}/silence/?seconds=21")
        audit(page, f"silence {name}, before the count")
        page.locator("#silence").click()
        expect(page.locator("#silence[data-running='1']")).to_be_attached()
        audit(page, f"silence {name}, during the count")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_race_day_screen_passes_axe(browser, live_server, race, viewport):
    phone = viewport == "phone"
    audit = Audit(viewport)
    volunteer = new_page(browser, live_server, phone)
    desk_screens(audit, volunteer, race)
    volunteer.context.close()

    timer = new_page(browser, live_server, phone)
    timer_screens(audit, timer, race)
    public_screens(audit, timer, race)
    if phone:
        silence_screens(audit, timer, race, [("portrait", PORTRAIT), ("landscape", LANDSCAPE)])
    else:
        silence_screens(audit, timer, race, [("desktop", DESKTOP["viewport"])])
    timer.context.close()

    lead = new_page(browser, live_server, phone)
    lead_screens(audit, lead, race)
    lead.context.close()

    assert len(audit.screens) >= 25, audit.screens
    audit.check()
