"""One fixture world per test module, rolled back at its end; each cell rolls back its own."""

from __future__ import annotations

import pytest

from security.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.db import transaction
    from django.test import override_settings

    # The login row tries a wrong password: a fast hasher keeps that from costing a second.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    # Every cell comes from one address: the rate limits (tested in tests/core) must not turn
    # a rights check into a 429. The walker also empties the cache before each cell.
    unlimited = override_settings(RATELIMIT_ENABLED=False)
    with fast, unlimited, django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sessions(world: World) -> dict[str, str]:
    """A signed-in session for each persona with an account (the cookie's value)."""
    from tests.sessions import session_cookie

    return {persona: session_cookie(user) for persona, user in world.users.items()}
