"""A flag is carried on one of its own run's miles: the back office offers no other, and every
path (a forged post, the model, the shell) refuses another run's dedication."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from events.adminkit import event_post, management
from memorialmiles.events.models import Dedication, Event, MemorialItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def other_run(make_hero):
    event = Event.objects.create(title="Another run", time_zone="America/Denver")
    hero = make_hero(first_name="Other", last_name="Hero")
    Dedication.objects.create(event=event, hero=hero, mile=77)
    return event


def _flag_post(run: Event, dedication: Dedication) -> dict[str, str]:
    data = event_post(title=run.title, time_zone=run.time_zone, status=run.status)
    data.update(management("memorial_items", total=1))
    data.update(
        {
            "memorial_items-0-kind": "flag",
            "memorial_items-0-status": "carried",
            "memorial_items-0-recipient_kind": "family",
            "memorial_items-0-dedication": str(dedication.pk),
        }
    )
    return data


def _options(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    return page[start : page.index("</select>", start)]


def test_it_offers_only_the_runs_own_miles(client, root, scheduled_run, other_run):
    page = client.get(f"/admin/events/event/{scheduled_run.pk}/change/").content.decode()
    own = scheduled_run.dedications.get()
    choices = _options(page, "memorial_items-__prefix__-dedication")
    assert f'value="{own.pk}"' in choices
    assert f'value="{other_run.dedications.get().pk}"' not in choices
    assert "Other Hero" not in choices


def test_it_refuses_another_runs_mile_posted_by_hand(client, root, scheduled_run, other_run):
    foreign = other_run.dedications.get()
    response = client.post(
        f"/admin/events/event/{scheduled_run.pk}/change/", _flag_post(scheduled_run, foreign)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not MemorialItem.objects.exists()


def test_it_accepts_the_runs_own_mile(client, root, scheduled_run):
    own = scheduled_run.dedications.get()
    response = client.post(
        f"/admin/events/event/{scheduled_run.pk}/change/", _flag_post(scheduled_run, own)
    )
    assert response.status_code == 302
    assert MemorialItem.objects.get().dedication == own


def test_it_refuses_another_runs_mile_on_the_items_own_page(client, root, scheduled_run, other_run):
    foreign = other_run.dedications.get()
    response = client.post(
        "/admin/events/memorialitem/add/",
        {
            "event": str(scheduled_run.pk),
            "dedication": str(foreign.pk),
            "kind": "flag",
            "status": "carried",
            "recipient_kind": "family",
        },
    )
    assert response.status_code == 200
    assert "belongs to another run" in response.content.decode()
    assert not MemorialItem.objects.exists()


def test_the_model_refuses_it_on_every_path(scheduled_run, other_run):
    item = MemorialItem(
        event=scheduled_run, kind="flag", status="carried", dedication=other_run.dedications.get()
    )
    with pytest.raises(ValidationError, match="another run"):
        item.full_clean()
    with pytest.raises(ValidationError, match="another run"):
        item.save()
    assert not MemorialItem.objects.exists()
