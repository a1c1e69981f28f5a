"""Every run now has its share key: make it required and unique."""

from django.db import migrations, models

import memorialmiles.events.models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_event_share_key_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="share_key",
            field=models.CharField(
                default=memorialmiles.events.models.new_share_key,
                editable=False,
                help_text="The secret in an unlisted run's share link.",
                max_length=40,
                unique=True,
            ),
        ),
    ]
