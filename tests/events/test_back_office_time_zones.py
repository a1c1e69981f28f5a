"""The back office reads and shows a run's times in the run's own zone, on both DST days.

America/Chicago springs forward on 2026-03-08 (02:00 CST -> 03:00 CDT) and falls back on
2026-11-01 (02:00 CDT -> 01:00 CST). A time the clocks skip or repeat is refused with a message.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from events.adminkit import event_post, management
from memorialmiles.events.models import Event, MemorialItem, ProgramItem

pytestmark = pytest.mark.django_db

UTC = dt.UTC
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def root(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return user


def _add(client, **fields) -> Event | None:
    response = client.post("/admin/events/event/add/", event_post(**fields))
    if response.status_code != 302:
        return None
    return Event.objects.get(title=fields.get("title", "Memorial mile"))


@pytest.mark.parametrize(
    ("day", "typed", "stored", "shown"),
    [
        ("2026-03-08", "08:00", dt.datetime(2026, 3, 8, 13, 0, tzinfo=UTC), "08:00 CDT"),
        ("2026-03-08", "01:30", dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC), "01:30 CST"),
        ("2026-11-01", "08:00", dt.datetime(2026, 11, 1, 14, 0, tzinfo=UTC), "08:00 CST"),
    ],
)
def test_it_reads_a_new_runs_time_in_its_own_zone(client, root, day, typed, stored, shown):
    event = _add(client, starts_at_0=day, starts_at_1=typed)
    assert event is not None
    assert event.starts_at == stored
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert f'name="starts_at_0" value="{day}"' in page
    assert f'name="starts_at_1" value="{typed}:00"' in page
    assert "America/Chicago" in page
    listing = client.get("/admin/events/event/").content.decode()
    assert f"{day} {shown}" in listing


def test_it_reads_the_time_in_the_zone_typed_in_the_same_form(client, root):
    event = _add(
        client,
        time_zone="America/Los_Angeles",
        starts_at_0="2026-11-01",
        starts_at_1="08:00",
    )
    assert event.starts_at == dt.datetime(2026, 11, 1, 16, 0, tzinfo=UTC)
    response = client.post(
        f"/admin/events/event/{event.pk}/change/",
        event_post(time_zone="America/New_York", starts_at_0="2026-11-01", starts_at_1="08:00"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.time_zone, event.starts_at) == (
        "America/New_York",
        dt.datetime(2026, 11, 1, 13, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("day", "typed", "words"),
    [
        ("2026-03-08", "02:30", "does not exist in America/Chicago"),
        ("2026-11-01", "01:30", "happens twice in America/Chicago (CDT, then CST)"),
    ],
)
def test_it_refuses_an_hour_the_clocks_skip_or_repeat(client, root, day, typed, words):
    response = client.post(
        "/admin/events/event/add/", event_post(starts_at_0=day, starts_at_1=typed)
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Event.objects.exists()


def test_it_reads_and_shows_memorial_item_dates_in_the_runs_zone(client, root):
    event = Event.objects.create(
        title="Memorial mile",
        time_zone="America/Chicago",
        starts_at=dt.datetime(2026, 11, 1, 8, 0, tzinfo=CHICAGO),
        status="scheduled",
    )
    data = event_post(starts_at_0="2026-11-01", starts_at_1="08:00")
    data.update(management("memorial_items", total=1))
    data.update(
        {
            "memorial_items-0-kind": "flag",
            "memorial_items-0-status": "presented",
            "memorial_items-0-recipient_kind": "family",
            "memorial_items-0-presented_at_0": "2026-03-08",
            "memorial_items-0-presented_at_1": "08:00",
        }
    )
    response = client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302
    item = MemorialItem.objects.get()
    assert item.presented_at == dt.datetime(2026, 3, 8, 13, 0, tzinfo=UTC)
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="memorial_items-0-presented_at_1" value="08:00:00"' in page
    page = client.get(f"/admin/events/memorialitem/{item.pk}/change/").content.decode()
    assert 'name="presented_at_1" value="08:00:00"' in page


def test_it_refuses_a_memorial_item_date_in_the_repeated_hour(client, root):
    event = Event.objects.create(title="Memorial mile", time_zone="America/Chicago")
    data = event_post()
    data.update(management("memorial_items", total=1))
    data.update(
        {
            "memorial_items-0-kind": "flag",
            "memorial_items-0-status": "presented",
            "memorial_items-0-recipient_kind": "family",
            "memorial_items-0-presented_at_0": "2026-11-01",
            "memorial_items-0-presented_at_1": "01:30",
        }
    )
    response = client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 200
    assert "happens twice" in response.content.decode()
    assert not MemorialItem.objects.filter(event=event).exists()


def test_it_plans_the_program_in_elapsed_minutes_across_the_change(client, root):
    # 00:50 CDT, then 70 minutes: the clocks fell back meanwhile, so it is 01:00 CST.
    event = Event.objects.create(
        title="Night mile",
        time_zone="America/Chicago",
        starts_at=dt.datetime(2026, 11, 1, 5, 50, tzinfo=UTC),
        status="scheduled",
    )
    item = ProgramItem.objects.create(
        event=event, kind="silence", title="Silence", offset_minutes=70
    )
    assert item.planned_at.astimezone(UTC) == dt.datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    assert item.planned_at.tzname() == "CST"
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "2026-11-01 01:00 CST" in page
    assert "1:00 AM" in client.get(event.get_absolute_url()).content.decode()


def test_it_shows_timing_rows_in_the_runs_zone(client, root):
    from memorialmiles.results import to_us
    from memorialmiles.timing.models import StartSignal

    event = Event.objects.create(title="Memorial mile", time_zone="America/Chicago")
    StartSignal.objects.create(
        event=event, gun_time_us=to_us(dt.datetime(2026, 3, 8, 13, 0, 5, tzinfo=UTC))
    )
    listing = client.get("/admin/timing/startsignal/").content.decode()
    assert "2026-03-08 08:00:05 CDT" in listing


def test_it_shows_a_check_in_in_the_runs_zone(client, root):
    from memorialmiles.events.models import Registration

    event = Event.objects.create(title="Memorial mile", time_zone="America/Chicago")
    registration = Registration.objects.create(
        event=event,
        first_name="Pat",
        last_name="Runner",
        checked_in_at=dt.datetime(2026, 11, 1, 13, 45, tzinfo=UTC),
    )
    listing = client.get("/admin/events/registration/").content.decode()
    assert "2026-11-01 07:45 CST" in listing
    page = client.get(f"/admin/events/registration/{registration.pk}/change/").content.decode()
    assert "7:45" in page and "13:45" not in page
