"""`core.bulk.statement_rows`: every row in exactly one INSERT, in order, each of a power-of-two
size within SQLite's parameters, so that the statements sqlite3 keeps prepared for the
connection's life are few and small."""

from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.core.bulk import MAX_STATEMENT_ROWS, statement_rows


@settings(deadline=None)
@given(st.integers(0, 20_000), st.integers(1, 40_000))
def test_every_row_once_in_order_in_powers_of_two(count, most):
    blocks = list(statement_rows(count, most))
    ends = [start + size for start, size in blocks]
    assert [start for start, _ in blocks] == [0, *ends][: len(blocks)]
    assert sum(size for _, size in blocks) == count
    for _, size in blocks:
        assert size & (size - 1) == 0  # a power of two
        assert size <= min(most, MAX_STATEMENT_ROWS)


def test_an_import_of_chunks_uses_a_dozen_sizes_at_most():
    sizes = {size for n in range(1, 5000) for _, size in statement_rows(n, 1489)}
    assert sizes == {2**k for k in range(10)}  # 1 to 512
    assert list(statement_rows(1300, 1489)) == [
        (0, 512),
        (512, 512),
        (1024, 256),
        (1280, 16),
        (1296, 4),
    ]
