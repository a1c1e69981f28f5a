"""The records the results core consumes: entries, raw reads, start signals, corrections.

Raw records are never edited: results are always recomputed from them, and a correction is
a new record (who, when, why) that changes how raw records are interpreted, never the records.
Times are kept as integer microseconds since the Unix epoch inside the core so that a
difference of two times is exact and the same inputs always give the same bytes out.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)

FINISH = "finish"
START = "start"
KINDS = (FINISH, START)
SOURCES = ("tap", "typed", "chip", "manual")

TimeLike = datetime | float | int

# The bounds every stored read keeps, from a phone or a chip file: a clock may be off, but
# not by decades, and a bib is a short label (the database column holds 40 characters;
# PostgreSQL refuses NUL in text).
EARLIEST_US = 946_684_800 * 1_000_000  # 2000-01-01T00:00:00Z
LATEST_US = 4_102_444_800 * 1_000_000  # 2100-01-01T00:00:00Z
MAX_BIB = 40
MAX_OFFSET_S = 86_400.0


def bib_problem(bib: str) -> str | None:
    """Why ``bib`` cannot be stored, or None."""
    if "\x00" in bib:
        return "bib holds a NUL character"
    if len(bib) > MAX_BIB:
        return f"bib is {len(bib)} characters; at most {MAX_BIB}"
    return None


def time_problem(us: int) -> str | None:
    """Why a read at ``us`` (epoch microseconds, offset applied) cannot be stored, or None."""
    if EARLIEST_US <= us <= LATEST_US:
        return None
    return "time is outside 2000-01-01 to 2100-01-01 (check the date and the clock offset)"


def clock_offset(offset_s: float) -> float:
    """A clock offset in seconds: finite and under a day either way, else ValueError."""
    try:
        value = float(offset_s)
    except (TypeError, ValueError):
        raise ValueError(f"clock offset {offset_s!r} is not a number of seconds") from None
    if not abs(value) < MAX_OFFSET_S:  # also catches nan and inf
        raise ValueError(f"clock offset {offset_s!r}: give seconds under a day (86400)")
    return value + 0.0  # -0.0 is 0.0


class Status(enum.StrEnum):
    FINISHED = "finished"
    DNF = "DNF"
    DNS = "DNS"
    DQ = "DQ"


def to_us(t: TimeLike) -> int:
    """Integer microseconds since the epoch; a naive datetime is refused (no guessing zones)."""
    if isinstance(t, datetime):
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError(f"naive datetime {t.isoformat()}: give a time zone")
        return (t - _EPOCH) // _MICRO
    if isinstance(t, bool):
        raise TypeError("a time cannot be a bool")
    if isinstance(t, int):
        return t * 1_000_000
    return round(float(t) * 1_000_000)


def from_us(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


@dataclass(frozen=True, slots=True)
class Entry:
    """A registered runner. ``status`` is an explicit override (DNS from check-in, DQ)."""

    bib: str
    first_name: str = ""
    last_name: str = ""
    sex: str | None = None
    age: int | None = None
    agency: str | None = None
    wave: str | None = None
    status: Status | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Read(NamedTuple):
    """One raw timing record as the device saw it (a tap, a typed bib, a chip read).

    ``bib_or_tag`` is the bib once a tag table has been applied; ``(device, seq)`` identifies
    the record for corrections. A NamedTuple because imports create a million of them.
    """

    bib_or_tag: str
    time: TimeLike
    source: str = "chip"
    device: str = ""
    seq: int = 0
    kind: str = FINISH


@dataclass(frozen=True, slots=True)
class Start:
    """A gun time for the whole event (``wave=None``) or for one wave."""

    time: TimeLike
    wave: str | None = None


ALL_RUNNING = None


@dataclass(frozen=True, slots=True)
class GroupFinish:
    """One time for a list of bibs, or (``bibs=None``) for everyone still running.

    A raw record like a read: a group that crosses together, as a memorial mile often does.
    """

    time: TimeLike
    bibs: tuple[str, ...] | None = ALL_RUNNING
    device: str = ""
    seq: int = 0


class Action(enum.StrEnum):
    VOID_READ = "void_read"
    ASSIGN_READ = "assign_read"
    SET_TIME = "set_time"
    SET_STATUS = "set_status"
    UNDO = "undo"


@dataclass(frozen=True, slots=True)
class Correction:
    """A new record that changes interpretation, never the raw data.

    Later corrections of the same thing win by ``(at, id)``; an ``undo`` voids the correction
    whose id is ``target`` (and undoing an undo restores it).
    """

    id: str
    action: Action
    at: TimeLike
    by: str
    why: str
    bib: str | None = None
    device: str | None = None
    seq: int | None = None
    time: TimeLike | None = None
    kind: str = FINISH
    status: Status | None = None
    target: str | None = None

    @classmethod
    def void_read(cls, id: str, device: str, seq: int, *, at: TimeLike, by: str, why: str):
        return cls(id, Action.VOID_READ, at, by, why, device=device, seq=seq)

    @classmethod
    def assign_read(
        cls, id: str, device: str, seq: int, bib: str, *, at: TimeLike, by: str, why: str
    ):
        return cls(id, Action.ASSIGN_READ, at, by, why, bib=bib, device=device, seq=seq)

    @classmethod
    def set_time(
        cls,
        id: str,
        bib: str,
        time: TimeLike | None,
        *,
        at: TimeLike,
        by: str,
        why: str,
        kind: str = FINISH,
    ):
        """``time=None`` clears a previous manual time so the reads count again."""
        return cls(id, Action.SET_TIME, at, by, why, bib=bib, time=time, kind=kind)

    @classmethod
    def set_status(
        cls, id: str, bib: str, status: Status | None, *, at: TimeLike, by: str, why: str
    ):
        """``status=None`` removes the corrected status (the entry's own or computed one counts)."""
        return cls(id, Action.SET_STATUS, at, by, why, bib=bib, status=status)

    @classmethod
    def undo(cls, id: str, target: str, *, at: TimeLike, by: str, why: str):
        return cls(id, Action.UNDO, at, by, why, target=target)
