import datetime as dt

import pytest
from django.db import IntegrityError

from memorialmiles.events.models import Dedication, Event, Registration

pytestmark = pytest.mark.django_db


def test_it_stores_utc_and_shows_the_events_zone(scheduled_run):
    scheduled_run.refresh_from_db()
    assert scheduled_run.starts_at == dt.datetime(2030, 4, 20, 13, 0, tzinfo=dt.UTC)
    assert scheduled_run.local_start.hour == 8
    assert scheduled_run.zone_abbreviation == "CDT"


def test_it_keeps_bibs_unique_per_event_in_the_database(scheduled_run):
    Registration.objects.create(event=scheduled_run, first_name="A", last_name="B", bib=7)
    with pytest.raises(IntegrityError):
        Registration.objects.create(event=scheduled_run, first_name="C", last_name="D", bib=7)


def test_it_allows_the_same_bib_on_another_event(scheduled_run):
    other = Event.objects.create(title="Other", status="scheduled")
    Registration.objects.create(event=scheduled_run, first_name="A", last_name="B", bib=7)
    Registration.objects.create(event=other, first_name="C", last_name="D", bib=7)


def test_it_lets_one_mile_honor_several_heroes_and_a_hero_be_honored_twice(
    scheduled_run, make_hero, crumby
):
    other = make_hero(None, first_name="Ann", last_name="Other")
    Dedication.objects.create(event=scheduled_run, hero=other, mile=1095)
    assert scheduled_run.dedications.filter(mile=1095).count() == 2
    second = Event.objects.create(title="Second run", status="scheduled")
    Dedication.objects.create(event=second, hero=crumby, mile=1200)
    assert sorted(crumby.dedications.values_list("mile", flat=True)) == [1095, 1200]


def test_it_reads_the_intro(scheduled_run):
    d = scheduled_run.dedications.get()
    assert d.intro == (
        "Running for Officer Garrett Crumby, Huntsville Police Department, "
        "end of watch March 28, 2023"
    )
