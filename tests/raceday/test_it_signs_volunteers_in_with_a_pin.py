"""A volunteer's phone gets in with a PIN or the QR link, for one run and one role only."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from memorialmiles.raceday.models import VolunteerPass, VolunteerPin

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_pin_and_a_link_that_let_a_phone_in(today_run, client):
    out = io.StringIO()
    call_command("volunteers", "pin", str(today_run.pk), "--role", "desk", stdout=out)
    text = out.getvalue()
    pin = next(line for line in text.splitlines() if line.startswith("PIN: "))[5:]
    link = next(line for line in text.splitlines() if line.startswith("Link: "))[6:]
    assert pin.startswith(f"{today_run.pk}-") and len(pin) == len(str(today_run.pk)) + 10
    assert "/volunteer/join/" in link
    response = client.post("/volunteer/", {"pin": pin.lower().replace("-", " ")})
    assert response.status_code == 302
    assert response["Location"] == f"/events/{today_run.pk}/desk/"
    assert client.get(f"/events/{today_run.pk}/desk/").status_code == 200


def test_it_stores_neither_the_pin_nor_the_link(today_run, make_pin):
    new = make_pin(today_run)
    row = VolunteerPin.objects.get()
    secret = new.text.split("-", 1)[1].replace("-", "")
    assert secret not in row.pin_digest and new.link_token not in row.link_digest
    assert len(row.pin_digest) == 64


def test_the_link_asks_before_signing_in(today_run, make_pin, client):
    new = make_pin(today_run, "ceremony")
    page = client.get(new.path)
    assert page.status_code == 200 and b"ceremony" in page.content
    assert not VolunteerPass.objects.exists()  # a link preview lets nobody in
    assert client.post(new.path, {"name": "Sam"}).status_code == 302
    assert VolunteerPass.objects.get().role == "ceremony"


def test_a_desk_pin_opens_its_run_and_role_only(today_run, other_run, sign_in, client):
    sign_in(client, today_run, "desk")
    assert client.get(f"/events/{today_run.pk}/desk/").status_code == 200
    assert client.get(f"/events/{other_run.pk}/desk/").status_code == 403
    # The lead's pages are for back-office accounts: a PIN's phone is sent to log in.
    assert client.get(f"/timing/events/{today_run.pk}/").status_code == 302
    assert client.get(f"/events/{today_run.pk}/volunteers/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_a_pin_of_another_run_is_refused(today_run, other_run, make_pin, client):
    new = make_pin(other_run)
    forged = f"{today_run.pk}-" + new.text.split("-", 1)[1]
    response = client.post("/volunteer/", {"pin": forged})
    assert response.status_code == 403
    assert not VolunteerPass.objects.exists()


def test_guessing_is_limited_per_address_then_locked_per_run(today_run, make_pin, settings):
    make_pin(today_run)
    guesser = Client()
    codes = [
        guesser.post("/volunteer/", {"pin": f"{today_run.pk}-AAAA-AAA{c}"}).status_code
        for c in "ABCDEFGHJKLM"
    ]
    assert codes[:10] == [403] * 10 and codes[10:] == [429, 429]
    # Many addresses: the run locks itself, and says to scan the QR code instead.
    for i in range(40):
        Client(REMOTE_ADDR=f"10.0.{i}.9").post("/volunteer/", {"pin": f"{today_run.pk}-ZZZZ-ZZZZ"})
    locked = Client(REMOTE_ADDR="10.9.9.9").post(
        "/volunteer/", {"pin": f"{today_run.pk}-ZZZZ-ZZZY"}
    )
    assert locked.status_code == 429 and b"QR" in locked.content


def test_a_revoked_pin_signs_its_phones_out(today_run, sign_in, client, val):
    new = sign_in(client, today_run, "desk")
    lead = Client()
    lead.force_login(val)
    url = f"/events/{today_run.pk}/volunteers/pins/{new.pin.pk}/revoke/"
    assert lead.post(url).status_code == 302
    assert client.get(f"/events/{today_run.pk}/desk/").status_code == 403
    assert Client().post("/volunteer/", {"pin": new.text}).status_code == 403


def test_a_new_pin_for_a_role_retires_the_old_one(today_run, make_pin):
    first = make_pin(today_run)
    make_pin(today_run)
    assert Client().post("/volunteer/", {"pin": first.text}).status_code == 403


def test_a_pass_ends_with_the_run(today_run, sign_in, client):
    sign_in(client, today_run, "desk")
    today_run.status = "finished"
    today_run.save()
    assert client.get(f"/events/{today_run.pk}/desk/").status_code == 403


def test_leaving_ends_the_pass(today_run, sign_in, client):
    sign_in(client, today_run, "desk")
    response = client.post(f"/volunteer/events/{today_run.pk}/leave/")
    assert response.status_code == 200 and b"volunteer-left" in response.content
    assert VolunteerPass.objects.get().revoked_at is not None
    assert client.get(f"/events/{today_run.pk}/desk/").status_code == 302  # login


def test_a_timer_pin_hands_the_phone_a_working_device_token(today_run, make_pin, client):
    new = make_pin(today_run, "timer")
    page = client.post("/volunteer/", {"pin": new.text, "name": "Finish A"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    volunteer = VolunteerPass.objects.get()
    token = volunteer.device.token
    assert f'data-token="{token}"'.encode() in page.content
    records = [{"seq": 1, "kind": "finish", "time_us": 1_800_000_000_000_000}]
    synced = client.post(
        f"/api/v1/timing/events/{today_run.pk}/sync",
        {"records": records},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert synced.status_code == 200 and synced.json()["created"] == 1
    # Revoking the PIN cuts the timer's token too.
    from memorialmiles.raceday.access import revoke_pin

    revoke_pin(new.pin)
    again = client.post(
        f"/api/v1/timing/events/{today_run.pk}/sync",
        {"records": records},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert again.status_code == 401


def test_volunteer_can_answers_for_organizers_and_pin_phones(today_run, sign_in, client, alice):
    from django.test import RequestFactory

    from memorialmiles.raceday.access import volunteer_can

    request = RequestFactory().get("/")
    request.user = alice
    request.session = {}
    assert volunteer_can(request, today_run, "ceremony")
    sign_in(client, today_run, "ceremony")
    request.user = type("Anon", (), {"is_authenticated": False, "is_active": False})()
    request.session = {"mm_volunteer_passes": [VolunteerPass.objects.get().pk]}
    assert volunteer_can(request, today_run, "ceremony")
    assert not volunteer_can(request, today_run, "desk")
    with pytest.raises(ValueError):
        volunteer_can(request, today_run, "admin")
