"""Which rows hold which words: an inverted index small enough to hold in every process.

A search's count and its first rows need every row the search finds, and a database answers
that by reading those rows: PostgreSQL's full-text index gives their addresses, not their
names or their number, so "mar" (5,277 heroes of 100,000) read 2,711 of the roll's 3,562
pages, 10 of its 13 ms. Here each word's rows are one sorted slice of one array, the words of
a prefix are neighbours (so are their slices), and a search is a few marks in an array of
booleans: "mar" takes 0.13 ms (0.3-0.5 on a loaded machine).

Rows are numbered in the order they were given. Given in the order a list shows them, the
first rows a search finds in order of row number are the first ones that list shows.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np

TOP = "\U0010ffff"  # after every character: `head` to `head + TOP` is every word `head` begins

# What a row must hold to be found at one tier of a search: for each typed word, one of its
# alternatives, each a (word, as a prefix) pair.
Tier = Sequence[Sequence[tuple[str, bool]]]


class WordIndex:
    def __init__(self, texts: Iterable[str], token: re.Pattern = re.compile(r"\w+")):
        # A word twice in a row's text is listed twice: marking a row twice changes nothing,
        # and not making a set of each row's words is a tenth of the build.
        rows_of: defaultdict[str, list[int]] = defaultdict(list)
        words_of = token.findall
        size = 0
        for row, text in enumerate(texts):
            size = row + 1
            for word in words_of(text):
                rows_of[word].append(row)
        self.size = size
        self.words = sorted(rows_of)
        lengths = np.fromiter((len(rows_of[w]) for w in self.words), np.int64, len(self.words))
        self.starts = np.zeros(len(self.words) + 1, np.int64)
        np.cumsum(lengths, out=self.starts[1:])
        self.rows = np.fromiter(
            chain.from_iterable(rows_of[w] for w in self.words), np.int32, int(self.starts[-1])
        )

    def _span(self, word: str, prefix: bool) -> tuple[int, int]:
        """The words `word` is (or begins), as a range of `self.words`."""
        first = bisect_left(self.words, word)
        if prefix:
            return first, bisect_left(self.words, word + TOP, first)
        return first, first + (first < len(self.words) and self.words[first] == word)

    def holding(self, word: str, prefix: bool = False) -> np.ndarray:
        """The rows holding `word` (or a word it begins, as a prefix), marked True."""
        return self.matching([[(word, prefix)]])

    def matching(self, tier: Tier) -> np.ndarray:
        """The rows holding, for every typed word, one of its alternatives."""
        found = None
        for alternatives in tier:
            one = np.zeros(self.size, bool)
            for word, prefix in alternatives:
                first, last = self._span(word, prefix)
                one[self.rows[self.starts[first] : self.starts[last]]] = True
            found = one if found is None else found & one
        return np.ones(self.size, bool) if found is None else found

    def search(self, tiers: Sequence[Tier], first: int) -> tuple[list[int], list[int], list[int]]:
        """Rows found at each tier of a search, from the narrowest: how many up to each tier,
        and the first `first` rows in order of tier (the narrowest that finds them), then of
        row number, with their tiers."""
        counts: list[int] = []
        rows: list[int] = []
        their_tiers: list[int] = []
        seen = np.zeros(self.size, bool)
        for n, tier in enumerate(tiers):
            found = self.matching(tier)
            if len(rows) < first:
                new = np.flatnonzero(found & ~seen)[: first - len(rows)]
                rows += new.tolist()
                their_tiers += [n] * len(new)
            seen |= found
            counts.append(int(np.count_nonzero(seen)))
        return counts, rows, their_tiers
