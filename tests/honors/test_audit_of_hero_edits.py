"""The honor roll never loses an edit: every change to a hero is in the audit trail, before and
after, whoever made it (an organizer in the back office, a registry import, a merge)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from memorialmiles.honors.importer import import_heroes
from memorialmiles.honors.merge import merge_heroes
from memorialmiles.honors.models import Hero, ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return user


def _entries(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
    ).order_by("id")


def _hero_post(hero: Hero, **fields: str) -> dict[str, str]:
    data = {
        "rank": hero.rank,
        "first_name": hero.first_name,
        "last_name": hero.last_name,
        "service": hero.service,
        "agency": str(hero.agency_id or ""),
        "state": hero.state,
        "country": hero.country,
        "end_of_watch": str(hero.end_of_watch or ""),
        "cause": hero.cause,
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_it_keeps_a_name_edited_in_the_back_office(client, root, crumby):
    url = f"/admin/honors/hero/{crumby.pk}/change/"
    response = client.post(url, _hero_post(crumby, first_name="Gary"))
    assert response.status_code == 302
    entry = _entries(crumby).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == root
    assert entry.changes_dict == {"first_name": ["Garrett", "Gary"]}
    assert entry.additional_data["actor"] == {"kind": "user", "id": root.pk, "username": "root"}
    page = client.get(f"/admin/honors/hero/{crumby.pk}/history/").content.decode()
    assert "Garrett" in page and "Gary" in page and "root" in page


def test_it_saves_nothing_for_a_save_that_changes_nothing(client, root, crumby):
    client.post(f"/admin/honors/hero/{crumby.pk}/change/", _hero_post(crumby))
    assert not _entries(crumby).filter(action=LogEntry.Action.UPDATE).exists()


def test_it_records_an_import_as_one_entry_and_each_update_with_before_and_after(firefighters):
    first = import_heroes(firefighters, format="csv", service="fire")
    assert first.counts["imported"] == 3
    run = ImportRun.objects.get()
    entry = _entries(run).get()
    heroes = sorted(Hero.objects.values_list("id", flat=True))
    assert entry.actor is None
    assert entry.additional_data["actor"] == {"kind": "system"}
    assert entry.additional_data["bulk"] == "honors.import"
    assert entry.additional_data["counts"]["imported"] == 3
    assert entry.additional_data["import_run"] == run.pk
    assert (entry.additional_data["first_hero_id"], entry.additional_data["last_hero_id"]) == (
        heroes[0],
        heroes[-1],
    )
    assert entry.changes_dict["imported"] == ["", "3"]

    firefighters.write_bytes(firefighters.read_bytes().replace(b"Captain", b"Battalion Chief"))
    second = import_heroes(firefighters, format="csv", service="fire")
    assert second.counts["updated"] == 1
    smith = Hero.objects.get(last_name="Smith")
    update = _entries(smith).get(action=LogEntry.Action.UPDATE)
    assert update.changes_dict == {"rank": ["Captain", "Battalion Chief"]}
    assert update.additional_data["import_run"] == ImportRun.objects.latest("id").pk


def test_a_dry_run_leaves_no_entry(firefighters):
    import_heroes(firefighters, format="csv", service="fire", dry_run=True)
    assert not LogEntry.objects.exists()


def test_it_records_a_merge_and_the_records_it_removed(root, make_hero, huntsville_pd):
    keep = make_hero(huntsville_pd)
    twin = make_hero(huntsville_pd, first_name="Garret", cause="")
    merge_heroes(keep, [twin], user=root)
    merged = _entries(keep).filter(action=LogEntry.Action.UPDATE).get()
    assert merged.additional_data["merged"] == [twin.pk]
    removed = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Hero),
        object_pk=str(twin.pk),
        action=LogEntry.Action.DELETE,
    )
    assert removed.object_repr == str(twin)
