"""Which phone fixes draw the live line, and why the others do not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.gps.live import (
    CONFIRM,
    KEPT,
    REASONS,
    Fix,
    LineState,
    counts,
    judge,
    progress,
)

T0 = 1_800_000_000.0
STEP = 0.00003  # about 3.3 m of latitude: a walk, every 5 s


def walk(n, start_seq=1, t0=T0, lat0=34.73):
    return [Fix(start_seq + i, t0 + 5 * i, lat0 + STEP * i, -86.58, 5.0) for i in range(n)]


def test_a_clean_walk_is_all_kept():
    verdicts, state = judge(walk(10), start=T0)
    assert verdicts == [KEPT] * 10
    assert state.last.seq == 10


def test_each_kind_of_bad_fix_is_left_out_and_named():
    w = walk(4)
    fixes = [
        Fix(1, T0 - 60, 34.73, -86.58, 5),  # before the start
        w[0],
        Fix(3, w[1].time, w[1].lat, w[1].lon, 400),  # a cell-tower fix
        w[1],
        Fix(5, w[1].time, w[1].lat, w[1].lon, 5),  # the same moment again
        Fix(6, w[1].time - 1, w[0].lat, w[0].lon, 5),  # older than the last kept
        Fix(7, w[1].time + 1, 34.75, -86.58, 5),  # 2 km in a second
        w[2],
    ]
    verdicts, _ = judge(fixes, start=T0)
    assert verdicts == [
        "before_start",
        KEPT,
        "inaccurate",
        KEPT,
        "repeated",
        "out_of_order",
        "too_fast",
        KEPT,
    ]
    assert counts(verdicts) == {
        KEPT: 3,
        "before_start": 1,
        "inaccurate": 1,
        "repeated": 1,
        "out_of_order": 1,
        "too_fast": 1,
    }


def test_a_jump_the_next_fixes_confirm_is_taken():
    before = walk(3)
    after = walk(CONFIRM + 1, start_seq=4, t0=before[-1].time + 5, lat0=34.76)  # 3 km away
    verdicts, state = judge(before + after)
    assert verdicts == [KEPT] * 3 + ["too_fast"] * (CONFIRM - 1) + [KEPT, KEPT]
    assert state.last.seq == after[-1].seq


def test_no_accuracy_is_not_a_bad_accuracy():
    verdicts, _ = judge([Fix(1, T0, 34.73, -86.58, None)])
    assert verdicts == [KEPT]


fix_lists = st.lists(
    st.builds(
        Fix,
        seq=st.integers(1, 10_000),
        time=st.floats(T0 - 100, T0 + 3600),
        lat=st.floats(34.70, 34.76),
        lon=st.floats(-86.60, -86.56),
        accuracy_m=st.none() | st.floats(0, 500),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(fix_lists, st.integers(0, 40))
def test_judging_in_batches_gives_what_judging_at_once_gives(fixes, cut):
    whole, _ = judge(fixes, start=T0)
    first, state = judge(fixes[:cut], start=T0)
    rest, _ = judge(fixes[cut:], state, start=T0)
    assert first + rest == whole


@settings(max_examples=200, deadline=None)
@given(fix_lists)
def test_the_kept_line_moves_forward_in_time_within_the_rules(fixes):
    verdicts, _ = judge(fixes, start=T0)
    assert set(verdicts) <= {KEPT, *REASONS}
    kept = [f for f, v in zip(fixes, verdicts, strict=True) if v == KEPT]
    assert all(f.time >= T0 for f in kept)
    assert all(f.accuracy_m is None or f.accuracy_m <= 50 for f in kept)
    assert all(a.time < b.time for a, b in zip(kept, kept[1:], strict=False))
    assert sum(counts(verdicts).values()) == len(fixes)


def test_the_state_given_in_is_not_changed():
    state = LineState()
    judge(walk(3), state)
    assert state.last is None


def test_progress_pace_and_finish():
    p = progress(800, 1609.344, 240)
    assert p.left_m == pytest.approx(809.344)
    assert p.pace_s_per_km == pytest.approx(300)
    assert p.eta_s == pytest.approx(809.344 / 1000 * 300)
    assert progress(10, 1609.344, 30).pace_s_per_km is None  # a stand, not a pace
    assert progress(2000, 1609.344, 600).left_m == 0
    assert progress(500, None, 100).eta_s is None
