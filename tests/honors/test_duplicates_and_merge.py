import datetime as dt

import pytest

from memorialmiles.honors.merge import merge_heroes
from memorialmiles.honors.models import Hero, SourceLink

pytestmark = pytest.mark.django_db


def test_it_lists_name_variants_of_the_same_hero(run, huntsville_pd, make_hero):
    a = make_hero(huntsville_pd, first_name="William", middle_name="J.", last_name="Street")
    b = make_hero(huntsville_pd, first_name="William", last_name="Street")
    status, out, _ = run("honors", "duplicates")
    assert status == 0
    assert f"#{a.pk}" in out and f"#{b.pk}" in out
    assert "1 likely duplicate pair(s)" in out


def test_it_never_pairs_two_people_who_died_on_different_days(run, huntsville_pd, make_hero):
    make_hero(huntsville_pd, first_name="John", last_name="Smith", end_of_watch=dt.date(1920, 1, 1))
    make_hero(huntsville_pd, first_name="John", last_name="Smith", end_of_watch=dt.date(1954, 6, 2))
    _, out, _ = run("honors", "duplicates")
    assert "0 likely duplicate pair(s)" in out


def test_it_merges_keeping_every_source_link(alice, huntsville_pd, make_hero):
    keep = make_hero(huntsville_pd, first_name="William", last_name="Street")
    other = make_hero(
        huntsville_pd, first_name="William", middle_name="J.", last_name="Street", cause="Assault"
    )
    keep.sources.create(registry="A", source_id="1")
    other.sources.create(registry="B", source_id="2")
    assert merge_heroes(keep, [other], user=alice) == 1
    keep.refresh_from_db()
    assert not Hero.objects.filter(pk=other.pk).exists()
    assert sorted(keep.sources.values_list("registry", flat=True)) == ["A", "B"]
    assert keep.middle_name == "J."  # a blank field filled from the merged record
    assert SourceLink.objects.count() == 2


def test_it_merges_from_the_admin_after_a_confirmation(client, alice, huntsville_pd, make_hero):
    alice.is_staff = True
    alice.is_superuser = True
    alice.save()
    client.force_login(alice)
    a = make_hero(huntsville_pd, first_name="Ann", last_name="Lee")
    b = make_hero(huntsville_pd, first_name="Anne", last_name="Lee")
    url = "/admin/honors/hero/"
    confirm = client.post(url, {"action": "merge_selected", "_selected_action": [a.pk, b.pk]})
    assert "Choose the record to keep" in confirm.text
    assert Hero.objects.count() == 2
    done = client.post(
        url,
        {"action": "merge_selected", "_selected_action": [a.pk, b.pk], "keep": b.pk},
        follow=True,
    )
    assert "Merged 1 record(s) into Officer Anne Lee" in done.text
    assert list(Hero.objects.values_list("pk", flat=True)) == [b.pk]


def test_it_keeps_strangers_out_of_the_back_office(client, charlie):
    client.force_login(charlie)
    assert client.get("/admin/honors/hero/").status_code == 302
