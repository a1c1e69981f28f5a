"""The roll's words held in each process (`registry.word_index`), rows in the wall's name
order, for the count and the first rows of a search without reading them from the database.

PostgreSQL counted a search by reading every row it found from the heap: "mar" (5,277 of
100,000 heroes) took 13 ms on the server, and the exact and prefix queries' p95 missed 5 ms
for it. From the held index the count and the first `search.FIRST` ids in order take 0.2 to
0.5 ms, and the page is then looked up by id; the databases' full-text indexes still answer
every search with another filter and every page past those first rows.

The copy is kept beside the data version of the heroes' table (`core.freshness`): every write
to it, an import's COPY included, moves that number once committed, and the number is asked at
every search, with the vocabulary's (`search.versions`: a look at a small file, or one Redis
HMGET, 0.16 ms), so that a page is never made from an older roll than its version says; a
page cached under a new number from an old copy would stay until the next write. Read again
when the number moved: the rows in the wall's order and their search text, once per process
after an import or an edit, by the search that finds the number moved (0.26 s for the
registry's 22,800 heroes, 1.2 s for 100,000 on a slow afternoon's machine). A transaction that
wrote heroes searches the database: its rows are its own until it commits, and a rollback may
take them back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connection

from memorialmiles.core import freshness
from memorialmiles.core.held import Held
from memorialmiles.honors.models import SORTS, Hero
from memorialmiles.registry.word_index import Tier, WordIndex

# The words each database's index cuts the folded search text into: PostgreSQL's search_vector
# splits it on \W+ (migration 0011); FTS5's unicode61 tokenizer also splits on "_".
TOKENS = {"postgresql": re.compile(r"\w+"), "sqlite": re.compile(r"[^\W_]+")}


@dataclass(frozen=True)
class HeldRoll:
    ids: np.ndarray  # the heroes' ids in the wall's name order: row n is ids[n]
    index: WordIndex

    def search(self, tiers: Sequence[Tier], first: int) -> tuple[list[int], list[int], list[int]]:
        """Heroes found up to each tier, and the ids and tiers of the first `first` of them
        in the wall's order with a query (tier, then name)."""
        counts, rows, their_tiers = self.index.search(tiers, first)
        return counts, self.ids[rows].tolist(), their_tiers


def load() -> HeldRoll:
    rows = Hero.objects.order_by(*SORTS["name"]).values_list("id", "search_text")
    ids: list[int] = []
    texts = (ids.append(pk) or text for pk, text in rows.iterator(chunk_size=10_000))
    index = WordIndex(texts, TOKENS[connection.vendor])
    return HeldRoll(np.array(ids, dtype=np.int64), index)


TABLE = Hero._meta.db_table
_held = Held(TABLE, load)


def current(version: tuple | None = None) -> HeldRoll | None:
    """The roll as this thread's connection sees it now, or None inside a transaction that
    wrote heroes (the database answers those); `version`, the numbers of `*` and the heroes'
    table, if the caller read them already (`core.held`)."""
    if freshness.uncommitted(connection, TABLE):
        return None
    return _held.current(version)


def forget() -> None:
    """Drop this process's copy (tests: a flush between tests moves no number)."""
    _held.forget()
