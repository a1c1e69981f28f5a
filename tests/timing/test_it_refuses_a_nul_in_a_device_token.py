"""A device token with a NUL (a forged Authorization header) is refused like any unknown token
(401), before any query: PostgreSQL refuses NUL in text, and the look-up was a 500 there. The
test reads the queries sent, so it fails on SQLite too."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_bearer_token_is_401_and_never_queried(client, race, phone):
    sent = []

    def spy(execute, sql, params, many, context):
        sent.extend(str(p) for p in (params or ()))
        return execute(sql, params, many, context)

    header = {"HTTP_AUTHORIZATION": f"Bearer {phone.token}\x00"}
    with connection.execute_wrapper(spy):
        status = client.get(f"/api/v1/timing/events/{race.pk}/device", **header)
        sync = client.post(
            f"/api/v1/timing/events/{race.pk}/sync",
            {"records": []},
            content_type="application/json",
            **header,
        )
    assert (status.status_code, sync.status_code) == (401, 401)
    assert not [p for p in sent if "\x00" in p]
