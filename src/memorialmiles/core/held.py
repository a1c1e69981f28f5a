"""What a process makes of a table and holds in memory beside the table's data version
(`core.freshness`), made again when the version has moved: the roll's vocabulary
(`honors.vocabulary`) and its heroes' words (`honors.held_roll`).

The version is asked at every look, never trusted for a moment: a page made here from a copy
older than the version it is cached under (`core.pagecache`) would be served until the next
write, so another app server's commit must be seen by the next look. It is read before the
copy is made, so a write landing in between only makes the next look make it again. A caller
that already read the version (one read for both copies of a search) gives it. Whether a
transaction that wrote the table may use the copy is the caller's to decide: what it reads of
the table, a rollback may take back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from memorialmiles.core import freshness

T = TypeVar("T")


class Held(Generic[T]):
    def __init__(self, table: str, make: Callable[[], T]):
        self.table, self.make = table, make
        self._lock = threading.Lock()
        self.forget()

    def current(self, version: tuple | None = None) -> T:
        """The copy for `version`, the numbers of `*` and this table as `freshness.numbers`
        gives them, read now unless given (read before this call, never after the copy)."""
        if version is None:
            version = freshness.numbers((self.table,))
        held_version, copy = self._held
        if version != held_version or copy is None:
            with self._lock:
                held_version, copy = self._held
                if held_version != version or copy is None:
                    copy = self.make()
                    self._held = (version, copy)
        return copy

    def forget(self) -> None:
        """Drop this process's copy (tests: a flush between tests moves no number)."""
        self._held: tuple = (None, None)  # (the version it was made at, the copy)
