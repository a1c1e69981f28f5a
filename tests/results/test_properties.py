"""Property tests: the results core is a pure function of the set of raw records."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.results import Correction, Entry, Read, Start, Status, compute

GUN = 1_746_118_800.0
BIBS = [str(i) for i in range(1, 13)]
ENTRIES = [
    Entry(b, f"F{b}", f"L{b}", "MF"[i % 2], 18 + 5 * i, ("A", "B", None)[i % 3])
    for i, b in enumerate(BIBS)
]
STARTS = [Start(GUN)]

reads_st = st.lists(
    st.builds(
        Read,
        st.sampled_from(BIBS),
        st.integers(-600, 1200).map(lambda s: GUN + s / 10),  # tenths: ties happen
        st.just("chip"),
        st.sampled_from(["a", "b"]),
        st.integers(0, 10**6),
        st.sampled_from(["finish", "finish", "start"]),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(reads_st, st.randoms(use_true_random=False))
def test_it_ignores_the_order_of_arrival(reads, rnd):
    shuffled = list(reads)
    rnd.shuffle(shuffled)
    entries = list(ENTRIES)
    rnd.shuffle(entries)
    assert compute(entries, shuffled, STARTS) == compute(ENTRIES, reads, STARTS)


@settings(max_examples=150, deadline=None)
@given(reads_st, st.integers(-(10**6), -1), st.text(min_size=1, max_size=4))
def test_it_ignores_an_unrelated_read(reads, early, stranger):
    base = compute(ENTRIES, reads, STARTS).rows
    unknown = Read("x" + stranger, GUN + 100, "chip", "z", 1)
    before = Read(BIBS[0], GUN + early / 1000, "chip", "z", 2)
    assert compute(ENTRIES, reads + [unknown, before], STARTS).rows == base


@settings(max_examples=100, deadline=None)
@given(reads_st, st.sampled_from(BIBS), st.integers(0, 3), st.integers(1, 900))
def test_it_restores_the_original_after_undo(reads, bib, which, secs):
    who = {"at": datetime(2025, 5, 1, tzinfo=UTC), "by": "lead", "why": "test"}
    fix = [
        Correction.set_status("c", bib, Status.DQ, **who),
        Correction.set_time("c", bib, GUN + secs, **who),
        Correction.void_read("c", "a", reads[0].seq if reads else 0, **who),
        Correction.assign_read("c", "b", reads[-1].seq if reads else 0, bib, **who),
    ][which]
    undo = Correction.undo("u", "c", **who)
    assert compute(ENTRIES, reads, STARTS, corrections=[fix, undo]) == compute(
        ENTRIES, reads, STARTS
    )


@settings(max_examples=150, deadline=None)
@given(reads_st)
def test_it_ranks_ties_together_and_skips_after_them(reads):
    finishers = [r for r in compute(ENTRIES, reads, STARTS) if r.place is not None]
    for i, r in enumerate(finishers):
        if i and r.gun_us == finishers[i - 1].gun_us:
            assert r.place == finishers[i - 1].place
        else:
            assert r.place == i + 1
