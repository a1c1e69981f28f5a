"""Organizers read the audit trail in the back office; liaisons, volunteers and strangers never."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_organizer(django_user_model):
    """Staff without a single model permission: being an organizer is what opens the trail."""
    return django_user_model.objects.create_user("olga", password="pw", is_staff=True)


def _pages(event, hero) -> list[str]:
    entry = LogEntry.objects.filter(object_pk=str(event.pk)).first()
    return [
        "/admin/auditlog/logentry/",
        f"/admin/auditlog/logentry/{entry.pk}/change/",
        f"/admin/events/event/{event.pk}/history/",
        f"/admin/honors/hero/{hero.pk}/history/",
    ]


def test_it_lets_an_organizer_read_the_trail(client, staff_organizer, scheduled_run, crumby):
    client.force_login(staff_organizer)
    for url in _pages(scheduled_run, crumby):
        response = client.get(url)
        assert response.status_code == 200, url
    listing = client.get("/admin/auditlog/logentry/").content.decode()
    assert "Memorial mile for Officer Garrett Crumby" in listing


@pytest.mark.parametrize("persona", ["liam", "val", "charlie", None])
def test_it_shows_nothing_to_anyone_else(client, request, persona, scheduled_run, crumby):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for url in _pages(scheduled_run, crumby):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/")
        assert "Crumby" not in response.content.decode()


def test_nobody_edits_or_deletes_an_entry(client, django_user_model, scheduled_run):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    entry = LogEntry.objects.filter(object_pk=str(scheduled_run.pk)).first()
    assert client.get(f"/admin/auditlog/logentry/{entry.pk}/delete/").status_code == 403
    client.post(f"/admin/auditlog/logentry/{entry.pk}/change/", {"object_repr": "forged"})
    entry.refresh_from_db()
    assert entry.object_repr != "forged"


def test_the_change_pages_link_to_their_history(client, django_user_model, scheduled_run, crumby):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    for base in (f"/admin/events/event/{scheduled_run.pk}/", f"/admin/honors/hero/{crumby.pk}/"):
        page = client.get(f"{base}change/").content.decode()
        assert f'href="{base}history/"' in page
