"""PostgreSQL: a full-text index of the folded words instead of trigrams.

Word-start prefix queries (`crum:*`) on a GIN index of `to_tsvector('simple', search_text)`
answer broad three-letter prefixes an order of magnitude faster than a trigram regular
expression (3 ms against 40 ms for "mar" at 100,000 heroes), with the same results.
"""

from django.db import migrations

UP = [
    "DROP INDEX IF EXISTS honors_hero_search_trgm",
    "CREATE INDEX IF NOT EXISTS honors_hero_search_words ON honors_hero "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
]
DOWN = [
    "DROP INDEX IF EXISTS honors_hero_search_words",
    "CREATE INDEX IF NOT EXISTS honors_hero_search_trgm ON honors_hero "
    "USING gin (search_text gin_trgm_ops)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("honors", "0003_sourcelink_snapshot")]
    operations = [migrations.RunPython(run(UP), run(DOWN))]
