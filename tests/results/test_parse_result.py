import copy
import io
import pickle

import numpy as np
import pytest

from memorialmiles.results import Read
from memorialmiles.results.chipfiles import ParseResult, Rejected, parse


def test_it_builds_and_compares_as_before():
    reads = [Read("7", 10.5, "chip", "f.csv", 2)]
    rejected = [Rejected(3, None, "bad", "x")]
    out = ParseResult(reads, rejected, 4, 1)
    assert (out.reads, out.rejected, out.lines_read, out.skipped) == (reads, rejected, 4, 1)
    assert out == ParseResult(list(reads), list(rejected), 4, 1)
    assert out != ParseResult([], rejected, 4, 1)
    assert out.columns is None
    with pytest.raises(AttributeError):
        out.lines_read = 5
    assert pickle.loads(pickle.dumps(out)) == out == copy.copy(out)


def test_it_reads_a_clean_file_wholly_in_bulk_and_makes_reads_on_demand():
    text = "bib,time\n" + "".join(f"{b},2025-05-01T12:00:0{b}.5-05:00\n" for b in range(1, 8))
    out = parse(io.BytesIO(text.encode()), "csv")
    assert isinstance(out.columns.bibs, np.ndarray)  # no line went the line-by-line way
    assert out.columns.time_us.tolist() == [1746118801500000 + i * 1_000_000 for i in range(7)]
    assert out.reads[0] == Read("1", 1746118801.5, "chip", "", 2, "finish")
    assert type(out.reads[0]) is Read and type(out.reads[0].bib_or_tag) is str
    assert out == ParseResult(out.reads, [], 8, 1)
