"""Each source link keeps the digest of the record it came from, so that re-importing an
unchanged registry file skips reading its rows again (honors.importer)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("honors", "0007_merge_pipeline_and_search")]

    operations = [
        migrations.AddField(
            model_name="sourcelink",
            name="digest",
            field=models.CharField(
                blank=True, db_default="", default="", editable=False, max_length=32
            ),
        ),
    ]
