"""A run with finish taps and no registered runner (a phone timing before the roster is in)
gives empty results, not an error: the review page once answered 500 there."""

from __future__ import annotations

import datetime as dt

from memorialmiles.results import Read, Start, compute

GUN = dt.datetime(2025, 5, 1, 17, 0, tzinfo=dt.UTC)


def test_it_ranks_nobody_and_counts_the_reads_unmatched():
    reads = [Read("1", GUN + dt.timedelta(minutes=8)), Read("", GUN + dt.timedelta(minutes=9))]
    out = compute([], reads, [Start(GUN)])
    assert out.rows == ()
    assert out.unmatched_reads == 2
