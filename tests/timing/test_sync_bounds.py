"""A phone's batch with numbers or text beyond what the columns hold: a clear 4xx, never a 500.

The API's schema refuses what it can state (422, field by field); the sync rules refuse the
rest (400, with the record's seq).
"""

import pytest

from memorialmiles.timing.models import RawRecord
from timing.timingkit import at_us

TOO_BIG = 2**63


def refusal(response) -> str:
    """The refusal in words: the sync's own sentence, or the schema's field and message."""
    detail = response.json()["detail"]
    if isinstance(detail, str):
        return detail
    return "; ".join(f"{'.'.join(map(str, d['loc']))}: {d['msg']}" for d in detail)


@pytest.mark.parametrize("seq", [TOO_BIG, -1, 0, 10**30, -(2**63) - 1])
def test_it_refuses_a_seq_out_of_range(seq, phone, post_batch):
    response = post_batch(phone, [{"seq": seq, "time_us": at_us(470)}])
    assert response.status_code == 422
    assert "records.0.seq" in refusal(response)
    assert not RawRecord.objects.exists()


@pytest.mark.parametrize("ref_seq", [TOO_BIG, -5, 0])
def test_it_refuses_a_ref_seq_out_of_range(ref_seq, phone, post_batch):
    record = {"seq": 2, "source": "typed", "bib": "1", "ref_seq": ref_seq}
    response = post_batch(phone, [{"seq": 1, "time_us": at_us(470)}, record])
    assert response.status_code == 422
    assert "records.1.ref_seq" in refusal(response)
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
    "record, status, reason",
    [
        ({"bib": "7" * 41}, 422, "records.0.bib"),
        ({"bib": "1\x00"}, 422, "records.0.bib"),
        ({"kind": "group", "group_bibs": ["1", "2\x00"]}, 422, "records.0.group_bibs.1"),
        ({"wave": "W" * 21}, 422, "records.0.wave"),
        ({"bib": " " + "7" * 40 + " "}, 422, "records.0.bib"),
        ({"time_us": 10**30}, 422, "records.0.time_us"),
    ],
)
def test_it_refuses_text_and_times_out_of_bounds(record, status, reason, phone, post_batch):
    response = post_batch(phone, [{"seq": 1, "time_us": at_us(470), **record}])
    assert response.status_code == status
    assert reason in refusal(response)
    assert not RawRecord.objects.exists()
