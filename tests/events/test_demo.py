import io

import pytest
from django.core.management import call_command

from memorialmiles.events import demo
from memorialmiles.events.models import Event, MemorialItem, Registration

pytestmark = pytest.mark.django_db


def test_it_loads_the_huntsville_run_from_the_facts_twice_without_doubling(client):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    run = Event.objects.get(title=demo.HUNTSVILLE_TITLE)
    assert run.local_start.date().isoformat() == "2023-04-22"
    assert run.time_zone == "America/Chicago"
    assert run.status == "finished"
    assert run.course.illustrative is True
    assert 1400 < run.course.distance_m < 1800
    assert [str(a) for a in run.partner_agencies.all()] == ["Huntsville Police Department, AL"]
    (d,) = run.dedications.all()
    assert d.hero.display_name == "Officer Garrett Crumby"
    flag = MemorialItem.objects.get(event=run)
    assert (flag.kind, flag.status, flag.recipient, flag.dedication) == (
        "flag",
        "presented",
        "the Crumby family",
        d,
    )
    assert run.program.get(kind="silence").silence_seconds == 21
    assert run.injured.get().name == "Officer Albert Morin"
    upcoming = Event.objects.get(title=demo.UPCOMING_TITLE)
    assert upcoming.registrations.count() == 12
    assert Registration.objects.filter(last_name="Runner 12").exists()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Saturday, April 22, 2023" in page
    assert "Flag carried during" not in page  # no invented wording
    assert "presented in person to the Crumby family" in page
    assert "Illustrative course" in page
    assert "recovering at the time of the run" in page
    api = client.get("/api/v1/events").json()
    titles = {i["title"]: i for i in api["items"]}
    assert titles[demo.HUNTSVILLE_TITLE]["starts_at"].startswith("2023-04-22T")
    assert titles[demo.HUNTSVILLE_TITLE]["starts_at"].endswith("-05:00")


def test_it_runs_in_the_demo_command(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "Events: Memorial mile for Officer Garrett Crumby, 2023-04-22 (America/Chicago)" in (
        out.getvalue()
    )
