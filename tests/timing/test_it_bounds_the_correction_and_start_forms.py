"""The timing lead's forms take the bounds the phones and chip files get: a record or a
correction id beyond 64 bits, a NUL in a bib, a reason or a wave (PostgreSQL refuses NUL in
text) and a bib over 40 characters are refused with a message, never a 500 or a stored row."""

import pytest
from django.test import Client

from memorialmiles.timing.models import Correction, StartSignal

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def lead(race, alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    return client


@pytest.mark.parametrize(
    "data",
    [
        {"action": "void_read", "record": HUGE, "why": "a double read"},
        {"action": "assign_read", "record": HUGE, "bib": "1", "why": "misread"},
        {"action": "undo", "target": HUGE, "why": "my mistake"},
        {"action": "set_status", "bib": "1\x00", "status": "DQ", "why": "cut the course"},
        {"action": "set_status", "bib": "1", "status": "DQ", "why": "cut\x00 the course"},
        {"action": "set_status", "bib": "1" * 41, "status": "DQ", "why": "cut the course"},
    ],
)
def test_a_correction_with_a_bad_value_is_refused(lead, race, data):
    response = lead.post(f"/timing/events/{race.pk}/corrections/", data, follow=True)
    assert response.status_code == 200
    assert not Correction.objects.exists()


def test_a_start_signal_with_a_nul_in_its_wave_is_refused(lead, race):
    response = lead.post(
        f"/timing/events/{race.pk}/start/", {"time": "11:55:00", "wave": "A\x00"}, follow=True
    )
    assert response.status_code == 200
    assert not StartSignal.objects.exists()


def test_a_good_correction_is_still_saved(lead, race):
    lead.post(
        f"/timing/events/{race.pk}/corrections/",
        {"action": "set_status", "bib": "1", "status": "DQ", "why": "cut the course"},
    )
    assert Correction.objects.count() == 1
