"""Personas and small factories shared by every test.

Alice organizes, Liam is an agency liaison, Val volunteers on the day, and Charlie is a stranger
who should have no access to anything private.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

# Marks given by folder, so CI's passes can choose (`-m "not e2e and not pure"`). The pure cores
# import no Django (the style rule, and tests/tours/test_cli.py checks it for one): their tests
# answer the same whatever DATABASE_URL and REDIS_URL say, so CI runs them on its SQLite pass
# only, as it does the browser tests (tests/e2e), which drive the same pages on both databases.
MARKS_BY_FOLDER = {
    "gps": "pure",
    "results": "pure",
    "registry": "pure",
    "tours": "pure",
    "e2e": "e2e",
}


@pytest.hookimpl(tryfirst=True)  # before tests/e2e/conftest.py skips what is marked e2e
def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        path = Path(str(item.fspath))
        if path.is_relative_to(here) and (
            mark := MARKS_BY_FOLDER.get(path.relative_to(here).parts[0])
        ):
            item.add_marker(getattr(pytest.mark, mark))


@pytest.fixture(scope="session", autouse=True)
def _passwords_hashed_once_a_process():
    """The site's PBKDF2, each password hashed once (tests/one_salt.py)."""
    from django.conf import settings
    from django.test import override_settings

    hashers = [h for h in settings.PASSWORD_HASHERS if not h.endswith(".PBKDF2PasswordHasher")]
    with override_settings(PASSWORD_HASHERS=["one_salt.OneSaltPBKDF2PasswordHasher", *hashers]):
        yield


def _user(django_user_model, username, role=None, **extra):
    from django.contrib.auth.models import Group

    from memorialmiles.core.roles import GROUP_NAMES

    user = django_user_model.objects.create_user(
        username=username, password="pw-" + username, **extra
    )
    if role:
        # get_or_create: a transactional test empties the tables, the role groups with them.
        user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[role])[0])
    return user


@pytest.fixture
def alice(db, django_user_model):
    from memorialmiles.core.roles import Role

    return _user(django_user_model, "alice", Role.ORGANIZER)


@pytest.fixture
def liam(db, django_user_model):
    from memorialmiles.core.roles import Role

    return _user(django_user_model, "liam", Role.LIAISON)


@pytest.fixture
def val(db, django_user_model):
    from memorialmiles.core.roles import Role

    return _user(django_user_model, "val", Role.VOLUNTEER)


@pytest.fixture
def charlie(db, django_user_model):
    return _user(django_user_model, "charlie")


@pytest.fixture
def huntsville_pd(db):
    from memorialmiles.honors.models import Agency

    return Agency.objects.create(
        name="Huntsville Police Department",
        key="huntsville police department",
        kind="police",
        city="Huntsville",
        state="AL",
    )


def _make_hero(agency=None, **fields):
    from memorialmiles.honors.models import Hero

    defaults = {
        "rank": "Officer",
        "first_name": "Garrett",
        "last_name": "Crumby",
        "service": "police",
        "state": agency.state if agency else "AL",
        "end_of_watch": dt.date(2023, 3, 28),
        "cause": "Gunfire",
    }
    defaults.update(fields)
    return Hero.objects.create(agency=agency, **defaults)


@pytest.fixture
def make_hero(db):
    """Create a hero; Officer Garrett Crumby unless told otherwise."""
    return _make_hero


@pytest.fixture
def crumby(huntsville_pd):
    return _make_hero(huntsville_pd)


@pytest.fixture(scope="session", autouse=True)
def session_private_root(tmp_path_factory):
    """Files no proxy serves (stored uploads, certificate batches, drawn share cards) go to a
    folder of the test session's own, never the checkout's var/."""
    from django.conf import settings

    settings.PRIVATE_ROOT = tmp_path_factory.mktemp("private")
    return settings.PRIVATE_ROOT


@pytest.fixture(autouse=True)
def empty_private_root(session_private_root):
    """Each test starts with no drawn card, stored upload or batch of an earlier test."""
    import shutil

    if any(session_private_root.iterdir()):
        shutil.rmtree(session_private_root)
        session_private_root.mkdir()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counters and login failures (kept
    in the shared cache) must not carry over from one test to the next."""
    from django.core.cache import cache

    from memorialmiles.core.pagecache import forget_near
    from memorialmiles.honors import held_roll, vocabulary

    cache.clear()
    forget_near()  # this process's copies of cached pages (web branch)
    vocabulary.forget()  # and of the roll's words
    held_roll.forget()  # and of its heroes' words
    yield
