"""What a process makes of a table and holds in memory beside the table's data version
(`core.freshness`), made again when the version has moved: the roll's vocabulary
(`honors.vocabulary`) and its heroes' words (`honors.held_roll`).

The version is read before the copy is made, so a write landing in between only makes the
next look make it again. A look may trust a copy for `recheck` seconds without asking the
version, unless this process moved a number meanwhile (`freshness.moved_here`). Whether a
transaction that wrote the table may use the copy is the caller's to decide: what it reads of
the table, a rollback may take back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from memorialmiles.core import freshness

T = TypeVar("T")


class Held(Generic[T]):
    def __init__(self, table: str, make: Callable[[], T], recheck: float = 0.0):
        self.table, self.make, self.recheck = table, make, recheck
        self._lock = threading.Lock()
        self.forget()

    def current(self) -> T:
        held_version, moves, checked, copy = self._held
        now = time.monotonic()
        fresh = moves == freshness.moved_here() and now - checked < self.recheck
        if copy is not None and fresh:
            return copy
        version = freshness.numbers((self.table,))
        moves = freshness.moved_here()  # after: reading the numbers flushes this thread's writes
        if version != held_version or copy is None:
            with self._lock:
                copy = self._held[3] if self._held[0] == version else None
                if copy is None:
                    copy = self.make()
        self._held = (version, moves, now, copy)
        return copy

    def forget(self) -> None:
        """Drop this process's copy (tests: a flush between tests moves no number)."""
        # (version, this process's moves when it was read, when it was checked, the copy)
        self._held: tuple = (None, -1, 0.0, None)
