"""A finished or cancelled run refuses every timing write until an organizer reopens it."""

import io

import pytest
from django.core.management import CommandError, call_command

from memorialmiles.events.services import change_status
from memorialmiles.timing.imports import import_chip_file
from memorialmiles.timing.models import (
    ChipImport,
    Correction,
    JoinCode,
    RawRecord,
    StartSignal,
    TimingClosed,
    TimingDevice,
)
from memorialmiles.timing.services import compute_event
from memorialmiles.timing.sync import create_join_code, join
from timing.timingkit import at_us, taps

CHIPS = b"bib,time\n3,12:09:00\n"


def published(event):
    return [(r.bib, r.gun_time, r.place) for r in compute_event(event).results]


@pytest.mark.parametrize("status", ["finished", "cancelled"])
def test_it_keeps_published_results_when_a_phone_posts_a_gun_time_into_a_closed_run(
    race, phone, post_batch, status
):
    post_batch(phone, taps(("1", 470.0), ("2", 480.0)))
    change_status(race, status)
    before = published(race)
    response = post_batch(phone, [{"seq": 9, "kind": "gun", "time_us": at_us(-300)}])
    assert response.status_code == 409
    assert f"This run is {status}: timing is closed" in response.json()["detail"]
    assert not StartSignal.objects.exists()
    assert not RawRecord.objects.filter(device_seq=9).exists()
    assert published(race) == before


def test_it_refuses_new_taps_but_answers_a_batch_it_already_holds(race, phone, post_batch):
    batch = taps(("1", 470.0))
    post_batch(phone, batch)
    change_status(race, "finished")
    again = post_batch(phone, batch)  # the phone lost the first answer
    assert again.status_code == 200
    assert again.json()["accepted"] == [1] and again.json()["created"] == 0
    more = post_batch(phone, batch + taps(("2", 480.0), start_seq=2))
    assert more.status_code == 409
    assert RawRecord.objects.count() == 1


def test_it_refuses_a_new_phone_and_a_new_join_code(client, race, alice):
    code = create_join_code(race, None)
    change_status(race, "finished")
    response = client.post(
        "/api/v1/timing/join", {"code": code.code}, content_type="application/json"
    )
    assert response.status_code == 409
    assert "timing is closed" in response.json()["detail"]
    client.force_login(alice)
    page = client.post(f"/timing/events/{race.pk}/code/")
    assert page.status_code == 409
    assert JoinCode.objects.count() == 1 and not TimingDevice.objects.exists()


def test_it_refuses_start_signals_corrections_and_imports_on_the_pages(
    client, race, phone, post_batch, alice
):
    post_batch(phone, taps(("1", 470.0)))
    change_status(race, "finished")
    before = published(race)
    client.force_login(alice)
    start = client.post(f"/timing/events/{race.pk}/start/", {"time": "11:55:00"})
    fix = client.post(
        f"/timing/events/{race.pk}/corrections/",
        {"action": "set_status", "bib": "1", "status": "DQ", "why": "late entry"},
    )
    upload = io.BytesIO(CHIPS)
    upload.name = "late.csv"
    chips = client.post(f"/timing/events/{race.pk}/import/", {"file": upload, "format": "csv"})
    for response in (start, fix, chips):
        assert response.status_code == 409
        text = response.content.decode()
        assert "This run is finished: timing is closed" in text
        assert "Nothing was changed." in text
        assert f"/events/{race.pk}/edit/" in text  # the organizer is shown how to reopen
    assert not StartSignal.objects.exists()
    assert not Correction.objects.exists()
    assert not ChipImport.objects.exists()
    assert published(race) == before


def test_it_refuses_the_import_command_and_the_import_itself(tmp_path, race):
    path = tmp_path / "late.csv"
    path.write_bytes(CHIPS)
    change_status(race, "cancelled")
    with pytest.raises(CommandError, match="This run is cancelled: timing is closed"):
        call_command(
            "timing", "import", str(path), "--event", str(race.pk), "--format", "csv",
            stdout=io.StringIO(),
        )  # fmt: skip
    with pytest.raises(TimingClosed):
        import_chip_file(race, CHIPS, format="csv")
    assert not ChipImport.objects.exists() and not RawRecord.objects.exists()


def test_it_tells_the_lead_that_timing_is_closed_and_hides_the_forms(client, race, val, alice):
    change_status(race, "finished")
    client.force_login(val)
    page = client.get(f"/timing/events/{race.pk}/").content.decode()
    assert "timing is closed" in page and "An organizer can reopen it." in page
    assert f'action="/timing/events/{race.pk}/code/"' not in page
    client.force_login(alice)
    page = client.get(f"/timing/events/{race.pk}/").content.decode()
    assert f'href="/events/{race.pk}/edit/#status-h">move it back to live' in page
    assert f'action="/timing/events/{race.pk}/start/"' not in page
    for url in (f"/timing/events/{race.pk}/import/", f"/timing/events/{race.pk}/review/"):
        text = client.get(url).content.decode()
        assert "timing is closed" in text and 'type="submit" class="button primary"' not in text


def test_it_takes_records_again_once_an_organizer_reopens_the_run(
    client, race, phone, post_batch, val, alice
):
    race.registration_open = False  # a past run is kept with registration closed (issue 8)
    race.save(update_fields=["registration_open"])
    change_status(race, "finished")
    assert post_batch(phone, taps(("1", 470.0))).status_code == 409
    client.force_login(val)  # a volunteer cannot reopen it
    assert client.post(f"/events/{race.pk}/status/", {"status": "live"}).status_code == 403
    assert post_batch(phone, taps(("1", 470.0))).status_code == 409
    client.force_login(alice)
    client.post(f"/events/{race.pk}/status/", {"status": "live"})
    race.refresh_from_db()
    assert race.status == "live"
    assert post_batch(phone, taps(("1", 470.0))).status_code == 200
    assert [b for b, _, place in published(race) if place] == ["1"]
    assert join(create_join_code(race, alice).code, "Second phone").event_id == race.pk


def test_it_refuses_a_start_signal_added_in_the_back_office_of_a_closed_run(client, race, alice):
    change_status(race, "finished")
    alice.is_staff = True
    alice.is_superuser = True
    alice.save()
    client.force_login(alice)
    response = client.post(
        "/admin/timing/startsignal/add/",
        {"event": race.pk, "wave": "", "gun_time_us": "1746118800000000", "source": "typed"},
    )
    assert response.status_code == 200
    assert "timing is closed until the run is moved back to live" in response.content.decode()
    assert not StartSignal.objects.exists()
