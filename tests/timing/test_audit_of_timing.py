"""Timing leaves a trace: start signals, corrections and chip imports name the volunteer, a
phone's join and syncs name the phone, and a synced batch is one entry with its counts."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from memorialmiles.timing.models import ChipImport, Correction, StartSignal, TimingDevice
from timing.timingkit import taps

pytestmark = pytest.mark.django_db


def _entries(obj, action=None):
    qs = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
    )
    return (qs if action is None else qs.filter(action=action)).order_by("id")


def test_it_records_a_start_signal_typed_by_the_lead(client, alice, race):
    client.force_login(alice)  # the timing lead: only an organizer sets the start
    client.post(f"/timing/events/{race.pk}/start/", {"time": "12:00:05"})
    signal = StartSignal.objects.get()
    entry = _entries(signal, LogEntry.Action.CREATE).get()
    assert entry.actor == alice
    assert entry.additional_data["event"] == race.pk
    assert entry.changes_dict["gun_time_us"][1] == str(signal.gun_time_us)


def test_it_records_a_correction_with_its_reason(client, val, race):
    client.force_login(val)
    client.post(
        f"/timing/events/{race.pk}/corrections/",
        {"action": "set_status", "bib": "3", "status": "DNF", "why": "stopped at the turn"},
    )
    correction = Correction.objects.get()
    entry = _entries(correction, LogEntry.Action.CREATE).get()
    assert entry.actor == val
    assert entry.changes_dict["why"] == ["None", "stopped at the turn"]
    assert entry.changes_dict["status"] == ["None", "DNF"]


def test_it_records_a_phone_joining_and_each_batch_it_syncs_as_the_phone(client, race):
    from memorialmiles.timing.sync import create_join_code

    code = create_join_code(race, None)
    joined = client.post(
        "/api/v1/timing/join",
        {"code": code.code, "name": "Finish A"},
        content_type="application/json",
    ).json()
    device = TimingDevice.objects.get(pk=joined["device_id"])
    created = _entries(device, LogEntry.Action.CREATE).get()
    assert created.additional_data["actor"] == {"kind": "anonymous"}
    assert joined["token"] not in str(created.changes) + str(created.additional_data)

    batch = taps(("1", 478.4), ("2", 480.0))
    for _ in range(2):  # sent twice: the second stores nothing and leaves no entry
        response = client.post(
            f"/api/v1/timing/events/{race.pk}/sync",
            {"records": batch},
            content_type="application/json",
            headers={"Authorization": f"Bearer {device.token}"},
        )
        assert response.status_code == 200
    (synced,) = _entries(device, LogEntry.Action.UPDATE)
    assert synced.actor is None
    assert synced.additional_data["actor"] == {
        "kind": "device",
        "id": device.pk,
        "name": "Finish A",
        "event": race.pk,
    }
    assert synced.additional_data["bulk"] == "timing.sync"
    assert synced.additional_data["counts"] == {
        "records sent": 2,
        "records new": 2,
        "gun taps": 0,
    }
    assert (synced.additional_data["first_seq"], synced.additional_data["last_seq"]) == (1, 2)
    assert synced.additional_data["event"] == race.pk


def test_it_records_a_chip_import_once_with_its_counts(client, val, race):
    client.force_login(val)
    chip = b"bib,time\n1,12:07:58.4\n2,12:08:00\n"
    for _ in range(2):
        client.post(
            f"/timing/events/{race.pk}/import/",
            {"file": SimpleUploadedFile("finish.csv", chip), "format": "csv"},
        )
    chip_import = ChipImport.objects.get()
    entry = _entries(chip_import).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == val
    assert entry.changes_dict["reads_stored"] == ["None", "2"]
    assert entry.additional_data["event"] == race.pk


def test_the_runs_history_gathers_its_timing(client, django_user_model, alice, race):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(alice)
    client.post(f"/timing/events/{race.pk}/start/", {"time": "12:00:05"})
    client.force_login(root)
    page = client.get(f"/admin/events/event/{race.pk}/history/").content.decode()
    assert "start signal" in page and "alice" in page


def test_a_deleted_run_leaves_its_deletion_not_one_entry_per_read(race):
    from memorialmiles.timing.imports import import_chip_file
    from memorialmiles.timing.models import RawRecord

    lines = "".join(f"{bib},12:{10 + bib // 60:02d}:{bib % 60:02d}\n" for bib in range(1, 51))
    import_chip_file(race, f"bib,time\n{lines}".encode(), format="csv", file_name="f.csv")
    assert RawRecord.objects.count() == 50
    race.delete()
    reads = ContentType.objects.get_for_model(RawRecord)
    assert not LogEntry.objects.filter(content_type=reads).exists()
    gone = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(race), action=LogEntry.Action.DELETE
    )
    assert gone.object_repr == race.title


def test_it_records_who_revoked_a_phone_and_only_once(client, alice, race, phone):
    client.force_login(alice)
    revoke = f"/timing/events/{race.pk}/devices/{phone.pk}/revoke/"
    for _ in range(2):  # the second press changes nothing and leaves no entry
        assert client.post(revoke).status_code == 302
    (entry,) = _entries(phone, LogEntry.Action.UPDATE)
    assert entry.actor == alice
    assert entry.changes_dict == {"revoked": ["False", "True"]}
    assert entry.additional_data["event"] == race.pk
