"""A secret in a path (a runner's registration token, an unlisted run's share key) holding a NUL
answers 404 before any query: PostgreSQL refuses NUL in text, so the look-up was a 500 there.
The test reads the queries sent, so it fails on SQLite too."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("secret", ["%00", "abc%00def"])
def test_a_nul_in_a_path_secret_is_404_and_never_queried(client, scheduled_run, secret):
    for url in (
        f"/events/shared/{secret}/",
        f"/events/{scheduled_run.pk}/registered/{secret}/",
        f"/events/{scheduled_run.pk}/registered/{secret}/cancel/",
    ):
        sent = []

        def spy(execute, sql, params, many, context):
            sent.extend(str(p) for p in (params or ()))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(spy):
            response = client.get(url)
        assert response.status_code == 404, url
        assert not [p for p in sent if "\x00" in p], url
        assert client.post(url).status_code in (404, 405), url
