"""Joins two migrations written side by side: the pipeline's agency contact and family flag
(0005_agency_contact...) and the search vocabulary (0005_search_vocabulary, 0006). Neither
touches what the other adds, so their order does not matter."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("honors", "0005_agency_contact_hero_registry_only"),
        ("honors", "0006_postgres_stored_search_vector"),
    ]

    operations = []
