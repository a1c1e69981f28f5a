"""An Idempotency-Key header with a NUL is refused (422) before any query: it was stored with
the registration, and PostgreSQL refuses NUL in text (a 500 there). The test reads the
queries sent, so it fails on SQLite too."""

import pytest
from django.db import connection

from memorialmiles.events.models import Registration

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_idempotency_key_is_422_and_never_stored(client, scheduled_run):
    sent = []

    def spy(execute, sql, params, many, context):
        sent.extend(str(p) for p in (params or ()))
        return execute(sql, params, many, context)

    body = {
        "first_name": "Pat",
        "last_name": "Runner",
        "email": "pat@example.com",
        "emergency_name": "Sam",
        "emergency_phone": "555-0142",
        "accept_waiver": True,
    }
    with connection.execute_wrapper(spy):
        response = client.post(
            f"/api/v1/events/{scheduled_run.pk}/registrations",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="retry-1\x00",
        )
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert not [p for p in sent if "\x00" in p]
    assert not Registration.objects.exists()
