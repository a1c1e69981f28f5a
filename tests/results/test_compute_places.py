from dataclasses import replace

from memorialmiles.results import Read, Start, Status, compute


def test_it_ranks_ties_with_competition_places(entries, reads, starts, at):
    rows = compute(entries, reads, starts).by_bib()
    assert [rows[b].place for b in "1234"] == [1, 2, 2, 4]


def test_it_places_by_sex_division_and_agency(entries, reads, starts, at):
    rows = compute(entries, reads, starts).by_bib()
    assert (rows["2"].sex_place, rows["3"].sex_place) == (1, 1)
    assert (rows["1"].division, rows["2"].division, rows["3"].division) == (
        "F30-34",
        "M40-44",
        "M40-44",
    )
    assert rows["4"].division_place == 1 and rows["4"].agency_place is None
    assert (rows["1"].agency_place, rows["2"].agency_place, rows["3"].agency_place) == (1, 2, 1)


def test_it_formats_gun_time_with_the_fraction_the_reads_have(entries, reads, starts, at):
    rows = compute(entries, reads, starts).by_bib()
    assert rows["1"].gun_time == "0:07:58.4"
    assert rows["2"].gun_time == "0:08:00"
    assert rows["4"].gun_time == "0:08:15.25"
    assert rows["1"].pace_per_mile == "7:58" and rows["1"].pace_per_km == "4:57"


def test_it_takes_net_time_from_the_runners_own_start_read(entries, reads, starts, at):
    more = reads + [Read("2", at(6.5), kind="start"), Read("2", at(9.0), kind="start")]
    row = compute(entries, more, starts).by_bib()["2"]
    assert (row.gun_time, row.net_time) == ("0:08:00", "0:07:53.5")


def test_it_can_rank_by_net_time(entries, reads, starts, at):
    more = reads + [Read("3", at(30), kind="start")]
    by_gun = compute(entries, more, starts).by_bib()
    by_net = compute(entries, more, starts, rank_by="net").by_bib()
    assert (by_gun["3"].place, by_net["3"].place) == (2, 1)


def test_it_uses_each_waves_own_gun(entries, gun, at):
    waved = [replace(e, wave="B") if e.bib == "2" else e for e in entries]
    starts = [Start(gun), Start(at(60), "B")]
    rows = compute(waved, [Read("2", at(500)), Read("1", at(500))], starts).by_bib()
    assert (rows["2"].gun_time, rows["1"].gun_time) == ("0:07:20", "0:08:20")
    assert rows["2"].place == 1 and rows["2"].status == Status.FINISHED


def test_it_ignores_reads_before_the_gun_and_unknown_bibs(entries, reads, starts, at):
    noisy = reads + [Read("5", at(-30)), Read("999", at(100))]
    res = compute(entries, noisy, starts)
    assert res.by_bib()["5"].status == Status.DNS
    assert (res.before_start, res.unmatched_reads) == (1, 1)


def test_it_ignores_finishes_sooner_than_the_minimum_time(entries, starts, at):
    rows = compute(entries, [Read("5", at(20)), Read("5", at(600))], starts, min_time_s=60)
    assert rows.by_bib()["5"].gun_time == "0:10:00"
