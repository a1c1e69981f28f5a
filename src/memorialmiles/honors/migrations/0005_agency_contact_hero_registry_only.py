"""The agency's contact (mile pipeline) and the family's "registry facts only" on the hero.

On SQLite, Django adds a NOT NULL column by rebuilding the table, and a rebuild of
honors_hero drops the FTS5 triggers of migration 0002 (the wall's search would stop seeing
new heroes). SQLite can add a NOT NULL column with a constant default in place, so the
columns are added with ALTER TABLE there; PostgreSQL takes Django's own AddField.
"""

from django.db import migrations, models

COLUMNS = [
    ("honors_agency", "contact_name", "varchar(200) DEFAULT '' NOT NULL"),
    ("honors_agency", "contact_email", "varchar(254) DEFAULT '' NOT NULL"),
    ("honors_agency", "auto_invite", "bool DEFAULT 0 NOT NULL"),
    ("honors_hero", "registry_only", "bool DEFAULT 0 NOT NULL"),
]
MODELS = {"honors_agency": "agency", "honors_hero": "hero"}


def add_columns(apps, schema_editor):
    for table, column, sql in COLUMNS:
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {sql}')
        else:
            model = apps.get_model("honors", MODELS[table])
            schema_editor.add_field(model, model._meta.get_field(column))


def drop_columns(apps, schema_editor):
    for table, column, _sql in reversed(COLUMNS):
        model = apps.get_model("honors", MODELS[table])
        schema_editor.remove_field(model, model._meta.get_field(column))


FIELDS = [
    (
        "agency",
        "contact_name",
        models.CharField(blank=True, db_default="", default="", max_length=200),
    ),
    (
        "agency",
        "contact_email",
        models.EmailField(
            blank=True,
            db_default="",
            default="",
            help_text="Private: organizers only.",
            max_length=254,
        ),
    ),
    (
        "agency",
        "auto_invite",
        models.BooleanField(
            db_default=False,
            default=False,
            help_text=(
                "A partner: a new hero of this agency from a registry check invites it at once."
            ),
            verbose_name="invite by itself",
        ),
    ),
    (
        "hero",
        "registry_only",
        models.BooleanField(
            db_default=False,
            default=False,
            help_text=(
                "Public pages and the API show what the registry does: no story, no photo."
            ),
            verbose_name="family asked for registry facts only",
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("honors", "0004_postgres_word_prefix_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name=model, name=name, field=field)
                for model, name, field in FIELDS
            ],
        ),
        migrations.RunPython(add_columns, drop_columns),
    ]
