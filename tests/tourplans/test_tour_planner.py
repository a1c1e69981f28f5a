"""The organizer's planner: a tour from the backlog, edits re-solved, exports, proposed runs."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from icalendar import Calendar

from memorialmiles.events.models import Event, EventStatus
from memorialmiles.tourplans import services
from memorialmiles.tourplans.models import Tour, TourStop


def days_of(tour):
    tour.refresh_from_db()
    return services.planned_dates(tour)


def test_it_plans_every_stop_from_the_backlog(client, alice, ten_agencies):
    client.force_login(alice)
    page = client.get("/tours/new/?state=AL").content.decode()
    assert "Mobile Police Department" in page and "Memphis" not in page
    data = {
        "name": "Spring",
        "start_name": "Huntsville",
        "start_lat": "34.73",
        "start_lon": "-86.59",
        "start_date": "2027-03-01",
        "miles_per_day": "400",
        "rest_every": "7",
        "max_drive_hours": "8",
        "agencies": [a.pk for a in ten_agencies[:9]],
        "heroes": [ten_agencies[9].heroes.get().pk],
    }
    response = client.post("/tours/new/", data)
    tour = Tour.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tours/{tour.pk}/"
    assert tour.stops.count() == 10
    assert len(days_of(tour)) == 10 and tour.plan["unplanned"] == []
    page = client.get(f"/tours/{tour.pk}/").content.decode()
    assert "Memphis Police Department" in page and "tour-map-data" in page
    assert "Honoring Officer Hero9 Memphis" in page


def test_it_refuses_an_empty_choice_and_bad_limits(client, alice, ten_agencies):
    client.force_login(alice)
    page = client.post(
        "/tours/new/",
        {
            "name": "x",
            "start_name": "y",
            "start_lat": "95",
            "start_lon": "-86",
            "start_date": "2027-03-01",
            "miles_per_day": "0",
            "rest_every": "1",
            "max_drive_hours": "30",
        },
    ).content.decode()
    for message in (
        "Pick at least one agency or hero",
        "between -90 and 90",
        "Between 1 and 2,000 miles",
        "0 for no rest days, or 2 to 60",
        "at most 24 hours",
    ):
        assert message in page
    assert not Tour.objects.exists()


def test_moving_pinning_and_dropping_re_solve_the_rest(client, alice, tour):
    client.force_login(alice)
    mobile = tour.stops.get(agency__name__startswith="Montgomery")
    url = f"/tours/{tour.pk}/stops/{mobile.pk}/"
    client.post(url, {"action": "move", "day": "2027-03-10"})
    assert days_of(tour)[mobile.key] == dt.date(2027, 3, 10)
    assert TourStop.objects.get(pk=mobile.pk).pinned
    client.post(url, {"action": "drop"})
    assert mobile.key not in days_of(tour)
    assert {"id": mobile.key, "reason": services.DROPPED} in tour.plan["unplanned"]
    assert len(days_of(tour)) == 4
    client.post(url, {"action": "restore"})
    client.post(url, {"action": "unpin"})
    assert mobile.key in days_of(tour) and not TourStop.objects.get(pk=mobile.pk).pinned


def test_a_window_that_cannot_be_met_is_listed_with_its_reason(client, alice, tour):
    client.force_login(alice)
    stop = tour.stops.first()
    response = client.post(
        f"/tours/{tour.pk}/stops/{stop.pk}/",
        {"action": "window", "earliest": "2027-03-04", "latest": "2027-03-04"},
    )
    assert response.status_code == 302
    reasons = {u["id"]: u["reason"] for u in Tour.objects.get().plan["unplanned"]}
    assert "only rest days" in reasons[stop.key]  # day 4 rests
    page = client.post(
        f"/tours/{tour.pk}/stops/{stop.pk}/",
        {"action": "window", "earliest": "2027-03-09", "latest": "2027-03-02"},
        follow=True,
    ).content.decode()
    assert "comes after its last" in page


def test_the_exports_hold_each_day(client, alice, tour):
    client.force_login(alice)
    cal = Calendar.from_ical(client.get(f"/tours/{tour.pk}/tour.ics").content)
    events = cal.walk("VEVENT")
    assert len(events) == 5
    assert {str(e["summary"]).removeprefix("Memorial mile: ") for e in events} == {
        str(s.agency) for s in tour.stops.all()
    }
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get(f"/tours/{tour.pk}/tour.csv").streaming_content).decode()
            )
        )
    )
    assert [r["date"] for r in rows][0] == "2027-03-01"
    assert sum(1 for r in rows if r["stop"]) == 5
    assert any(r["rest"] == "yes" for r in rows)


def test_it_makes_one_proposed_run_per_stop_once(client, alice, tour):
    client.force_login(alice)
    client.post(f"/tours/{tour.pk}/propose/")
    runs = Event.objects.filter(status=EventStatus.PROPOSED)
    assert runs.count() == 5
    dates = days_of(tour)
    for stop in tour.stops.select_related("event"):
        assert stop.event.local_start.date() == dates[stop.key]
        assert not stop.event.start_time_known
        assert list(stop.event.dedications.values_list("hero", flat=True)) == list(
            stop.heroes.values_list("pk", flat=True)
        )
    client.post(f"/tours/{tour.pk}/propose/")
    assert Event.objects.count() == 5


@pytest.mark.parametrize("path", ["/tours/", "/tours/new/", "/tours/{id}/", "/tours/{id}/tour.csv"])
def test_strangers_and_liaisons_are_refused(client, charlie, liam, tour, path):
    url = path.format(id=tour.pk)
    assert client.get(url).status_code == 302
    for user in (charlie, liam):
        client.force_login(user)
        assert client.get(url).status_code == 403
    assert client.post(f"/tours/{tour.pk}/propose/").status_code == 403
    assert not Event.objects.exists()


def test_an_agency_without_coordinates_is_placed_at_its_city_centre(alice, make_hero):
    from memorialmiles.honors.models import Agency

    city = Agency.objects.create(
        name="Madison County Sheriff", key="mcso", state="AL", city="Huntsville", kind="sheriff"
    )
    hamlet = Agency.objects.create(
        name="Tiny Town Marshal", key="ttm", state="AL", city="Nowhere Hollow", kind="police"
    )
    for agency in (city, hamlet):
        make_hero(agency, last_name=agency.key)
    stops = services.backlog_by_agency([city.pk, hamlet.pk], [])
    fields = {
        "name": "t",
        "start_name": "Birmingham",
        "start_lat": 33.52,
        "start_lon": -86.81,
        "start_date": dt.date(2027, 3, 1),
    }
    tour = services.create_tour(fields, stops, alice)
    by_agency = {s.agency_id: s.key for s in tour.stops.all()}
    assert by_agency[city.pk] in days_of(tour)
    # Birmingham to Huntsville's centre (34.73, -86.59): ~135 km geodesic x 1.25
    assert 150 < tour.plan["total_drive_km"] < 190
    assert {"id": by_agency[hamlet.pk], "reason": services.NO_PLACE} in tour.plan["unplanned"]
