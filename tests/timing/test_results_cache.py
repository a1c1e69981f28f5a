"""Results are cached by a version key: anything they depend on changing gives fresh results."""

import pickle

from memorialmiles.timing.models import RawRecord
from memorialmiles.timing.services import compute_event, results_for, version
from timing.timingkit import at_us


def finishers(out):
    return [(r.bib, r.entry.name, r.gun_time) for r in out.results if r.place]


def test_it_serves_the_same_results_while_nothing_changes(race):
    RawRecord.objects.create(event=race, source="chip", bib="1", device_time_us=at_us(470))
    first = results_for(race)
    assert results_for(race) is first
    assert version(race) == version(race)


def test_it_recomputes_after_a_new_read(race):
    RawRecord.objects.create(event=race, source="chip", bib="1", device_time_us=at_us(470))
    assert finishers(results_for(race)) == [("1", "Ann Lee", "0:07:50")]
    RawRecord.objects.create(event=race, source="chip", bib="2", device_time_us=at_us(460))
    assert finishers(results_for(race)) == [("2", "Bo Ray", "0:07:40"), ("1", "Ann Lee", "0:07:50")]


def test_it_recomputes_after_a_runner_is_renamed(race):
    RawRecord.objects.create(event=race, source="chip", bib="1", device_time_us=at_us(470))
    assert finishers(results_for(race)) == [("1", "Ann Lee", "0:07:50")]
    race.registrations.filter(bib=1).update(first_name="Anne")
    assert finishers(results_for(race)) == [("1", "Anne Lee", "0:07:50")]


def test_it_recomputes_after_an_age_changes(race):
    RawRecord.objects.create(event=race, source="chip", bib="1", device_time_us=at_us(470))
    before = version(race)
    race.registrations.filter(bib=1).update(age=35)
    assert version(race) != before


def test_it_pickles_results_for_the_shared_cache_unchanged(race, phone, post_batch):
    post_batch(
        phone, [{"seq": 1, "time_us": at_us(470)}, {"seq": 2, "bib": "2", "time_us": at_us(480)}]
    )
    RawRecord.objects.create(event=race, source="chip", bib="1", device_time_us=at_us(465))
    out = compute_event(race)
    back = pickle.loads(pickle.dumps(out))
    assert back == out
    assert [(r.place, r.bib, r.entry, r.status, r.gun_time) for r in back.results] == [
        (r.place, r.bib, r.entry, r.status, r.gun_time) for r in out.results
    ]
    assert back.results.unmatched_reads == out.results.unmatched_reads
    assert [t.id for t in back.merge.unpaired_taps] == [t.id for t in out.merge.unpaired_taps]
