from memorialmiles.results import ALL_RUNNING, GroupFinish, Read, Status, compute


def test_it_gives_a_listed_group_one_time(entries, starts, at):
    res = compute(entries, [], starts, group_finishes=[GroupFinish(at(480.5), ("1", "2", "3"))])
    rows = res.by_bib()
    assert {rows[b].gun_time for b in "123"} == {"0:08:00.5"}
    assert {rows[b].place for b in "123"} == {1}
    assert rows["1"].group_finish and rows["4"].status == Status.DNS


def test_it_finishes_everyone_still_running(entries, starts, at):
    reads = [Read("1", at(470))]
    res = compute(entries, reads, starts, group_finishes=[GroupFinish(at(480), ALL_RUNNING)])
    rows = res.by_bib()
    assert rows["1"].gun_time == "0:07:50" and not rows["1"].group_finish
    assert [rows[b].place for b in "2345"] == [2, 2, 2, 2]
