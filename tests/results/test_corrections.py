from memorialmiles.results import Correction, Read, Status, compute

WHO = {"at": 3600.0, "by": "lead", "why": "video review"}


def test_it_voids_a_read(entries, reads, starts, at):
    fixes = [Correction.void_read("c1", "phone-a", 1, **WHO)]
    res = compute(entries, reads, starts, corrections=fixes)
    assert res.by_bib()["1"].status == Status.DNS and res.voided_reads == 1


def test_it_assigns_an_unlabelled_tap_to_a_bib(entries, reads, starts, at):
    taps = reads + [Read("", at(500), "tap", "phone-b", 7)]
    fixes = [Correction.assign_read("c1", "phone-b", 7, "5", **WHO)]
    assert compute(entries, taps, starts, corrections=fixes).by_bib()["5"].gun_time == "0:08:20"


def test_it_sets_a_manual_time_and_status(entries, reads, starts, at):
    fixes = [
        Correction.set_time("c1", "5", at(600), **WHO),
        Correction.set_status("c2", "2", Status.DQ, **WHO),
    ]
    rows = compute(entries, reads, starts, corrections=fixes).by_bib()
    assert rows["5"].gun_time == "0:10:00" and rows["5"].place == 4
    assert rows["2"].status == Status.DQ and rows["3"].place == 2


def test_it_lets_the_later_correction_win_whatever_the_list_order(entries, reads, starts, at):
    early = Correction.set_time("a", "5", at(600), at=at(4000), by="x", why="first")
    late = Correction.set_time("b", "5", at(610), at=at(5000), by="x", why="second")
    for fixes in ([early, late], [late, early]):
        assert compute(entries, reads, starts, corrections=fixes)[4].gun_time == "0:10:10"


def test_it_undoes_and_redoes(entries, reads, starts, at):
    base = compute(entries, reads, starts)
    dq = Correction.set_status("c1", "1", Status.DQ, **WHO)
    undo = Correction.undo("c2", "c1", **WHO)
    redo = Correction.undo("c3", "c2", **WHO)
    assert compute(entries, reads, starts, corrections=[dq, undo]) == base
    assert compute(entries, reads, starts, corrections=[dq, undo, redo]).by_bib()["1"].status == (
        Status.DQ
    )
