from __future__ import annotations

import datetime as dt

import pytest


def member(django_user_model, username: str, group: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username=username, password="pw-" + username)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def carol(db, django_user_model):
    """On the grant committee."""
    return member(django_user_model, "carol", "Grant committee")


@pytest.fixture
def chris(db, django_user_model):
    """Also on the grant committee."""
    return member(django_user_model, "chris", "Grant committee")


@pytest.fixture
def bea(db, django_user_model):
    """On the board."""
    return member(django_user_model, "bea", "Board")


@pytest.fixture
def private_root(db, tmp_path, settings):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_ROOT


@pytest.fixture
def run(db, crumby):
    from memorialmiles.events.models import Dedication, Event

    event = Event.objects.create(
        title="Memorial Mile for Officer Crumby",
        starts_at=dt.datetime(2027, 1, 16, 23, 30, tzinfo=dt.UTC),
        time_zone="America/Chicago",
        place_name="Huntsville, Alabama",
        status="scheduled",
    )
    Dedication.objects.create(event=event, hero=crumby, mile=1095)
    return event
