"""Two indexes a first import built and no query read (36 ms of it on PostgreSQL).

- `honors_hero_identity_bd685521_like` (PostgreSQL, varchar_pattern_ops): the duplicate key is
  only ever compared for equality; its equality index stays, now a Meta index of the same name.
- `honors_searchword_reversed_ac3e46cf`: a plain B-tree of `reversed`, the first column of the
  covering `searchword_reversed_word` (0009), which serves the same ranges. On PostgreSQL the
  `_like` twin stays, made by hand like the GIN indexes: `reversed LIKE 'abc%'` reads it
  (the collation is not "C", so the covering index cannot answer LIKE).

The state moves with `SeparateDatabaseAndState`: altering `db_index` on SQLite would remake the
hero table, and with it drop the full-text triggers of migration 0002.
"""

from django.db import migrations, models

IDENTITY_LIKE = "honors_hero_identity_bd685521_like"
REVERSED = "honors_searchword_reversed_ac3e46cf"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {IDENTITY_LIKE}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {REVERSED}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {IDENTITY_LIKE} ON honors_hero "
            "(identity varchar_pattern_ops)"
        )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {REVERSED} ON honors_searchword (reversed)")


class Migration(migrations.Migration):
    dependencies = [("honors", "0009_searchword_reversed_word_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="hero",
                    name="identity",
                    field=models.CharField(
                        editable=False,
                        help_text=(
                            "Name, agency and end of watch folded together: the duplicate key."
                        ),
                        max_length=400,
                    ),
                ),
                migrations.AddIndex(
                    model_name="hero",
                    index=models.Index(fields=["identity"], name="honors_hero_identity_bd685521"),
                ),
                migrations.AlterField(
                    model_name="searchword",
                    name="reversed",
                    field=models.CharField(max_length=80),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
