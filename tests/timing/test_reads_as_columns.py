"""Results read the stored reads as packed columns; the row-by-row road gives the same."""

import numpy as np

from memorialmiles.timing import services
from memorialmiles.timing.models import RawRecord
from timing.timingkit import at_us


def plain(event):
    rows = (
        RawRecord.objects.filter(
            event=event, kind__in=("finish", "start"), source__in=("chip", "manual", "tap")
        )
        .exclude(bib="")
        .exclude(device_time_us=None)
    )
    return sorted((r.id, r.bib, r.device_time_us, r.kind == "start") for r in rows)


def as_rows(columns):
    ids, bibs, times, starts = columns
    assert ids.dtype == np.int64 and times.dtype == np.int64 and starts.dtype == bool
    return sorted(zip(ids.tolist(), bibs, times.tolist(), starts.tolist(), strict=True))


def add(event, bib, seconds, kind="finish", source="chip"):
    RawRecord.objects.create(
        event=event, source=source, kind=kind, bib=bib, device_time_us=at_us(seconds)
    )


def test_it_reads_columns_equal_to_the_rows(race, other_race):
    add(race, "1", 470.25)
    add(race, "2", 12.5, kind="start")
    add(race, "X9", -30, source="manual")
    add(race, "", 480)  # no bib: not a read
    add(race, "3", 490, source="typed")  # typed bibs are merged with taps, not read here
    add(race, "4", 495, kind="group", source="tap")
    add(other_race, "1", 300)
    RawRecord.objects.create(event=race, source="chip", bib="5", device_time_us=None)
    got = as_rows(services.read_columns(race))
    assert got == plain(race)
    assert [(b, s) for _, b, _, s in got] == [("1", False), ("2", True), ("X9", False)]
    assert got[0][2] == at_us(470.25)


def test_it_takes_the_row_road_when_a_bib_holds_the_separator(race):
    add(race, "1", 470)
    add(race, "odd\x1ftag", 471)
    add(race, "2", 472, kind="start")
    got = as_rows(services.read_columns(race))
    assert got == plain(race)
    assert [b for _, b, _, _ in got] == ["1", "odd\x1ftag", "2"]


def test_it_reads_no_columns_from_an_event_without_reads(race):
    ids, bibs, times, starts = services.read_columns(race)
    assert (len(ids), bibs, len(times), len(starts)) == (0, [], 0, 0)
