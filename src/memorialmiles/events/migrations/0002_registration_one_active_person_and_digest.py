"""A cancelled person may register again; an Idempotency-Key remembers what it was sent with."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="registration",
            name="registration_unique_person",
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "cancelled"), _negated=True),
                fields=("event", "person_key"),
                name="registration_unique_active_person",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="idempotency_digest",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="sha256 of what the key was sent with.",
                max_length=64,
            ),
        ),
    ]
