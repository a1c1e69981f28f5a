"""PostgreSQL: the vocabulary's trigram index (migration 0005) has no reader left.

Typo candidates changed at both ends, and "did you mean", are found by trigrams in the
vocabulary each process holds (`honors.vocabulary`), as pg_trgm counts them; a first import no
longer builds the index nor merges its pending list. The extension stays.
"""

from importlib import import_module

from django.db import migrations

UP = ["DROP INDEX IF EXISTS honors_searchword_trgm"]
DOWN = [
    "CREATE INDEX IF NOT EXISTS honors_searchword_trgm ON honors_searchword "
    "USING gin (word gin_trgm_ops)"
]
run = import_module("memorialmiles.honors.migrations.0004_postgres_word_prefix_index").run


class Migration(migrations.Migration):
    dependencies = [("honors", "0012_searchword_without_reversed")]
    operations = [migrations.RunPython(run(UP), run(DOWN))]
