"""Property: the numpy fold keeps, folds and counts exactly what a plain loop does.

The reference walks reads sorted by (bib, kind, time, device, seq), skips reads before the
start, and keeps a read when it is more than the window after the read kept before for the
same bib and kind; kept reads come out by (time, bib, kind, device, seq).
"""

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.results import Read, fold
from memorialmiles.results.chipfiles import parse

START = 1_746_118_800.0


def reference_fold(reads, start, window_s):
    window = round(window_s * 1_000_000)
    us = [round(r.time * 1_000_000) for r in reads]
    start_us = None if start is None else round(start * 1_000_000)
    alive = [i for i in range(len(reads)) if start_us is None or us[i] >= start_us]
    alive.sort(key=lambda i: (reads[i].bib_or_tag, reads[i].kind, us[i], reads[i].device,
                              reads[i].seq))  # fmt: skip
    kept, last = [], {}
    for i in alive:
        key = (reads[i].bib_or_tag, reads[i].kind)
        if key in last and us[i] - last[key] <= window:
            continue
        kept.append(i)
        last[key] = us[i]
    kept.sort(key=lambda i: (us[i], reads[i].bib_or_tag, reads[i].kind, reads[i].device,
                             reads[i].seq))  # fmt: skip
    before = len(reads) - len(alive)
    return [reads[i] for i in kept], len(alive) - len(kept), before


reads_st = st.lists(
    st.builds(
        Read,
        st.sampled_from(["1", "2", "10", "A"]),
        st.integers(-50, 400).map(lambda s: START + s / 4),  # quarter seconds: ties happen
        st.just("chip"),
        st.sampled_from(["a", "b"]),
        st.integers(0, 5),
        st.sampled_from(["finish", "finish", "start"]),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(reads_st, st.sampled_from([None, START, START + 20]), st.sampled_from([0.0, 1.0, 5.0]))
def test_it_folds_reads_as_the_plain_loop_does(reads, start, window_s):
    out = fold(reads, start, window_s)
    kept, folded, before = reference_fold(reads, start, window_s)
    assert out.reads == kept
    assert (out.reads_stored, out.repeats_folded, out.before_start) == (len(kept), folded, before)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["7", "8", "10", "x"]), st.integers(0, 200), st.booleans()),
        max_size=60,
    ),
    st.sampled_from([None, START + 10]),
)
def test_it_folds_parsed_columns_as_the_plain_loop_does(rows, start):
    lines = ["bib,time,kind"] + [
        f"{b},2025-05-01T17:00:{s // 4 % 60:02d}.{s % 4 * 25:02d}Z,{'start' if k else ''}"
        for b, s, k in rows
    ]
    parsed = parse(io.BytesIO("\n".join(lines).encode()), "csv")
    assert parsed.columns is not None
    out = fold(parsed, start)
    kept, folded, before = reference_fold(list(parsed.reads), start, 5.0)
    assert out.reads == kept
    assert (out.reads_stored, out.repeats_folded, out.before_start) == (len(kept), folded, before)
    assert out.lines_read == len(lines)
