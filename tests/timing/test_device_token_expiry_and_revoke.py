"""A phone's token ends after its run (plus a grace period) or when the timing lead revokes it."""

import datetime as dt

from django.utils import timezone

from memorialmiles.events.models import EventStatusChange
from memorialmiles.timing.models import RawRecord, TimingDevice
from timing.timingkit import make_event, taps


def status(client, device):
    return client.get(
        f"/api/v1/timing/events/{device.event_id}/device",
        headers={"Authorization": f"Bearer {device.token}"},
    )


def joined(device, ago: dt.timedelta):
    TimingDevice.objects.filter(pk=device.pk).update(joined_at=timezone.now() - ago)
    device.refresh_from_db()
    return device


def test_it_refuses_a_token_after_the_runs_end_and_the_grace(client, db, join_device, post_batch):
    # Started 30 h ago: the run ended 24 h ago (6 h), the grace (12 h) 12 h ago.
    event = make_event(starts_at=timezone.now() - dt.timedelta(hours=30))
    device = joined(join_device(event), dt.timedelta(hours=29))
    response = post_batch(device, taps(("1", 470)))
    assert response.status_code == 401
    assert "timing access ended" in response.json()["detail"]
    assert "join again with a new code" in response.json()["detail"]
    assert status(client, device).status_code == 401
    assert not RawRecord.objects.exists()


def test_it_takes_a_token_within_the_grace(client, db, join_device, post_batch):
    event = make_event(starts_at=timezone.now() - dt.timedelta(hours=17))
    device = joined(join_device(event), dt.timedelta(hours=17))
    assert post_batch(device, taps(("1", 470))).status_code == 200


def test_it_reads_the_grace_from_the_settings(db, join_device, post_batch, settings):
    event = make_event(starts_at=timezone.now() - dt.timedelta(hours=17))
    device = joined(join_device(event), dt.timedelta(hours=17))
    settings.TIMING_DEVICE_GRACE_HOURS = 10
    assert post_batch(device, taps(("1", 470))).status_code == 401
    settings.TIMING_DEVICE_GRACE_HOURS = 48
    assert post_batch(device, taps(("1", 470))).status_code == 200


def test_it_counts_the_end_of_a_finished_run_from_when_it_finished(db, join_device, post_batch):
    event = make_event(starts_at=timezone.now() + dt.timedelta(hours=1))
    device = join_device(event)
    event.status = "finished"
    event.save()
    change = EventStatusChange.objects.create(event=event, from_status="live", to_status="finished")
    EventStatusChange.objects.filter(pk=change.pk).update(
        changed_at=timezone.now() - dt.timedelta(hours=13)
    )
    joined(device, dt.timedelta(hours=14))
    response = post_batch(device, taps(("1", 470)))
    assert response.status_code == 401  # expired, before its 409 for the closed run


def test_it_gives_a_phone_joining_a_past_run_the_grace_from_joining(race, phone, post_batch):
    # The sample race was in 2025; the phone joined now, to record it.
    assert post_batch(phone, taps(("1", 470))).status_code == 200
    joined(phone, dt.timedelta(hours=13))
    assert post_batch(phone, taps(("2", 480), start_seq=2)).status_code == 401


def test_it_lets_the_organizer_revoke_a_phone_from_the_lead_page(
    client, race, phone, post_batch, alice
):
    post_batch(phone, taps(("1", 470)))
    client.force_login(alice)
    page = client.get(f"/timing/events/{race.pk}/").content.decode()
    assert "Finish phone" in page and "last seen" in page
    revoke = f"/timing/events/{race.pk}/devices/{phone.pk}/revoke/"
    assert f'action="{revoke}"' in page
    assert client.get(revoke).status_code == 405  # a state change is a POST
    client.post(revoke)
    phone.refresh_from_db()
    assert phone.revoked
    response = post_batch(phone, taps(("2", 480), start_seq=2))
    assert response.status_code == 401
    assert "removed this phone" in response.json()["detail"]
    assert RawRecord.objects.count() == 1  # what it sent before stays
    assert "revoked" in client.get(f"/timing/events/{race.pk}/").content.decode()


def test_it_refuses_revoking_to_a_volunteer_a_stranger_and_across_runs(
    client, race, other_race, phone, join_device, val, charlie, alice
):
    revoke = f"/timing/events/{race.pk}/devices/{phone.pk}/revoke/"
    client.force_login(val)
    assert f'action="{revoke}"' not in client.get(f"/timing/events/{race.pk}/").content.decode()
    assert client.post(revoke).status_code == 403
    client.force_login(charlie)
    assert client.post(revoke).status_code == 403
    client.force_login(alice)
    assert (
        client.post(f"/timing/events/{other_race.pk}/devices/{phone.pk}/revoke/").status_code == 404
    )
    phone.refresh_from_db()
    assert not phone.revoked
