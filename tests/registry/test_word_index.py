"""The held word index finds what testing every row's words finds: counts up to each tier,
and the first rows in order of tier, then of row number."""

import re

from hypothesis import given
from hypothesis import strategies as st

from memorialmiles.registry.word_index import WordIndex

WORDS = st.text("abc_é", min_size=1, max_size=4)  # few letters: words share prefixes
TEXTS = st.lists(st.lists(WORDS, max_size=5).map(" ".join), max_size=30)
TERM = st.tuples(WORDS, st.booleans())
TIERS = st.lists(
    st.lists(st.lists(TERM, min_size=1, max_size=3), min_size=1, max_size=3), max_size=4
)


def holds(words: set[str], term: str, prefix: bool) -> bool:
    return term in words or (prefix and any(w.startswith(term) for w in words))


def slow_search(texts, tiers, first, token):
    """Every row's tier by testing its words: the narrowest tier whose every typed word has
    an alternative the row holds."""
    tier_of = {}
    for row, text in enumerate(texts):
        words = set(token.findall(text))
        for n, tier in enumerate(tiers):
            if all(any(holds(words, t, p) for t, p in alts) for alts in tier):
                tier_of[row] = n
                break
    counts = [sum(1 for t in tier_of.values() if t <= n) for n in range(len(tiers))]
    ordered = sorted(tier_of, key=lambda row: (tier_of[row], row))[:first]
    return counts, ordered, [tier_of[row] for row in ordered]


@given(texts=TEXTS, tiers=TIERS, first=st.integers(0, 12), underscore=st.booleans())
def test_it_finds_what_testing_every_row_finds(texts, tiers, first, underscore):
    token = re.compile(r"\w+" if underscore else r"[^\W_]+")
    index = WordIndex(texts, token)
    assert index.search(tiers, first) == slow_search(texts, tiers, first, token)


def test_a_prefix_finds_the_words_it_begins_and_an_exact_word_only_itself():
    index = WordIndex(["mark smith", "mary jones", "mar ortiz", "omar marx"])
    assert index.holding("mar", prefix=True).tolist() == [True, True, True, True]
    assert index.holding("mar").tolist() == [False, False, True, False]
    assert index.holding("zed", prefix=True).tolist() == [False] * 4
    # "mar" exactly, then "mar" as a prefix or "smith" (a typo's fix): Mar Ortiz is first.
    tiers = [[[("mar", False)]], [[("mar", True), ("smith", False)]]]
    assert index.search(tiers, 3) == ([1, 4], [2, 0, 1], [0, 1, 1])


def test_an_empty_roll_finds_nobody():
    index = WordIndex([])
    assert index.search([[[("a", True)]]], 10) == ([0], [], [])
