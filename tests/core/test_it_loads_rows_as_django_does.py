"""`core.loading.QuickLoad`: a hero or agency read from the database is the instance Django's
own `Model.__init__` would have built: its columns, its deferred ones, saved as an update."""

import pytest
from django.db.models.signals import post_init

from memorialmiles.honors.models import Hero

pytestmark = pytest.mark.django_db


def test_a_hero_read_with_its_agency_and_deferred_columns_is_as_django_builds_it(crumby):
    hero = Hero.objects.for_list().get(pk=crumby.pk)
    assert type(hero) is Hero and not hero._state.adding and hero._state.db == "default"
    assert hero.last_name == "Crumby" and hero.agency.name == "Huntsville Police Department"
    assert {"biography", "search_text"} <= hero.get_deferred_fields()
    assert "rank" not in hero.get_deferred_fields()
    assert hero.search_text == crumby.search_text  # a deferred column loads when read
    hero.nickname = "Gary"
    hero.save(update_fields=["nickname"])
    assert Hero.objects.count() == 1 and Hero.objects.get().nickname == "Gary"
    hero.refresh_from_db()
    assert hero == crumby and hash(hero) == hash(crumby)


def test_a_model_someone_listens_to_is_built_by_django(crumby):
    seen = []

    def listen(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(listen, sender=Hero)
    try:
        assert Hero.objects.get(pk=crumby.pk).last_name == "Crumby"
    finally:
        post_init.disconnect(listen, sender=Hero)
    assert seen == [crumby.pk]
    assert Hero.objects.get(pk=crumby.pk).pk == crumby.pk and seen == [crumby.pk]
