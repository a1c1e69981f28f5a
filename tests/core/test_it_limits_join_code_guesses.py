"""Join codes: one address gets 30 tries in ten minutes, then 429 with Retry-After."""

import pytest
from django.test import override_settings

from memorialmiles.timing.models import TimingDevice
from memorialmiles.timing.sync import create_join_code
from timing.timingkit import make_event

pytestmark = pytest.mark.django_db

JOIN = "/api/v1/timing/join"


def guess(client, code, address="203.0.113.7", **headers):
    return client.post(
        JOIN, {"code": code}, content_type="application/json", REMOTE_ADDR=address, **headers
    )


def test_it_refuses_the_right_code_after_30_guesses(client):
    race = make_event()
    code = create_join_code(race, None).code
    for n in range(30):
        assert guess(client, f"WRONG{n:02d}").status_code == 403  # an unknown code
    response = guess(client, code)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "Too many requests" in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= 1200
    assert not TimingDevice.objects.exists()
    # A phone on another network still joins.
    assert guess(client, code, address="198.51.100.20").status_code == 200
    assert TimingDevice.objects.count() == 1


def test_it_counts_by_address_not_by_a_forged_forwarded_header(client):
    for n in range(30):
        guess(client, "NOPE", HTTP_X_FORWARDED_FOR=f"10.0.{n}.1")
    assert guess(client, "NOPE", HTTP_X_FORWARDED_FOR="10.200.0.1").status_code == 429


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For", CLIENT_IP_PROXY_COUNT=1)
def test_it_reads_the_address_our_proxy_appended_when_told_to(client):
    # Behind our proxy every request comes from the proxy's address; the client is the
    # address the proxy appended last, whatever the client wrote in front of it.
    for n in range(30):
        guess(client, "NOPE", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7")
    blocked = guess(client, "NOPE", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert blocked.status_code == 429
    other = guess(client, "NOPE", address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other.status_code == 403


def test_it_counts_a_whole_ipv6_subscriber_network_as_one(client):
    for n in range(30):
        guess(client, "NOPE", address=f"2001:db8:1:2::{n + 1:x}")
    assert guess(client, "NOPE", address="2001:db8:1:2:ffff::9").status_code == 429
    assert guess(client, "NOPE", address="2001:db8:1:3::1").status_code == 403


def test_it_limits_the_join_page_too(client):
    for _ in range(60):
        assert client.get("/timing/join/").status_code == 200
    response = client.get("/timing/join/")
    assert response.status_code == 429
    assert response["Retry-After"]
    page = response.content.decode()
    assert "Too many requests" in page and "Memorial Miles" in page
