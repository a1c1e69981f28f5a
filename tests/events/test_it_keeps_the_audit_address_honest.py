"""The audit trail's address is the one the rate limits believe: REMOTE_ADDR, or the header a
trusted proxy sets (CLIENT_IP_HEADER). django-auditlog read X-Forwarded-For and
X-Forwarded-Port from anyone: a stranger wrote the address of their choice into the trail, and
a forged port (beyond 64 bits) or a forged address ("not-an-ip", an inet column on
PostgreSQL) made the public registration a 500."""

import pytest
from auditlog.models import LogEntry
from django.test import Client, override_settings

from memorialmiles.events.models import Registration

pytestmark = pytest.mark.django_db

BODY = {
    "first_name": "Pat",
    "last_name": "Runner",
    "email": "pat@example.com",
    "emergency_name": "Sam",
    "emergency_phone": "555-0142",
    "accept_waiver": True,
}


def register(event, **headers):
    client = Client(raise_request_exception=False)
    return client.post(
        f"/api/v1/events/{event.pk}/registrations",
        BODY,
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
        **headers,
    )


def addresses(event) -> set:
    """(address, port) of the registration's entries that name one (its creation does)."""
    registration = Registration.objects.get(event=event)
    entries = LogEntry.objects.filter(object_pk=str(registration.pk))
    return {(a, p) for a, p in entries.values_list("remote_addr", "remote_port") if a or p}


@pytest.mark.parametrize(
    "forged",
    [
        {"HTTP_X_FORWARDED_FOR": "6.6.6.6"},
        {"HTTP_X_FORWARDED_FOR": "not-an-ip"},
        {"HTTP_X_FORWARDED_PORT": "99999999999999999999"},
    ],
)
def test_a_forged_forwarded_header_is_not_believed(scheduled_run, forged):
    response = register(scheduled_run, **forged)
    assert response.status_code == 200
    assert addresses(scheduled_run) == {("203.0.113.9", None)}


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For", CLIENT_IP_PROXY_COUNT=1)
def test_the_trusted_proxys_address_is_recorded(scheduled_run):
    response = register(scheduled_run, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    assert response.status_code == 200
    assert addresses(scheduled_run) == {("198.51.100.4", None)}
