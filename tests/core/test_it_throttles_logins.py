"""Logins are limited by django-axes, per username and per client address, in the cache."""

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def fast_hashes(settings):
    """A cheap hasher (set before the personas are made): the limit, not PBKDF2, is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def attempt(client, url, username, password, address="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_it_refuses_the_right_password_after_80_wrong_ones(client, alice, url):
    for n in range(80):
        response = attempt(client, url, "alice", f"guess-{n}")
        assert response.status_code in (200, 429)
        assert not logged_in(client)
    response = attempt(client, url, "alice", "pw-alice")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert "Too many failed logins" in response.content.decode()
    assert "Memorial Miles" in response.content.decode()  # the site's page, not a bare text
    assert not logged_in(client)


def test_it_locks_at_the_tenth_failure_not_before(client, alice):
    for n in range(9):
        assert attempt(client, LOGIN, "alice", f"guess-{n}").status_code == 200
    assert attempt(client, LOGIN, "alice", "pw-alice").status_code == 302
    assert logged_in(client)


def test_it_locks_the_username_whatever_address_guesses(client, alice):
    for n in range(10):
        attempt(client, LOGIN, "alice", f"guess-{n}", address=f"198.51.100.{n}")
    response = attempt(client, LOGIN, "alice", "pw-alice", address="192.0.2.200")
    assert response.status_code == 429
    assert not logged_in(client)


def test_it_locks_the_address_whatever_username_it_tries(client, alice, charlie):
    for n in range(10):
        attempt(client, LOGIN, f"someone-{n}", "guess")
    assert attempt(client, LOGIN, "charlie", "pw-charlie").status_code == 429
    assert not logged_in(client)
    # Another address is not locked for a username that was never guessed.
    assert attempt(client, LOGIN, "charlie", "pw-charlie", address="192.0.2.9").status_code == 302


def test_it_ignores_a_forwarded_header_it_was_not_told_to_trust(client, alice):
    for n in range(10):
        client.post(
            LOGIN,
            {"username": f"user-{n}", "password": "x"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = client.post(
        LOGIN,
        {"username": "alice", "password": "pw-alice"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert response.status_code == 429


def test_an_operator_can_lift_a_username_lock(client, alice):
    from django.core.management import call_command

    for n in range(10):
        attempt(client, LOGIN, "alice", f"guess-{n}", address=f"198.51.100.{n}")
    assert attempt(client, LOGIN, "alice", "pw-alice", address="192.0.2.1").status_code == 429
    call_command("axes_reset_username", "alice", verbosity=0)
    assert attempt(client, LOGIN, "alice", "pw-alice", address="192.0.2.1").status_code == 302
