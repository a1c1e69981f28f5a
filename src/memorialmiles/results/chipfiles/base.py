"""What every chip-file parser shares: numbered lines, rejects kept aside, local clocks, tags.

A line that cannot be read becomes a ``Rejected`` with its number, column and reason; it is
never dropped. Blank lines and header lines are counted as skipped so that
``reads + rejected + skipped == lines_read`` always holds and can be shown to the timing lead.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..records import FINISH, Read, bib_problem, time_problem, to_us
from .columns import ReadColumns

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
MAX_SEQ = 2**31 - 1  # a reader's own sequence number is stored as the read's line number


class Rejected(NamedTuple):
    """A line kept aside: 1-based ``line`` and ``column`` (None when the whole line is bad)."""

    line: int
    column: int | None
    reason: str
    raw: str


class ParseResult:
    """``len(reads) + len(rejected) + skipped == lines_read`` unless a batch line (Impinj
    ``tag_reads``) holds several reads.

    Built either from ``Read`` tuples or (by ``parse``) from ``ReadColumns``; then ``reads``
    is made on first use only, so an import that folds the columns never builds a tuple per
    line. Immutable and compared by value, as the dataclass it replaces.
    """

    __slots__ = ("_reads", "_columns", "rejected", "lines_read", "skipped")

    def __init__(
        self, reads: list[Read], rejected: list[Rejected], lines_read: int, skipped: int = 0
    ) -> None:
        for name, value in (
            ("_reads", reads),
            ("_columns", None),
            ("rejected", rejected),
            ("lines_read", lines_read),
            ("skipped", skipped),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def from_columns(
        cls, columns: ReadColumns, rejected: list[Rejected], lines_read: int, skipped: int = 0
    ) -> ParseResult:
        out = cls(None, rejected, lines_read, skipped)  # type: ignore[arg-type]
        object.__setattr__(out, "_columns", columns)
        return out

    @property
    def reads(self) -> list[Read]:
        if self._reads is None:
            object.__setattr__(self, "_reads", self._columns.to_reads())
        return self._reads

    @property
    def columns(self) -> ReadColumns | None:
        """The reads as columns when the parser made them so (None: use ``reads``)."""
        return self._columns

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"ParseResult is immutable; cannot set {name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ParseResult):
            return NotImplemented
        return (self.reads, self.rejected, self.lines_read, self.skipped) == (
            other.reads,
            other.rejected,
            other.lines_read,
            other.skipped,
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):
        return (ParseResult, (self.reads, self.rejected, self.lines_read, self.skipped))

    def __repr__(self) -> str:
        return (
            f"ParseResult(reads=<{self._count()} reads>, rejected={self.rejected!r}, "
            f"lines_read={self.lines_read}, skipped={self.skipped})"
        )

    def _count(self) -> int:
        return len(self._columns) if self._reads is None else len(self._reads)


def load_zone(tz: str | tzinfo | None) -> tzinfo | None:
    if tz is None or isinstance(tz, tzinfo):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {tz!r}") from exc


def parse_time_of_day(text: str) -> tuple[int, int, int, int]:
    """``HH:MM:SS[.fff]`` -> (h, m, s, microseconds); ValueError says what is wrong."""
    parts = text.split(":")
    if len(parts) != 3:
        raise ValueError(f"time {text!r} is not HH:MM:SS[.fff]")
    hh, mm, rest = parts
    sec, dot, frac = rest.partition(".")
    if not (hh.isdigit() and mm.isdigit() and sec.isdigit() and len(mm) == 2 and len(sec) == 2):
        raise ValueError(f"time {text!r} is not HH:MM:SS[.fff]")
    if dot and not (frac.isdigit() and len(frac) <= 6):
        raise ValueError(f"time {text!r} has a bad fraction of a second")
    h, m, s = int(hh), int(mm), int(sec)
    if h > 23 or m > 59 or s > 59:
        raise ValueError(f"time {text!r} is out of range")
    return h, m, s, int((frac + "000000")[:6]) if dot else 0


def load_tags(source: str | os.PathLike | Iterable[str]) -> dict[str, str]:
    """A ``tag,bib`` CSV (header optional) -> {TAG: bib}; tags are matched case-blind."""
    lines = _open_text(source) if isinstance(source, str | os.PathLike) else source
    table: dict[str, str] = {}
    for n, row in enumerate(csv.reader(lines), 1):
        if not row or not "".join(row).strip():
            continue
        if n == 1 and [c.strip().lower() for c in row[:2]] == ["tag", "bib"]:
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(f"line {n}: expected tag,bib")
        tag = row[0].strip().upper()
        problem = bib_problem(row[1].strip())
        if problem:
            raise ValueError(f"line {n}: {problem}")
        if table.setdefault(tag, row[1].strip()) != row[1].strip():
            raise ValueError(f"line {n}: tag {row[0].strip()} given two different bibs")
    return table


def _open_text(path: str | os.PathLike) -> list[str]:
    return Path(path).read_text(encoding="utf-8-sig").splitlines()


def numbered_lines(
    source: str | os.PathLike | Iterable[str] | Iterable[bytes],
) -> Iterator[tuple[int, str | Rejected]]:
    """(line number, text) without line endings; undecodable bytes become a Rejected."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            yield from _decode(handle)
    else:
        yield from _decode(source)


def _decode(lines: Iterable[str] | Iterable[bytes]) -> Iterator[tuple[int, str | Rejected]]:
    for n, raw in enumerate(lines, 1):
        yield n, decode_line(n, raw)


def decode_line(n: int, raw: str | bytes) -> str | Rejected:
    """One line as the parsers see it: UTF-8, no BOM on line 1, no line ending."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            shown = raw.decode("utf-8", "replace").rstrip("\r\n")
            return Rejected(n, exc.start + 1, "not UTF-8 text", shown)
    else:
        text = raw
    if n == 1 and text.startswith("\ufeff"):
        text = text[1:]
    return text.rstrip("\r\n")


@dataclass(slots=True)
class Context:
    """Per-file settings and the cache that makes local time-of-day conversion cheap."""

    event_date: date | None
    tz: tzinfo | None
    offset_us: int = 0
    tags: dict[str, str] | None = None
    device: str = ""
    kind: str = FINISH
    skipped: int = 0
    lines: int = 0
    _offsets: dict[tuple[date, int, int], int] = field(default_factory=dict)

    def local_us(self, day: date, h: int, m: int, s: int, us: int) -> int:
        """Epoch microseconds of a wall-clock time in the event's zone.

        The UTC offset is looked up once per (day, hour, minute), which covers every DST
        rule in use; an ambiguous autumn hour resolves to its first occurrence (fold=0).
        """
        if self.tz is None:
            raise ValueError("a time of day needs the event's time zone")
        key = (day, h, m)
        off = self._offsets.get(key)
        if off is None:
            moment = datetime(day.year, day.month, day.day, h, m, tzinfo=self.tz)
            delta = moment.utcoffset()
            off = 0 if delta is None else int(delta.total_seconds())
            self._offsets[key] = off
        days = day.toordinal() - _EPOCH_ORDINAL
        return (days * 86400 + h * 3600 + m * 60 + s - off) * 1_000_000 + us

    def tod_us(self, text: str, day: date | None = None) -> int:
        day = day or self.event_date
        if day is None:
            raise ValueError("a time of day needs the event's date")
        return self.local_us(day, *parse_time_of_day(text))

    def bib_for(self, tag: str) -> str | None:
        """The bib for a tag, or None when a tag table is given and does not know it."""
        if self.tags is None:
            return tag
        return self.tags.get(tag.upper())

    def read(
        self,
        n: int,
        raw: str,
        tag: str,
        us: int,
        *,
        device: str | None = None,
        seq: int | None = None,
        kind: str | None = None,
        col: int | None = None,
        time_col: int | None = None,
    ) -> Read | Rejected:
        """A read of ``tag`` at ``us`` (offset not yet applied), or why it is rejected."""
        if seq is not None and not 0 <= seq <= MAX_SEQ:
            return Rejected(n, None, f"sequence number {seq} is too large", raw)
        bib = self.bib_for(tag)
        if bib is None:
            return Rejected(n, col, f"tag {tag} is not in the tag table", raw)
        us += self.offset_us
        bad = out_of_bounds(n, raw, bib, us, col, time_col)
        if bad is not None:
            return bad
        return Read(
            bib,
            us / 1_000_000,
            "chip",
            device or self.device,
            n if seq is None else seq,
            kind or self.kind,
        )


def out_of_bounds(
    n: int, raw: str, bib: str, us: int, bib_col: int | None, time_col: int | None
) -> Rejected | None:
    """The bounds a phone tap has too: a short bib without NUL, a time in 2000-2100."""
    problem = bib_problem(bib)
    if problem:
        return Rejected(n, bib_col, problem, raw)
    problem = time_problem(us)
    if problem:
        return Rejected(n, time_col, problem, raw)
    return None


def iso_us(text: str) -> int:
    """An ISO 8601 date-time that carries its UTC offset -> epoch microseconds."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"time {text!r} is not ISO 8601") from None
    if moment.tzinfo is None:
        raise ValueError(f"time {text!r} has no UTC offset")
    return to_us(moment)


def time_us(text: str, ctx: Context) -> int:
    """ISO 8601 with an offset, or a time of day on the event's date in its zone."""
    text = text.strip()
    if "T" in text or " " in text or text.count("-") >= 2:
        return iso_us(text.replace(" ", "T", 1))
    return ctx.tod_us(text)
