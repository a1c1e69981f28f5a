"""The desk's API: a roster with no private data, ops applied once, two phones, walk-ups."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from memorialmiles.events.models import CheckIn, Registration
from memorialmiles.raceday.models import DeskOp, WaiverSignature

pytestmark = pytest.mark.django_db


def desk_phone(event, sign_in, name="Dana"):
    phone = Client()
    sign_in(phone, event, "desk", name=name)
    return phone


def sync(phone, event, *ops):
    return phone.post(
        f"/api/v1/raceday/events/{event.pk}/desk/sync",
        {"ops": list(ops)},
        content_type="application/json",
    )


def op(kind, **fields):
    return {"op_id": uuid.uuid4().hex, "kind": kind, **fields}


def waiver(name="Walk Up", **extra):
    return {"accepted": True, "signed_name": name, "version": "v2", **extra}


@pytest.fixture
def ann(today_run):
    r = Registration.objects.get(event=today_run, first_name="Ann")
    r.email, r.phone, r.emergency_name = "ann.private@example.com", "555-0101", "Secret Kin"
    r.save()
    return r


def test_the_roster_holds_what_the_desk_needs_and_nothing_private(today_run, sign_in, ann):
    phone = desk_phone(today_run, sign_in)
    answer = phone.get(f"/api/v1/raceday/events/{today_run.pk}/roster")
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "Ann" in body and "Lee" in body
    for secret in ("ann.private@example.com", "555-0101", "Secret Kin", ann.token):
        assert secret not in body
    data = answer.json()
    assert data["counts"] == {"expected": 5, "checked_in": 0, "walk_ups": 0}
    assert data["block"]["first"] >= 100 and data["block"]["last"] - data["block"]["first"] == 24


def test_a_desk_phone_reaches_its_own_run_only(today_run, other_run, sign_in, make_pin):
    phone = desk_phone(today_run, sign_in)
    theirs = Registration.objects.filter(event=other_run).first()
    assert phone.get(f"/api/v1/raceday/events/{other_run.pk}/roster").status_code == 403
    assert sync(phone, other_run, op("check_in", registration_id=theirs.pk)).status_code == 403
    # Its own run's sync cannot reach another run's runner either.
    answer = sync(phone, today_run, op("check_in", registration_id=theirs.pk)).json()
    assert answer["results"][0]["status"] == "refused"
    assert not CheckIn.objects.exists()


def test_strangers_and_other_roles_get_nothing(today_run, sign_in, charlie):
    assert Client().get(f"/api/v1/raceday/events/{today_run.pk}/roster").status_code == 401
    timer = Client()
    sign_in(timer, today_run, "timer")
    assert timer.get(f"/api/v1/raceday/events/{today_run.pk}/roster").status_code == 403
    stranger = Client()
    stranger.force_login(charlie)
    assert stranger.get(f"/api/v1/raceday/events/{today_run.pk}/roster").status_code == 403


def test_a_batch_sent_twice_checks_in_once(today_run, sign_in, ann):
    phone = desk_phone(today_run, sign_in)
    check = op("check_in", registration_id=ann.pk)
    first = sync(phone, today_run, check).json()["results"][0]
    again = sync(phone, today_run, check).json()["results"][0]
    assert first["status"] == again["status"] == "applied"
    assert not first["replayed"] and again["replayed"]
    assert CheckIn.objects.filter(registration=ann).count() == 1
    assert DeskOp.objects.count() == 1


def test_two_phones_checking_in_one_runner_make_one_check_in(today_run, sign_in, ann):
    one, two = desk_phone(today_run, sign_in, "One"), desk_phone(today_run, sign_in, "Two")
    a = sync(one, today_run, op("check_in", registration_id=ann.pk)).json()["results"][0]
    b = sync(two, today_run, op("check_in", registration_id=ann.pk)).json()["results"][0]
    assert {a["status"], b["status"]} == {"applied", "already"}
    assert CheckIn.objects.filter(registration=ann).count() == 1


def test_a_check_in_can_be_undone(today_run, sign_in, ann):
    phone = desk_phone(today_run, sign_in)
    sync(phone, today_run, op("check_in", registration_id=ann.pk))
    answer = sync(phone, today_run, op("undo", registration_id=ann.pk)).json()
    assert answer["results"][0]["status"] == "applied"
    ann.refresh_from_db()
    assert ann.checked_in_at is None and not CheckIn.objects.exists()
    assert answer["roster"]["counts"]["checked_in"] == 0


def test_a_walk_up_signs_the_waiver_and_takes_a_bib_from_the_phones_block(today_run, sign_in):
    today_run.waiver_version, today_run.waiver_text = "v2", "At my own risk."
    today_run.save()
    phone = desk_phone(today_run, sign_in)
    block = phone.get(f"/api/v1/raceday/events/{today_run.pk}/roster").json()["block"]
    person = {
        "first_name": "Walk",
        "last_name": "Up",
        "sex": "F",
        "age": 30,
        "agency": "Madison FD",
        "emergency_name": "Kin",
        "emergency_phone": "555-0000",
        "bib": block["first"],
    }
    answer = sync(
        phone, today_run, op("walk_up", person=person, waiver=waiver(drawing="M1 2 L3 4"))
    )
    result = answer.json()["results"][0]
    assert result["status"] == "applied" and result["bib"] == block["first"]
    r = Registration.objects.get(last_name="Up")
    assert r.source == "desk" and r.checked_in_at is not None and r.team == "Madison FD"
    assert r.waiver_version == "v2" and r.waiver_text == "At my own risk."
    signature = WaiverSignature.objects.get(registration=r)
    assert signature.signed_name == "Walk Up" and signature.drawing == "M1 2 L3 4"
    assert answer.json()["roster"]["counts"] == {"expected": 6, "checked_in": 1, "walk_ups": 1}


def test_two_phones_offline_never_give_one_bib_twice(today_run, sign_in):
    one, two = desk_phone(today_run, sign_in, "One"), desk_phone(today_run, sign_in, "Two")
    b1 = one.get(f"/api/v1/raceday/events/{today_run.pk}/roster").json()["block"]
    b2 = two.get(f"/api/v1/raceday/events/{today_run.pk}/roster").json()["block"]
    assert b1["last"] < b2["first"] or b2["last"] < b1["first"]
    for phone, block, last in ((one, b1, "One"), (two, b2, "Two")):
        person = {"first_name": "Walk", "last_name": last, "bib": block["first"]}
        sync(phone, today_run, op("walk_up", person=person, waiver=waiver()))
    bibs = sorted(Registration.objects.filter(source="desk").values_list("bib", flat=True))
    assert bibs == sorted([b1["first"], b2["first"]])


def test_a_taken_bib_is_changed_and_the_answer_says_so(today_run, sign_in):
    phone = desk_phone(today_run, sign_in)
    person = {"first_name": "Late", "last_name": "Comer", "bib": 3}  # Cy Kim wears 3
    result = sync(phone, today_run, op("walk_up", person=person, waiver=waiver())).json()
    r = result["results"][0]
    assert r["bib_changed_from"] == 3 and r["bib"] not in (1, 2, 3, 4, 5)


def test_a_minor_needs_a_guardian(today_run, sign_in):
    phone = desk_phone(today_run, sign_in)
    person = {"first_name": "Young", "last_name": "Runner", "age": 12}
    refused = sync(phone, today_run, op("walk_up", person=person, waiver=waiver())).json()
    assert refused["results"][0]["status"] == "refused"
    assert "guardian" in refused["results"][0]["detail"]
    with_guardian = waiver(guardian_name="Parent Runner")
    ok = sync(phone, today_run, op("walk_up", person=person, waiver=with_guardian)).json()
    assert ok["results"][0]["status"] == "applied"
    r = Registration.objects.get(last_name="Runner", first_name="Young")
    assert r.is_minor and r.guardian_name == "Parent Runner"


def test_a_waiver_signed_at_the_desk_clears_missing_waiver(today_run, sign_in, ann):
    phone = desk_phone(today_run, sign_in)
    answer = sync(phone, today_run, op("waiver", registration_id=ann.pk, waiver=waiver("Ann Lee")))
    assert answer.json()["results"][0]["row"]["waiver"] is True
    ann.refresh_from_db()
    assert ann.waiver_accepted_at is not None and ann.missing == []


def test_a_finished_run_ends_the_desk(today_run, sign_in, ann, val):
    phone = desk_phone(today_run, sign_in)
    today_run.status = "finished"
    today_run.save()
    assert sync(phone, today_run, op("check_in", registration_id=ann.pk)).status_code == 403
    lead = Client()
    lead.force_login(val)
    answer = sync(lead, today_run, op("check_in", registration_id=ann.pk)).json()
    assert answer["results"][0]["status"] == "refused" and not CheckIn.objects.exists()


def test_writes_need_the_csrf_token(today_run, make_pin, ann):
    phone = Client(enforce_csrf_checks=True)
    new = make_pin(today_run)
    page = phone.get("/volunteer/")
    token = page.cookies["csrftoken"].value
    phone.post("/volunteer/", {"pin": new.text, "csrfmiddlewaretoken": token})
    body = {"ops": [op("check_in", registration_id=ann.pk)]}
    refused = phone.post(
        f"/api/v1/raceday/events/{today_run.pk}/desk/sync", body, content_type="application/json"
    )
    assert refused.status_code == 403 and not CheckIn.objects.exists()
    ok = phone.post(
        f"/api/v1/raceday/events/{today_run.pk}/desk/sync",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert ok.status_code == 200 and CheckIn.objects.count() == 1


def test_bad_ops_are_refused_whole_with_the_reason(today_run, sign_in):
    phone = desk_phone(today_run, sign_in)
    bad = sync(phone, today_run, {"op_id": "x", "kind": "check_in"})
    assert bad.status_code == 422 and "op_id" in bad.content.decode()
    nul = sync(phone, today_run, op("walk_up", person={"first_name": "A\x00", "last_name": "B"}))
    assert nul.status_code == 422


def test_a_refused_walk_up_leaves_nothing_behind(today_run, sign_in):
    phone = desk_phone(today_run, sign_in)
    person = {"first_name": "Half", "last_name": "Done"}
    unsigned = {"accepted": False, "signed_name": ""}
    result = sync(phone, today_run, op("walk_up", person=person, waiver=unsigned)).json()
    assert result["results"][0]["status"] == "refused"
    assert not Registration.objects.filter(last_name="Done").exists()
    assert not CheckIn.objects.exists()


def test_an_op_naming_no_runner_is_refused_and_remembered(today_run, sign_in):
    phone = desk_phone(today_run, sign_in)
    ghost = op("check_in", registration_id=2**40)
    assert sync(phone, today_run, ghost).json()["results"][0]["status"] == "refused"
    assert sync(phone, today_run, ghost).json()["results"][0]["replayed"] is True
