"""In a real browser: an organizer plans a tour of ten agencies from the backlog, sees it on
the map and the list, moves a stop, and turns the tour into proposed runs in one step."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PLACES = [
    ("Huntsville Police Department", 34.7304, -86.5861),
    ("Decatur Police Department", 34.6059, -86.9833),
    ("Florence Police Department", 34.7998, -87.6773),
    ("Birmingham Police Department", 33.5186, -86.8104),
    ("Montgomery Police Department", 32.3792, -86.3077),
    ("Mobile Police Department", 30.6954, -88.0399),
    ("Tuscaloosa Police Department", 33.2098, -87.5692),
    ("Dothan Police Department", 31.2232, -85.3905),
    ("Auburn Police Department", 32.6099, -85.4808),
    ("Gadsden Police Department", 34.0143, -86.0066),
]


def test_it_plans_ten_agencies_and_proposes_their_runs(page, alice, make_hero, settings):
    from memorialmiles.events.models import Event, EventStatus
    from memorialmiles.honors.models import Agency
    from memorialmiles.tourplans.models import Tour

    settings.TOURS_SOLVER_SECONDS = 0.5
    for i, (name, lat, lon) in enumerate(PLACES):
        agency = Agency.objects.create(
            name=name, key=name.lower(), state="AL", kind="police", latitude=lat, longitude=lon
        )
        make_hero(
            agency,
            first_name=f"Hero{i}",
            last_name=name.split()[0],
            end_of_watch=dt.date(2024, 2, 1 + i),
        )

    log_in(page, "alice")
    page.get_by_role("link", name="Tours").click()
    page.get_by_role("link", name="Plan a new tour").click()
    page.get_by_label("Name").fill("Alabama, spring 2027")
    page.get_by_label("Start place").fill("Huntsville")
    page.get_by_label("Start latitude").fill("34.73")
    page.get_by_label("Start longitude").fill("-86.59")
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_label("Most driving hours a day").fill("5")
    for name, _, _ in PLACES:
        page.get_by_label(name, exact=False).first.check()
    page.get_by_role("button", name="Plan the tour").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Alabama, spring 2027").is_visible()
    rows = page.locator("table.tour-days tbody tr")
    assert rows.count() >= 10
    for name, _, _ in PLACES:
        assert page.locator("table.tour-days", has_text=name).count() == 1
    # the map drew one numbered pin per stop (Leaflet loaded from our static files)
    page.wait_for_selector(".tour-pin")
    assert page.locator(".tour-pin").count() == 10

    # move Mobile to day 12 by hand: the rest is solved again around it
    tour = Tour.objects.get()
    mobile = tour.stops.get(agency__name__startswith="Mobile")
    page.locator(f"#day-{mobile.pk}").fill("2027-03-12")
    page.locator(f"form[action$='/stops/{mobile.pk}/'] button[value=move]").click()
    page.wait_for_load_state()
    assert page.get_by_text("solved again").is_visible()
    row = page.locator("table.tour-days tbody tr", has_text="Mobile Police Department")
    assert "2027-03-12" in row.inner_text() and "(pinned)" in row.inner_text()

    page.get_by_role("button", name="Turn into proposed runs").click()
    page.wait_for_load_state()
    assert page.get_by_text("10 proposed runs made.").is_visible()
    runs = Event.objects.filter(status=EventStatus.PROPOSED)
    assert runs.count() == 10
    mobile.refresh_from_db()
    assert mobile.event.local_start.date() == dt.date(2027, 3, 12)
    assert page.get_by_role("link", name="Proposed run").count() == 10
