"""`core.forked.in_children`: a generator run by a forked process gives what it gives here, in
order, its exception after the items before it, and never a silently short stream."""

import os
import signal
import time
from pathlib import Path

import pytest

from memorialmiles.core import forked
from memorialmiles.registry import RegistryError

pytestmark = pytest.mark.skipif(not forked.available(), reason="fork: Linux only")
BLOCK = 1000


def one_child(produce):
    return forked.in_children([produce], BLOCK)


def numbers(count, fail_at=None, exc=None):
    for n in range(count):
        if n == fail_at:
            raise exc
        yield (n, f"row {n}", {"n": n})


def test_the_items_come_whole_and_in_order_across_chunks():
    count = BLOCK * 2 + 7
    assert list(one_child(lambda: numbers(count))) == list(numbers(count))
    assert list(one_child(lambda: numbers(0))) == []


def test_the_childs_exception_comes_after_the_items_before_it_with_its_place():
    error = RegistryError("big.csv", "not valid CSV (unexpected end of data)", line=1503)
    got = []
    with pytest.raises(RegistryError) as raised:
        for item in one_child(lambda: numbers(1500, fail_at=1234, exc=error)):
            got.append(item)
    assert got == list(numbers(1234))
    assert (raised.value.path, raised.value.line, raised.value.message) == (
        "big.csv",
        1503,
        "not valid CSV (unexpected end of data)",
    )
    assert str(raised.value) == "big.csv: line 1503: not valid CSV (unexpected end of data)"


class Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a}/{b}")


def test_an_exception_that_cannot_cross_comes_as_a_runtime_error_naming_it():
    with pytest.raises(RuntimeError, match=r"Unpicklable: x/y"):
        list(one_child(lambda: numbers(3, fail_at=2, exc=Unpicklable("x", "y"))))


def test_a_child_that_dies_is_an_error_not_a_short_stream():
    def dies():
        yield from numbers(2 * BLOCK + 1)
        os.kill(os.getpid(), signal.SIGKILL)
        yield from numbers(10)

    got = []
    with pytest.raises(RuntimeError, match="ended before the last row"):
        for item in one_child(dies):
            got.append(item)
    sent = 2 * BLOCK  # the two blocks that were sent, nothing after
    assert got == list(numbers(sent))


def test_a_caller_that_stops_early_leaves_no_child_behind(tmp_path):
    pid_file = tmp_path / "pid"

    def endless():
        pid_file.write_text(str(os.getpid()))
        n = 0
        while True:
            yield n
            n += 1

    items = one_child(endless)
    assert [next(items) for _ in range(3)] == [0, 1, 2]
    items.close()
    pid = int(pid_file.read_text())
    assert pid != os.getpid()
    time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists()  # killed and reaped, not a zombie


def shared(mine, readers, block, count, fail_at=None, exc=None):
    """`numbers`, keeping the blocks of this reader, as the registry reader's `share` does."""
    for n, item in enumerate(numbers(count, fail_at, exc)):
        if n // block % readers == mine:
            yield item


@pytest.mark.parametrize("count", [0, 1, 499, 500, 501, 1000, 2345])
def test_children_sharing_one_input_give_it_whole_and_in_order(count):
    produces = [lambda mine=mine: shared(mine, 2, 500, count) for mine in range(2)]
    assert list(forked.in_children(produces, 500)) == list(numbers(count))


def test_a_shared_input_that_fails_gives_every_item_before_the_failure_then_it():
    error = RegistryError("big.csv", "not valid CSV", line=1301)
    produces = [
        lambda mine=mine: shared(mine, 2, 500, 3000, fail_at=1300, exc=error) for mine in range(2)
    ]
    got = []
    with pytest.raises(RegistryError, match="line 1301"):
        for item in forked.in_children(produces, 500):
            got.append(item)
    assert got == list(numbers(1300))


def test_children_stopped_early_are_all_reaped(tmp_path):
    def endless(mine):
        (tmp_path / f"pid{mine}").write_text(str(os.getpid()))
        n = 0
        while True:
            yield (mine, n)
            n += 1

    items = forked.in_children([lambda: endless(0), lambda: endless(1)], 10)
    assert [next(items) for _ in range(12)][10:] == [(1, 0), (1, 1)]
    items.close()
    time.sleep(0.05)
    for mine in range(2):
        assert not Path(f"/proc/{int((tmp_path / f'pid{mine}').read_text())}").exists()
