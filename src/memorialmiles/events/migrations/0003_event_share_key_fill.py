"""Unlisted runs get a secret address: the key is added empty, then filled one row at a time."""

import secrets

from django.db import migrations, models


def fill(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    for pk in Event.objects.filter(share_key__isnull=True).values_list("pk", flat=True):
        Event.objects.filter(pk=pk).update(share_key=secrets.token_urlsafe(18))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_registration_one_active_person_and_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="share_key",
            field=models.CharField(editable=False, max_length=40, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
