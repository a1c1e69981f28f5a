"""Ten Alabama and Tennessee agencies with coordinates, each with a hero waiting for a mile."""

from __future__ import annotations

import datetime as dt

import pytest

PLACES = [
    ("Huntsville Police Department", 34.7304, -86.5861, "AL"),
    ("Decatur Police Department", 34.6059, -86.9833, "AL"),
    ("Florence Police Department", 34.7998, -87.6773, "AL"),
    ("Birmingham Police Department", 33.5186, -86.8104, "AL"),
    ("Montgomery Police Department", 32.3792, -86.3077, "AL"),
    ("Mobile Police Department", 30.6954, -88.0399, "AL"),
    ("Tuscaloosa Police Department", 33.2098, -87.5692, "AL"),
    ("Metro Nashville Police Department", 36.1627, -86.7816, "TN"),
    ("Chattanooga Police Department", 35.0456, -85.3097, "TN"),
    ("Memphis Police Department", 35.1495, -90.0490, "TN"),
]


@pytest.fixture(autouse=True)
def quick_solver(settings):
    settings.TOURS_SOLVER_SECONDS = 0.3


@pytest.fixture
def ten_agencies(db, make_hero):
    from memorialmiles.honors.models import Agency

    agencies = []
    for i, (name, lat, lon, state) in enumerate(PLACES):
        agency = Agency.objects.create(
            name=name, key=name.lower(), state=state, latitude=lat, longitude=lon, kind="police"
        )
        make_hero(
            agency,
            first_name=f"Hero{i}",
            last_name=name.split()[0],
            end_of_watch=dt.date(2024, 1, 1 + i),
        )
        agencies.append(agency)
    return agencies


@pytest.fixture
def tour(alice, ten_agencies):
    from memorialmiles.tourplans import services

    stops = services.backlog_by_agency([a.pk for a in ten_agencies[:5]], [])
    fields = {
        "name": "Alabama spring",
        "start_name": "Huntsville",
        "start_lat": 34.73,
        "start_lon": -86.59,
        "start_date": dt.date(2027, 3, 1),
        "miles_per_day": 300,
        "rest_every": 4,
        "max_drive_hours": 6,
    }
    return services.create_tour(fields, stops, alice)
