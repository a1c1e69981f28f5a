"""Working days: the tour's days less its rest days.

The solver counts in working days, where every day can hold a drive and a run; rest days are
put back when the calendar is laid out. Day 1 is the start date; with a rest day every N days,
days N, 2N, ... rest.
"""

from __future__ import annotations

import datetime as dt


def is_rest(day: int, rest_every: int | None) -> bool:
    return bool(rest_every) and day % rest_every == 0


def calendar_day(working: int, rest_every: int | None) -> int:
    """The calendar day (1-based) of working day `working` (1-based)."""
    if not rest_every:
        return working
    return working + (working - 1) // (rest_every - 1)


def working_on_or_after(day: int, rest_every: int | None) -> int:
    """The first working day whose calendar day is `day` or later (day >= 1)."""
    if not rest_every:
        return day
    return day - day // rest_every + (1 if is_rest(day, rest_every) else 0)


def working_on_or_before(day: int, rest_every: int | None) -> int:
    """The last working day whose calendar day is `day` or earlier (0 if none)."""
    if not rest_every:
        return day
    return day - day // rest_every


def day_number(start: dt.date, date: dt.date) -> int:
    return (date - start).days + 1


def date_of(start: dt.date, day: int) -> dt.date:
    return start + dt.timedelta(days=day - 1)
