from memorialmiles.results import Read, fold
from memorialmiles.results.chipfiles import parse

G = 1000.0


def test_it_folds_repeats_first_read_wins_and_counts():
    reads = [Read("1", G + 10), Read("1", G + 12), Read("1", G + 15), Read("1", G + 15.5),
             Read("2", G + 11), Read("2", G - 1), Read("1", G + 13, kind="start")]  # fmt: skip
    out = fold(reads, G, 5.0)
    assert [(r.bib_or_tag, r.time, r.kind) for r in out.reads] == [
        ("1", G + 10, "finish"), ("2", G + 11, "finish"),
        ("1", G + 13, "start"), ("1", G + 15.5, "finish"),
    ]  # fmt: skip
    assert (out.reads_stored, out.repeats_folded, out.before_start) == (4, 2, 1)


def test_it_carries_line_and_reject_counts_from_a_parse():
    # Chip reads must fall in 2000-2100 (tests/timing/test_chip_read_bounds.py), so not 1970.
    parsed = parse(["bib,time", "1,2025-05-01T00:16:50Z", "1,2025-05-01T00:16:51Z", "oops"], "csv")
    out = fold(parsed, 1_746_058_600.0)  # 2025-05-01T00:16:40Z
    assert (out.lines_read, out.reads_stored, out.repeats_folded, out.rejected) == (4, 1, 1, 1)


def test_it_gives_the_same_reads_for_any_order():
    reads = [Read(str(i % 3), G + i * 0.7, device="d", seq=i) for i in range(30)]
    assert fold(reads, G).reads == fold(reads[::-1], G).reads
