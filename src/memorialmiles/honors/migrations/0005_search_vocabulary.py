"""The roll's vocabulary for typo-tolerant search, filled from the heroes already there.

PostgreSQL also gets pg_trgm (created here when missing) and a GIN trigram index on the
vocabulary, which finds words two typos away whose first and last letters both changed.
"""

from importlib import import_module

from django.db import migrations, models

# The PostgreSQL-only statement runner of migration 0004, rather than a second copy of it.
run = import_module("memorialmiles.honors.migrations.0004_postgres_word_prefix_index").run

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS honors_searchword_trgm ON honors_searchword "
    "USING gin (word gin_trgm_ops)",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS honors_searchword_trgm"]


def fill(apps, schema_editor):
    from memorialmiles.honors.search import vocabulary_words

    hero = apps.get_model("honors", "Hero")
    word = apps.get_model("honors", "SearchWord")
    texts = hero.objects.values_list("search_text", flat=True).iterator(chunk_size=5000)
    word.objects.bulk_create(
        [word(word=w, reversed=w[::-1]) for w in sorted(vocabulary_words(texts))],
        ignore_conflicts=True,
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("honors", "0004_postgres_word_prefix_index")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=80, primary_key=True, serialize=False)),
                ("reversed", models.CharField(db_index=True, max_length=80)),
            ],
        ),
        migrations.RunPython(run(POSTGRES_UP), run(POSTGRES_DOWN)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
