"""A chip import's duplicate key: everything that decides its reads, not the file's bytes alone.

In steps: add the columns, fill the key of every import made so far, then swap the unique
constraint. Imports made before this kept no tag table, so theirs is taken as "none".
"""

import hashlib
import json
import zoneinfo

from django.db import migrations, models


def _key(chip_import) -> str:
    """A frozen copy of ``timing.imports.import_key`` as it was when this migration was written."""
    event = chip_import.event
    local = event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone)) if event.starts_at else None
    parts = {
        "file": chip_import.sha256,
        "format": chip_import.format,
        "kind": chip_import.kind,
        "offset_s": repr(float(chip_import.offset_s) + 0.0),
        "tags": "",
        "date": local.date().isoformat() if local else "",
        "zone": event.time_zone,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def fill_keys(apps, schema_editor):
    ChipImport = apps.get_model("timing", "ChipImport")
    for chip_import in ChipImport.objects.select_related("event").iterator():
        chip_import.key = _key(chip_import)
        chip_import.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("timing", "0003_raw_record_covering_index_sqlite_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="chipimport",
            name="key",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="chipimport",
            name="tags_sha256",
            field=models.CharField(
                blank=True, default="", help_text="Empty: no tag table.", max_length=64
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="chipimport",
            name="chip_import_unique_file",
        ),
        migrations.AddConstraint(
            model_name="chipimport",
            constraint=models.UniqueConstraint(
                fields=("event", "key"), name="chip_import_unique_reading"
            ),
        ),
    ]
