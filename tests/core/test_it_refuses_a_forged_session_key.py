"""A session cookie is a key Django made (lowercase letters and digits). A forged one such as
`"abcdefghij\\000kl"` (a quoted cookie's octal escape is a real NUL once read) was looked up
as it came, and PostgreSQL refuses NUL in text: every page answered 500 for that visitor.
It is now an unknown session, never queried. The test reads the queries sent, so it fails on
SQLite too."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("forged", ["abcdefghij\x00kl", "ABCDEFGHIJ'--", "x" * 5000])
def test_a_forged_session_key_is_a_new_session_and_never_queried(client, forged):
    from django.conf import settings

    sent = []

    def spy(execute, sql, params, many, context):
        sent.extend(str(p) for p in (params or ()))
        return execute(sql, params, many, context)

    client.cookies[settings.SESSION_COOKIE_NAME] = forged
    with connection.execute_wrapper(spy):
        response = client.get("/events/")
    assert response.status_code == 200
    assert forged not in sent


def test_a_real_session_still_signs_in(client, alice):
    client.force_login(alice)
    assert client.get("/events/").context["user"] == alice
