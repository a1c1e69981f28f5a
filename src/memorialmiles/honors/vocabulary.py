"""The roll's vocabulary (`SearchWord`) held in each process, for typo candidates without a
statement: the words in two sorted lists, by their first letters and by their last, and by
their trigrams.

Reading the candidates of a typed word from the database took 0.5 to 0.7 ms of a search at
100,000 heroes on PostgreSQL (a round trip, planning, an index range or three), and its
trigram index another round trip; from memory it takes 0.1 to 0.5 ms of Python. The copy is
kept beside the data version of the vocabulary's table (`core.freshness`, which every write
moves once it is committed, from any process, the import's COPY included) and read again
when that has moved: 16,000 words in about 65 ms, once per process after an import or a new
hero. The version is asked at every search that corrects a word, in the same read as the held
roll's (`search.versions`: a look at a small file, or with Redis one HMGET, 0.16 ms), so
another app server's new words are corrected towards by the next search after its commit: a
page made here from older words would otherwise be cached under the new version and served
until the next write. A transaction that wrote words reads its own, and keeps them to itself
until it commits.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
from django.db import connection

from memorialmiles.core import freshness
from memorialmiles.core.held import Held
from memorialmiles.honors.models import SearchWord
from memorialmiles.registry.word_index import TOP

SIMILAR = 0.3  # pg_trgm's similarity_threshold, which the `%` operator used here applied


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before it and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Vocabulary:
    def __init__(self, words):
        self.words = sorted(words)
        self.reversed = sorted(w[::-1] for w in self.words)
        postings: dict[str, list[int]] = {}
        sizes = []
        for n, word in enumerate(self.words):
            grams = trigrams(word)
            sizes.append(len(grams))
            for gram in grams:
                postings.setdefault(gram, []).append(n)
        self.postings = {g: np.array(ns, dtype=np.int32) for g, ns in postings.items()}
        self.sizes = np.array(sizes, dtype=np.int32)
        self.lengths = np.array([len(w) for w in self.words], dtype=np.int32)

    def starting(self, head: str) -> list[str]:
        return _between(self.words, head)

    def ending(self, tail: str) -> list[str]:
        """The words ending with `tail` reversed ("ev" for the words ending in "ve")."""
        return [w[::-1] for w in _between(self.reversed, tail)]

    def containing(self, letters: str) -> list[str]:
        """The words with these three letters in a row."""
        return [self.words[n] for n in self.postings.get(letters, ())]

    def similar(self, word: str, shortest: int, longest: int) -> list[str]:
        """The words of `shortest` to `longest` letters whose trigrams are like `word`'s, as
        pg_trgm's `%` finds them (similarity at least 0.3): words two edits changed at both
        ends. Counted with numpy over the words sharing a trigram (a few thousand): about
        0.2 ms, where asking PostgreSQL's trigram index took a round trip."""
        grams = trigrams(word)
        found = [self.postings[g] for g in grams if g in self.postings]
        if not found:
            return []
        shared = np.bincount(np.concatenate(found), minlength=len(self.words))
        # As pg_trgm computes it, in single precision: 3 of 10 trigrams is 0.3, similar.
        ratio = shared.astype(np.float32) / (len(grams) + self.sizes - shared).astype(np.float32)
        close = ratio.astype(np.float64) >= SIMILAR
        close &= (self.lengths >= shortest) & (self.lengths <= longest)
        return [self.words[n] for n in np.flatnonzero(close)]


def _between(words: list[str], head: str) -> list[str]:
    return words[bisect_left(words, head) : bisect_left(words, head + TOP)]


def _read() -> Vocabulary:
    return Vocabulary(SearchWord.objects.values_list("word", flat=True))


TABLE = SearchWord._meta.db_table
_held = Held(TABLE, _read)


def current(version: tuple | None = None) -> Vocabulary:
    """The vocabulary as this thread's connection sees it now; `version`, the numbers of `*`
    and the vocabulary's table, if the caller read them already (`core.held`)."""
    if freshness.uncommitted(connection, TABLE):  # words a rollback may take back
        return _read()
    return _held.current(version)


def forget() -> None:
    """Drop this process's copy (tests: each starts without an earlier test's words)."""
    _held.forget()
