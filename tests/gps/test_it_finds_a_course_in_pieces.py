"""gps.pieces: a course is one line, or several pieces, and its finish is or is not the end of
its main line."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.gps.pieces import FAR_FINISH_M, shape

# 0.001 degree of latitude is about 111 m.
NORTH = [0.0, 0.001, 0.002, 0.003]


def test_segments_that_meet_are_one_piece():
    lat = NORTH + [0.0031, 0.004]
    s = shape(lat, [0.0] * 6, [0, 0, 0, 0, 1, 1])
    assert len(s.pieces) == 1 and s.gaps_m == () and s.finish_off_m == 0.0
    assert s.warnings() == []


def test_a_far_segment_is_a_second_piece_and_moves_the_finish():
    lat = NORTH + [0.02, 0.0201]
    s = shape(lat, [0.0] * 6, [0, 0, 0, 0, 1, 1])
    assert [(p.first, p.last) for p in s.pieces] == [(0, 3), (4, 5)]
    assert 1850 < s.gaps_m[0] < 1900  # 0.017 degree north
    assert s.finish_off_m > FAR_FINISH_M
    assert len(s.warnings()) == 2


def test_a_short_first_piece_leaves_the_finish_at_the_end():
    """The stray stretch came first (the drive there): the finish is still the line's end."""
    lat = [0.02, 0.0201] + NORTH
    s = shape(lat, [0.0] * 6, [0, 0, 1, 1, 1, 1])
    assert len(s.pieces) == 2 and s.finish_off_m == 0.0
    assert len(s.warnings()) == 1


def test_an_empty_line_has_no_pieces():
    assert shape([], []).pieces == ()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-0.01, 0.01), min_size=1, max_size=40))
def test_one_segment_is_always_one_piece_ending_at_the_finish(steps):
    lat = np.cumsum(steps) + 40.0
    s = shape(lat, np.full(lat.size, -75.0))
    assert len(s.pieces) == 1
    assert s.finish_off_m == 0.0 and s.pieces[0].last == lat.size - 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=2, max_size=30))
def test_pieces_cover_every_point_once_in_order(segment_steps):
    segment = np.cumsum(segment_steps)
    lat = np.linspace(30.0, 30.2, segment.size)
    s = shape(lat, np.zeros(segment.size), segment)
    covered = [i for p in s.pieces for i in range(p.first, p.last + 1)]
    assert covered == list(range(segment.size))
    assert len(s.gaps_m) == len(s.pieces) - 1
