"""A phone's batch with numbers or text beyond what the columns hold: a clear 400, never a 500."""

import pytest

from memorialmiles.timing.models import RawRecord
from timing.timingkit import at_us

TOO_BIG = 2**63


@pytest.mark.parametrize("seq", [TOO_BIG, -1, 0, 10**30, -(2**63) - 1])
def test_it_refuses_a_seq_out_of_range(seq, phone, post_batch):
    response = post_batch(phone, [{"seq": seq, "time_us": at_us(470)}])
    assert response.status_code == 400
    assert (
        "seq" in response.json()["detail"]
        and "from 1 to 9223372036854775807" in (response.json()["detail"])
    )
    assert not RawRecord.objects.exists()


@pytest.mark.parametrize("ref_seq", [TOO_BIG, -5, 0])
def test_it_refuses_a_ref_seq_out_of_range(ref_seq, phone, post_batch):
    record = {"seq": 2, "source": "typed", "bib": "1", "ref_seq": ref_seq}
    response = post_batch(phone, [{"seq": 1, "time_us": at_us(470)}, record])
    assert response.status_code == 400
    assert "ref_seq" in response.json()["detail"]
    assert not RawRecord.objects.exists()


def test_it_takes_the_largest_seq_the_column_holds(phone, post_batch):
    record = {"seq": TOO_BIG - 1, "time_us": at_us(470), "bib": "1"}
    response = post_batch(
        phone, [record, {"seq": 1, "bib": "1", "source": "typed", "ref_seq": TOO_BIG - 1}]
    )
    assert response.status_code == 200
    assert sorted(response.json()["accepted"]) == [1, TOO_BIG - 1]
    assert RawRecord.objects.get(device_seq=1).ref_seq == TOO_BIG - 1
    again = post_batch(phone, [record])
    assert again.json()["duplicates"] == 1


@pytest.mark.parametrize(
    "record, reason",
    [
        ({"bib": "7" * 41}, "bib is longer than 40"),
        ({"bib": "1\x00"}, "bib holds a NUL"),
        ({"kind": "group", "group_bibs": ["1", "2\x00"]}, "group bib holds a NUL"),
        ({"wave": "W" * 21}, "wave is longer than 20"),
        ({"time_us": 10**30}, "outside 2000-2100"),
    ],
)
def test_it_refuses_text_and_times_out_of_bounds(record, reason, phone, post_batch):
    response = post_batch(phone, [{"seq": 1, "time_us": at_us(470), **record}])
    assert response.status_code == 400
    assert reason in response.json()["detail"]
    assert not RawRecord.objects.exists()
