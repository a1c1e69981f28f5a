import datetime as dt

from django.utils import timezone

from memorialmiles.timing.models import JoinCode, TimingDevice


def test_it_trades_a_code_for_a_device_token(client, race):
    from memorialmiles.timing.sync import create_join_code

    code = create_join_code(race, None)
    response = client.post(
        "/api/v1/timing/join",
        {"code": code.code.lower(), "name": "Gate phone"},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    device = TimingDevice.objects.get()
    assert (data["token"], data["event_id"], device.name) == (device.token, race.pk, "Gate phone")
    assert data["timer_url"] == f"/timing/events/{race.pk}/timer/"


def test_it_refuses_an_expired_or_unknown_code(client, race):
    expired = JoinCode.objects.create(
        event=race, expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    for code in (expired.code, "NOPE42"):
        response = client.post(
            "/api/v1/timing/join", {"code": code}, content_type="application/json"
        )
        assert response.status_code == 403  # the code is the phone's credential
        assert "expired" in response.json()["detail"]
    assert not TimingDevice.objects.exists()


def test_it_shows_the_lead_a_code_and_refuses_charlie(client, race, val, charlie):
    client.force_login(charlie)
    assert client.get(f"/timing/events/{race.pk}/").status_code == 403
    assert client.post(f"/timing/events/{race.pk}/code/").status_code == 403
    assert not JoinCode.objects.exists()
    client.force_login(val)
    client.post(f"/timing/events/{race.pk}/code/")
    code = JoinCode.objects.get()
    page = client.get(f"/timing/events/{race.pk}/").content.decode()
    assert code.code in page
    assert f"/timing/join/?code={code.code}" in page


def test_it_sends_strangers_to_the_login_page(client, race):
    response = client.get(f"/timing/events/{race.pk}/review/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
