"""The ends a typo candidate must keep (`search.ends_kept`): every word one edit from what was
typed keeps one of them, so reading only those ranges loses no correction; and the words
changed at both ends are found by trigrams as PostgreSQL's pg_trgm finds them."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA
from tests.honors.test_search import one_edit

from memorialmiles.honors.search import ends_kept, max_edits
from memorialmiles.honors.vocabulary import Vocabulary, trigrams


def keeps(candidate: str, typed: str) -> bool:
    head, tail, both = ends_kept(typed)
    return (
        candidate.startswith(head)
        or candidate[::-1].startswith(tail)
        or (both is not None and candidate[:1] == both[0] and candidate[-1:] == both[1])
    )


@given(typed=st.text("abcdez", min_size=4, max_size=12), data=st.data())
def test_every_word_one_edit_away_keeps_an_end(typed, data):
    candidate = one_edit(typed, data)
    assert max_edits(typed) >= 1
    if OSA.distance(typed, candidate) == 1:
        assert keeps(candidate, typed), (typed, candidate)


def test_four_letters_with_the_middle_swapped_keep_only_their_first_and_last():
    assert ends_kept("rive") == ("ri", "ev", ("r", "e"))
    assert keeps("rvie", "rive")
    assert not keeps("rvia", "rive")
    assert ends_kept("hopper") == ("ho", "re", None)
    assert ends_kept("crumbey") == ("cru", "yeb", None)


def similar_by_hand(word: str, words: list[str], shortest: int, longest: int) -> list[str]:
    """pg_trgm's similarity, word by word, in its single precision."""
    mine = trigrams(word)
    return [
        w
        for w in sorted(words)
        if shortest <= len(w) <= longest
        and float(np.float32(len(mine & trigrams(w))) / np.float32(len(mine | trigrams(w)))) >= 0.3
    ]


@given(
    words=st.lists(st.text("abcdez", min_size=1, max_size=10), unique=True, max_size=40),
    word=st.text("abcdez", min_size=1, max_size=10),
    shortest=st.integers(1, 6),
)
def test_similar_words_are_those_of_the_trigram_similarity(words, word, shortest):
    found = Vocabulary(words).similar(word, shortest, shortest + 4)
    assert found == similar_by_hand(word, words, shortest, shortest + 4)


def test_three_trigrams_of_ten_are_similar_as_postgresql_counts_them():
    assert trigrams("abcd") == {"  a", " ab", "abc", "bcd", "cd "}
    assert Vocabulary(["abcxyzw", "abxyzwv"]).similar("abcd", 1, 10) == ["abcxyzw"]
