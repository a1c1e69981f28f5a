"""Search indexes that only the database itself can keep in step with the rows."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE honors_hero_fts USING fts5(search_text, content='honors_hero', "
    "content_rowid='id', tokenize=\"unicode61 remove_diacritics 2\", prefix='2 3')",
    "INSERT INTO honors_hero_fts(rowid, search_text) SELECT id, search_text FROM honors_hero",
    "CREATE TRIGGER honors_hero_fts_ai AFTER INSERT ON honors_hero BEGIN "
    "INSERT INTO honors_hero_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER honors_hero_fts_ad AFTER DELETE ON honors_hero BEGIN "
    "INSERT INTO honors_hero_fts(honors_hero_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER honors_hero_fts_au AFTER UPDATE OF search_text ON honors_hero BEGIN "
    "INSERT INTO honors_hero_fts(honors_hero_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO honors_hero_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS honors_hero_fts_ai",
    "DROP TRIGGER IF EXISTS honors_hero_fts_ad",
    "DROP TRIGGER IF EXISTS honors_hero_fts_au",
    "DROP TABLE IF EXISTS honors_hero_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS honors_hero_search_trgm ON honors_hero "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS honors_hero_search_trgm"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("honors", "0001_initial")]
    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
