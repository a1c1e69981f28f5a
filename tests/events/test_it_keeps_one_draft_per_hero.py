"""'Plan a mile' clicked twice (or by two organizers at once) makes one draft per hero, and the
hero's page tells the organizer a mile is being planned instead of offering the button again."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from memorialmiles.events.models import Event
from memorialmiles.events.services import plan_mile


@pytest.mark.django_db
def test_a_second_click_opens_the_same_draft(client, alice, crumby):
    client.force_login(alice)
    first = client.post(f"/heroes/{crumby.pk}/plan-mile/")
    second = client.post(f"/heroes/{crumby.pk}/plan-mile/", follow=True)
    event = Event.objects.get()
    assert first["Location"] == f"/events/{event.pk}/edit/"
    assert second.redirect_chain[-1][0] == f"/events/{event.pk}/edit/"
    assert "already being planned" in second.content.decode()
    assert event.dedications.count() == 1


@pytest.mark.django_db
def test_the_heros_page_says_a_mile_is_being_planned(client, alice, charlie, crumby):
    client.force_login(alice)
    client.post(f"/heroes/{crumby.pk}/plan-mile/")
    event = Event.objects.get()
    page = client.get(crumby.get_absolute_url()).content.decode()
    assert "A mile is being planned" in page
    assert f"/events/{event.pk}/edit/" in page
    assert "Plan a mile</button>" not in page
    for user in (charlie, None):
        client.logout()
        if user:
            client.force_login(user)
        public = client.get(crumby.get_absolute_url()).content.decode()
        assert "being planned" not in public and f"/events/{event.pk}/" not in public


@pytest.mark.django_db
def test_a_published_or_cancelled_mile_lets_the_organizer_plan_again(alice, crumby):
    first, created = plan_mile(crumby, alice)
    assert created
    Event.objects.filter(pk=first.pk).update(status="cancelled")
    second, created = plan_mile(crumby, alice)
    assert created and second.pk != first.pk
    assert plan_mile(crumby, alice) == (second, False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
def test_two_organizers_at_once_make_one_draft(django_user_model):
    from django.contrib.auth.models import Group

    from conftest import _make_hero
    from memorialmiles.core.roles import GROUP_NAMES, Role

    hero = _make_hero()
    group = Group.objects.get_or_create(name=GROUP_NAMES[Role.ORGANIZER])[0]
    users = []
    for i in range(6):
        user = django_user_model.objects.create_user(username=f"org{i}", password="pw")
        user.groups.add(group)
        users.append(user)
    barrier = threading.Barrier(len(users))
    answers, errors = [], []

    def run(user):
        try:
            c = Client()
            c.force_login(user)
            barrier.wait(timeout=10)
            answers.append(c.post(f"/heroes/{hero.pk}/plan-mile/")["Location"])
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert Event.objects.count() == 1
    assert set(answers) == {f"/events/{Event.objects.get().pk}/edit/"}
