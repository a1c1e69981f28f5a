"""Every change to a run, its memorial items and its registrations is in the audit trail: who
(an organizer, a volunteer, a liaison, or a runner from their own link), what, before and after."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from events.adminkit import event_post, management
from memorialmiles.events.models import Event, MemorialItem, Registration
from memorialmiles.events.services import register

pytestmark = pytest.mark.django_db


def _entries(obj, action=None):
    qs = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
    )
    return (qs if action is None else qs.filter(action=action)).order_by("id")


def _changing(obj, field: str):
    """The one update entry of ``obj`` that changed ``field``."""
    (entry,) = [e for e in _entries(obj, LogEntry.Action.UPDATE) if field in e.changes_dict]
    return entry


def test_it_records_a_status_change_with_who_and_before_after(client, alice, scheduled_run):
    client.force_login(alice)
    client.post(f"/events/{scheduled_run.pk}/status/", {"status": "live"})
    entry = _changing(scheduled_run, "status")
    assert entry.actor == alice
    assert entry.changes_dict == {"status": ["scheduled", "live"]}
    assert entry.additional_data["event"] == scheduled_run.pk


def test_it_records_a_run_edited_in_the_back_office(client, django_user_model, scheduled_run):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    response = client.post(
        f"/admin/events/event/{scheduled_run.pk}/change/",
        event_post(
            title="Memorial mile for Officer Crumby",
            starts_at_0="2030-04-20",
            starts_at_1="09:00",
            capacity="2",
        ),
    )
    assert response.status_code == 302
    entry = _changing(scheduled_run, "title")
    assert entry.actor == root
    assert entry.changes_dict["title"] == [
        "Memorial mile for Officer Garrett Crumby",
        "Memorial mile for Officer Crumby",
    ]
    assert entry.changes_dict["starts_at"] == ["2030-04-20 13:00:00", "2030-04-20 14:00:00"]


def test_it_records_memorial_items_in_the_runs_history(client, django_user_model, scheduled_run):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    data = event_post(
        title=scheduled_run.title, starts_at_0="2030-04-20", starts_at_1="08:00", capacity="2"
    )
    data.update(management("memorial_items", total=1))
    data.update(
        {
            "memorial_items-0-kind": "flag",
            "memorial_items-0-status": "ordered",
            "memorial_items-0-recipient_kind": "family",
            "memorial_items-0-family_address": "12 Private Lane",
        }
    )
    assert client.post(f"/admin/events/event/{scheduled_run.pk}/change/", data).status_code == 302
    item = MemorialItem.objects.get()
    created = _entries(item, LogEntry.Action.CREATE).get()
    assert created.actor == root
    assert created.additional_data["event"] == scheduled_run.pk
    item.status, item.carrier = "shipped", "USPS"
    response = client.post(
        f"/admin/events/memorialitem/{item.pk}/change/",
        {
            "event": str(scheduled_run.pk),
            "kind": "flag",
            "status": "shipped",
            "carrier": "USPS",
            "recipient_kind": "family",
            "family_address": "12 Private Lane",
        },
    )
    assert response.status_code == 302
    changed = _entries(item, LogEntry.Action.UPDATE).get()
    assert changed.changes_dict["status"] == ["ordered", "shipped"]
    assert changed.changes_dict["carrier"] == ["", "USPS"]
    history = client.get(f"/admin/events/event/{scheduled_run.pk}/history/").content.decode()
    assert "memorial item" in history and "shipped" in history and "root" in history
    # The run's history reads in the run's own zone.
    assert " CDT" in history or " CST" in history


def test_it_records_a_runner_who_registers_and_cancels_as_anonymous(
    client, scheduled_run, runner_fields
):
    data = {**runner_fields, "role": "runner", "accept_waiver": "on"}
    response = client.post(f"/events/{scheduled_run.pk}/register/", data)
    assert response.status_code == 302
    registration = Registration.objects.get()
    created = _entries(registration, LogEntry.Action.CREATE).get()
    assert created.actor is None
    assert created.additional_data["actor"] == {"kind": "anonymous"}
    assert "token" not in created.changes_dict
    assert registration.token not in str(created.changes)
    client.post(f"/events/{scheduled_run.pk}/registered/{registration.token}/cancel/")
    cancelled = _entries(registration, LogEntry.Action.UPDATE).get()
    assert cancelled.actor is None
    assert cancelled.additional_data["actor"] == {"kind": "anonymous"}
    assert cancelled.changes_dict == {"status": ["registered", "cancelled"]}


def test_it_records_a_check_in_by_the_volunteer(client, val, scheduled_run, runner_fields):
    registration = register(scheduled_run, send_email=False, **runner_fields).registration
    client.force_login(val)
    client.post(f"/events/{scheduled_run.pk}/desk/{registration.pk}/check-in/")
    entry = _changing(registration, "checked_in_by")
    assert entry.actor == val
    assert entry.changes_dict["checked_in_by"] == ["None", "val"]


def test_it_records_a_liaisons_roster_once_and_each_runner(
    client, liam, scheduled_run, huntsville_pd
):
    from memorialmiles.honors.models import LiaisonAssignment

    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    scheduled_run.capacity = None
    scheduled_run.save()
    client.force_login(liam)
    response = client.post(
        f"/events/{scheduled_run.pk}/bulk/",
        {"pasted": "Ann Lee, ann@example.com\nBo Diaz", "agency": str(huntsville_pd.pk)},
    )
    assert response.status_code == 200
    bulk = _entries(scheduled_run).get(additional_data__bulk="registrations.import")
    assert bulk.actor == liam
    assert bulk.additional_data["counts"]["imported"] == 2
    for registration in Registration.objects.all():
        assert _entries(registration, LogEntry.Action.CREATE).get().actor == liam


def test_an_entry_lists_the_runs_time_in_utc_and_nothing_private_of_the_device(scheduled_run):
    # A status change made by code with no request is the system's.
    from memorialmiles.events.services import change_status

    change_status(scheduled_run, "live")
    entry = _changing(scheduled_run, "status")
    assert entry.actor is None and entry.additional_data["actor"] == {"kind": "system"}
    assert entry.timestamp.tzinfo is not None
    assert abs(entry.timestamp - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert Event.objects.get().status == "live"
