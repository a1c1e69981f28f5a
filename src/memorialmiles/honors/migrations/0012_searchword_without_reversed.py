"""Typo candidates are read from the vocabulary each process holds (`honors.vocabulary`), not
from index ranges: the reversed words, their covering index (0009) and PostgreSQL's pattern
index of them (kept by 0010) have no reader left, and a first import no longer writes them.
Dropping the column drops the pattern index with it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("honors", "0011_postgres_search_vector_from_words")]

    operations = [
        migrations.RemoveIndex(model_name="searchword", name="searchword_reversed_word"),
        migrations.RemoveField(model_name="searchword", name="reversed"),
    ]
