"""PostgreSQL: the words of `search_text` kept in a stored column, indexed by GIN.

Ranking a search (exact, then prefix, then typo) tests each matching row against up to four
queries; with an expression index each test tokenized `search_text` again. A generated column
is tokenized once, when the row is written, and the database keeps it in step with the row.
"""

from importlib import import_module

from django.db import migrations

run = import_module("memorialmiles.honors.migrations.0004_postgres_word_prefix_index").run

UP = [
    "ALTER TABLE honors_hero ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS honors_hero_search_vector ON honors_hero USING gin (search_vector)",
    "DROP INDEX IF EXISTS honors_hero_search_words",
]
DOWN = [
    "CREATE INDEX IF NOT EXISTS honors_hero_search_words ON honors_hero "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
    "DROP INDEX IF EXISTS honors_hero_search_vector",
    "ALTER TABLE honors_hero DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("honors", "0005_search_vocabulary")]
    operations = [migrations.RunPython(run(UP), run(DOWN))]
