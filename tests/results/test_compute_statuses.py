from memorialmiles.results import Entry, Read, Status, compute


def test_it_marks_dns_dnf_and_entry_overrides(entries, reads, starts, at):
    entries = entries + [Entry("6", "Flo", "Ash", "F", 50, status=Status.DQ)]
    more = reads + [Read("5", at(4), kind="start"), Read("6", at(470))]
    res = compute(entries, more, starts)
    rows = res.by_bib()
    assert rows["5"].status == Status.DNF and rows["5"].gun_time == ""
    assert rows["6"].status == Status.DQ and rows["6"].place is None
    assert rows["6"].gun_time == "0:07:50"  # a DQ keeps its time, not a place
    assert rows["1"].place == 1
    assert [r.status for r in res][-2:] == [Status.DNF, Status.DQ]


def test_it_lists_finishers_then_dnf_dq_dns(entries, reads, starts, at):
    res = compute(entries, reads, starts)
    assert [r.bib for r in res] == ["1", "2", "3", "4", "5"]
    assert res[-1].status == Status.DNS


def test_it_refuses_duplicate_bibs_and_missing_wave_start(entries, starts, at):
    import pytest

    with pytest.raises(ValueError, match="bib 1 entered twice"):
        compute(entries + [Entry("1")], [], starts)
    with pytest.raises(ValueError, match="no start signal for wave Z"):
        compute([Entry("9", wave="Z")], [], [])
