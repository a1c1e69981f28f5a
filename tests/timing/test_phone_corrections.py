"""A timer phone deletes a tap, fixes a bib and adds a missed runner: correction records that
name the phone, stored once however often sent, never an edit of a raw tap."""

from __future__ import annotations

import pytest

from memorialmiles.timing.models import Correction, RawRecord
from memorialmiles.timing.services import results_for
from timing.timingkit import GUN_US, at_us


def _tap(seq, seconds):
    return {"seq": seq, "kind": "finish", "source": "tap", "time_us": at_us(seconds)}


def _bib(seq, bib, ref=None):
    return {"seq": seq, "kind": "finish", "source": "typed", "bib": bib, "ref_seq": ref,
            "time_us": at_us(900)}  # fmt: skip


@pytest.fixture
def post_fixes(client):
    def post(device, corrections, event_id=None):
        return client.post(
            f"/api/v1/timing/events/{event_id or device.event_id}/corrections",
            {"corrections": corrections},
            content_type="application/json",
            headers={"Authorization": f"Bearer {device.token}"},
        )

    return post


def _times(event) -> dict[str, float]:
    """Bib -> seconds after the gun, of each finisher."""
    rows = results_for(event, fresh=True).results.rows
    return {r.bib: round(r.gun_us / 1e6, 1) for r in rows if r.place is not None}


def test_it_fixes_a_bib_without_touching_the_tap(phone, post_batch, post_fixes):
    post_batch(phone, [_tap(1, 480.0), _bib(2, "2", ref=1)])
    assert "2" in _times(phone.event)
    fix = {"seq": 3, "action": "fix_bib", "record_seq": 1, "bib": "3", "why": "Bib read wrong"}
    answer = post_fixes(phone, [fix])
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"created": 1, "accepted": [3], "waiting": []}
    times = _times(phone.event)
    assert "2" not in times and times["3"] == 480.0
    tap = RawRecord.objects.get(device=phone, device_seq=1)
    assert (tap.bib, tap.device_time_us) == ("", at_us(480.0))  # the raw record is as sent
    c = Correction.objects.get()
    assert (c.action, c.record_id, c.bib, c.device_id, c.by_id) == (
        "assign_read", tap.pk, "3", phone.pk, None)  # fmt: skip
    assert c.who == f"phone {phone.name}"


def test_fixing_a_typed_bib_fixes_the_tap_it_labels(phone, post_batch, post_fixes):
    post_batch(phone, [_tap(1, 480.0), _bib(2, "2", ref=1)])
    post_fixes(phone, [{"seq": 3, "action": "fix_bib", "record_seq": 2, "bib": "4", "why": "x"}])
    assert Correction.objects.get().record.device_seq == 1
    assert "4" in _times(phone.event)


def test_deleting_a_stray_tap_moves_the_later_bibs_onto_the_right_taps(
    race, join_device, post_batch, post_fixes
):
    """Two-device mode: a double tap shifts every later bib by one until it is deleted."""
    times_phone, bibs_phone = join_device(race, "Times", "times"), join_device(race, "Bibs", "bibs")
    post_batch(times_phone, [_tap(1, 470.0), _tap(2, 470.2), _tap(3, 480.0)])
    post_batch(bibs_phone, [_bib(1, "1"), _bib(2, "2")])
    assert _times(race) == {"1": 470.0, "2": 470.2}  # bib 2 took the double tap
    why = {"why": "Tapped twice"}
    answer = post_fixes(times_phone, [{"seq": 4, "action": "delete_tap", "record_seq": 2, **why}])
    assert answer.json()["accepted"] == [4]
    assert _times(race) == {"1": 470.0, "2": 480.0}
    assert RawRecord.objects.filter(device=times_phone).count() == 3  # nothing deleted for real


def test_it_adds_a_missed_runner(phone, post_fixes):
    fix = {"seq": 1, "action": "insert_finish", "bib": "5", "time_us": GUN_US + 612_300_000,
           "why": "Missed the tap", "made_us": GUN_US + 700_000_000}  # fmt: skip
    assert post_fixes(phone, [fix]).json()["created"] == 1
    assert _times(phone.event) == {"5": 612.3}
    c = Correction.objects.get()
    assert (c.action, c.time_us, c.device_time_us) == ("set_time", fix["time_us"], fix["made_us"])


def test_it_stores_a_correction_once_when_sent_twice(phone, post_batch, post_fixes):
    post_batch(phone, [_tap(1, 480.0)])
    fix = [{"seq": 2, "action": "delete_tap", "record_seq": 1, "why": "Not a runner"}]
    first, second = post_fixes(phone, fix).json(), post_fixes(phone, fix).json()
    assert (first["created"], second["created"]) == (1, 0)
    assert first["accepted"] == second["accepted"] == [2]
    assert Correction.objects.count() == 1


def test_it_waits_for_a_tap_the_server_does_not_hold_yet(phone, post_batch, post_fixes):
    fix = [{"seq": 2, "action": "delete_tap", "record_seq": 1, "why": "Tapped twice"}]
    assert post_fixes(phone, fix).json() == {"created": 0, "accepted": [], "waiting": [2]}
    assert not Correction.objects.exists()
    post_batch(phone, [_tap(1, 480.0)])
    assert post_fixes(phone, fix).json()["accepted"] == [2]


def test_it_cannot_reach_another_phones_tap(race, join_device, post_batch, post_fixes):
    mine, theirs = join_device(race, "Mine"), join_device(race, "Theirs")
    post_batch(theirs, [_tap(1, 480.0)])
    answer = post_fixes(mine, [{"seq": 1, "action": "delete_tap", "record_seq": 1, "why": "x"}])
    assert answer.json()["waiting"] == [1]  # seq 1 is read on this phone only
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    ("fix", "field"),
    [
        ({"seq": 1, "action": "delete_tap", "record_seq": 1, "why": "   "}, "why"),
        ({"seq": 1, "action": "fix_bib", "record_seq": 1, "why": "x"}, "bib"),
        ({"seq": 1, "action": "fix_bib", "record_seq": 1, "bib": " ", "why": "x"}, "bib"),
        ({"seq": 1, "action": "insert_finish", "bib": "5", "why": "x"}, "time_us"),
        ({"seq": 1, "action": "delete_tap", "why": "x"}, "record_seq"),
        ({"seq": 1, "action": "delete_tap", "record_seq": None, "why": "x"}, "record_seq"),
    ],
)
def test_it_refuses_a_correction_that_says_too_little(phone, post_fixes, fix, field):
    """Each action's needs are in the API's schema: refused with the field that is missing."""
    answer = post_fixes(phone, [fix])
    assert answer.status_code == 422
    assert [e["loc"][-1] for e in answer.json()["detail"]] == [field]
    assert not Correction.objects.exists()


def test_it_refuses_to_fix_a_start_signal_here(phone, post_batch, post_fixes):
    post_batch(phone, [{"seq": 1, "kind": "gun", "source": "tap", "time_us": GUN_US}])
    answer = post_fixes(phone, [{"seq": 2, "action": "delete_tap", "record_seq": 1, "why": "x"}])
    assert answer.status_code == 400
    assert "only a finish" in answer.json()["detail"]


def test_a_closed_run_refuses_new_corrections_but_answers_held_ones(phone, post_batch, post_fixes):
    post_batch(phone, [_tap(1, 480.0)])
    held = [{"seq": 2, "action": "delete_tap", "record_seq": 1, "why": "Tapped twice"}]
    post_fixes(phone, held)
    phone.event.status = "finished"
    phone.event.save(update_fields=["status"])
    assert post_fixes(phone, held).json()["accepted"] == [2]
    fresh = [{"seq": 3, "action": "fix_bib", "record_seq": 1, "bib": "4", "why": "late"}]
    assert post_fixes(phone, fresh).status_code == 409
    assert Correction.objects.count() == 1


def test_it_refuses_a_phone_of_another_run(phone, other_race, post_fixes):
    fix = [{"seq": 1, "action": "insert_finish", "bib": "5", "time_us": GUN_US, "why": "x"}]
    assert post_fixes(phone, fix, event_id=other_race.pk).status_code == 403
    assert not Correction.objects.exists()


def test_the_review_page_shows_who_when_and_why(client, val, phone, post_batch, post_fixes):
    post_batch(phone, [_tap(1, 480.0)])
    post_fixes(phone, [{"seq": 2, "action": "delete_tap", "record_seq": 1, "why": "Tapped twice",
                        "made_us": GUN_US + 600_000_000}])  # fmt: skip
    client.force_login(val)
    page = client.get(f"/timing/events/{phone.event_id}/review/").content.decode()
    assert "Void a read" in page and "Tapped twice" in page
    assert f"phone {phone.name}" in page
    assert "12:10:00" in page  # made on the phone at 12:10 Chicago time


def test_the_phone_learns_the_start_and_its_highest_seq(client, phone, post_batch, post_fixes):
    status = f"/api/v1/timing/events/{phone.event_id}/device"
    auth = {"Authorization": f"Bearer {phone.token}"}
    assert client.get(status, headers=auth).json()["start_us"] is None  # scheduled only
    post_batch(phone, [{"seq": 1, "kind": "gun", "source": "tap", "time_us": GUN_US}])
    post_fixes(phone, [{"seq": 7, "action": "insert_finish", "bib": "5", "time_us": GUN_US + 1,
                        "why": "x"}])  # fmt: skip
    answer = client.get(status, headers=auth).json()
    assert (answer["start_us"], answer["max_seq"]) == (GUN_US, 7)


def test_the_audit_trail_names_the_phone(phone, post_fixes):
    from auditlog.models import LogEntry

    fix = [{"seq": 1, "action": "insert_finish", "bib": "5", "time_us": GUN_US, "why": "x"}]
    post_fixes(phone, fix)
    entry = LogEntry.objects.get_for_object(Correction.objects.get()).get()
    assert phone.name in str(entry.additional_data)
