"""Demo data for the honor roll: the Huntsville story and a few hundred bundled heroes.

Facts about Officer Crumby come only from the project's demo facts (the seed story and public
news reports); nothing is invented about a real person. Safe to run again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from memorialmiles.honors.importer import import_heroes
from memorialmiles.honors.models import Agency, Hero
from memorialmiles.registry import normalise_agency

FIXTURES = Path(__file__).parent / "fixtures"


def huntsville_police() -> Agency:
    agency, _ = Agency.objects.update_or_create(
        country="US",
        state="AL",
        key=normalise_agency("Huntsville Police Department"),
        defaults={
            "name": "Huntsville Police Department",
            "kind": "police",
            "city": "Huntsville",
            "identifier": "AL0470100",
            "latitude": 34.764238,
            "longitude": -86.55108,
        },
    )
    return agency


def crumby() -> Hero:
    agency = huntsville_police()
    hero = Hero.objects.filter(first_name="Garrett", last_name="Crumby", agency=agency).first()
    if hero is None:
        hero = Hero.objects.create(
            rank="Officer",
            first_name="Garrett",
            last_name="Crumby",
            service="police",
            agency=agency,
            state="AL",
            country="US",
            end_of_watch=dt.date(2023, 3, 28),
            cause="Gunfire",
        )
    return hero


def load(stdout) -> None:
    report = import_heroes(FIXTURES / "demo_heroes_538.csv", format="odmp-538-clean")
    stdout.write(f"Honor roll: {report.summary()}")
    hero = crumby()
    stdout.write(f"Huntsville: {hero.display_name}, {hero.agency}")
