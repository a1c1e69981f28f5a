"""The ceremony's running order: which item is on now, and the words read for each hero."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One program item as the person running the ceremony sees it."""

    index: int
    title: str
    kind: str
    planned_at: dt.datetime | None
    note: str
    silence_seconds: int | None


def current_index(planned: Sequence[dt.datetime | None], now: dt.datetime) -> int:
    """The item on now: the last one whose planned time has come; before the first, the first.

    Items with no planned time (a run with no start time) give no clue: the first is current,
    and the person running the ceremony moves on by hand.
    """
    current = 0
    for i, at in enumerate(planned):
        if at is not None and at <= now:
            current = i
    return current
