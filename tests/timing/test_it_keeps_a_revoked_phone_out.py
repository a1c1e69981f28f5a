"""Revoking a phone (lost, stolen, in the wrong hands) also ends the join code it came in with:
the code stayed good for its 15 minutes, and the phone revoked at minute 2 joined again with
it at once and kept timing. The lead shows a new code for the other phones."""

import pytest

from memorialmiles.timing.models import TimingDevice
from memorialmiles.timing.sync import create_join_code, join

pytestmark = pytest.mark.django_db


def _join(client, code: str, name: str):
    return client.post(
        "/api/v1/timing/join", {"code": code, "name": name}, content_type="application/json"
    )


def test_a_revoked_phone_cannot_join_again_with_its_code(client, race, alice):
    code = create_join_code(race, None)
    stolen = join(code.code, "Stolen phone", "both")
    client.force_login(alice)
    client.post(f"/timing/events/{race.pk}/devices/{stolen.pk}/revoke/")
    client.logout()
    assert _join(client, code.code, "Stolen phone").status_code == 403
    assert TimingDevice.objects.filter(revoked=False).count() == 0


def test_a_new_code_lets_the_other_phones_in(client, race, alice):
    code = create_join_code(race, None)
    stolen = join(code.code, "Stolen phone", "both")
    client.force_login(alice)
    client.post(f"/timing/events/{race.pk}/devices/{stolen.pk}/revoke/")
    client.logout()
    fresh = create_join_code(race, None)
    assert _join(client, fresh.code, "Finish phone").status_code == 200
