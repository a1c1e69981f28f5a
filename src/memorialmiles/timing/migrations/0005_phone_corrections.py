"""Corrections made on a timer phone: the phone that made it, its sequence number, its time."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timing", "0004_chip_import_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="correction",
            name="device",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="corrections",
                to="timing.timingdevice",
            ),
        ),
        migrations.AddField(
            model_name="correction",
            name="device_seq",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="correction",
            name="device_time_us",
            field=models.BigIntegerField(
                blank=True, help_text="When the phone made it (it may sync later).", null=True
            ),
        ),
        migrations.AddConstraint(
            model_name="correction",
            constraint=models.UniqueConstraint(
                condition=models.Q(("device__isnull", False)),
                fields=("device", "device_seq"),
                name="correction_unique_device_seq",
            ),
        ),
    ]
