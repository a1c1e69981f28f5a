"""Entries and wave-start files for results computed from files alone (no database).

Errors carry the line number so the CLI can say ``FILE: line L: what`` to a timer who is
fixing a spreadsheet at a finish line.
"""

from __future__ import annotations

import csv
import os
from datetime import date, tzinfo

from .chipfiles.base import Context, time_us
from .records import Entry, Start, Status

ENTRY_COLUMNS = ("bib", "first_name", "last_name", "sex", "age", "agency", "wave")
_SEX = {"m": "M", "male": "M", "man": "M", "f": "F", "female": "F", "woman": "F",
        "x": "X", "nb": "X", "nonbinary": "X", "non-binary": "X"}  # fmt: skip
_STATUS = {"dns": Status.DNS, "dq": Status.DQ, "dnf": Status.DNF}


class InputError(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _rows(path: str | os.PathLike):
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            yield from enumerate(csv.reader(handle), 1)
    except UnicodeDecodeError as exc:
        raise InputError(None, "not UTF-8 text") from exc


def _header(row: list[str], need: tuple[str, ...]) -> dict[str, int]:
    names = [c.strip().lower() for c in row]
    missing = [c for c in need if c not in names]
    if missing:
        raise InputError(1, f"header lacks column(s): {', '.join(missing)}")
    return {n: i for i, n in enumerate(names)}


def _entry(cells: list[str], cols: dict[str, int], line: int) -> Entry:
    def cell(name: str) -> str:
        i = cols.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    bib = cell("bib")
    if not bib:
        raise InputError(line, "empty bib")
    sex_text = cell("sex").lower()
    if sex_text and sex_text not in _SEX:
        raise InputError(line, f"sex {cell('sex')!r} is not M, F or X")
    age_text = cell("age")
    if age_text and not (age_text.isdigit() and int(age_text) <= 120):
        raise InputError(line, f"age {age_text!r} is not a whole number 0-120")
    status_text = cell("status").lower()
    if status_text and status_text not in _STATUS:
        raise InputError(line, f"status {cell('status')!r} is not DNS, DNF or DQ")
    return Entry(
        bib=bib,
        first_name=cell("first_name"),
        last_name=cell("last_name"),
        sex=_SEX.get(sex_text),
        age=int(age_text) if age_text else None,
        agency=cell("agency") or None,
        wave=cell("wave") or None,
        status=_STATUS.get(status_text),
    )


def read_entries(path: str | os.PathLike) -> list[Entry]:
    """Entries CSV with a ``bib`` column (the others optional); a repeated bib is an error."""
    entries: list[Entry] = []
    cols: dict[str, int] | None = None
    seen: dict[str, int] = {}
    for line, row in _rows(path):
        if not row or not "".join(row).strip():
            continue
        if cols is None:
            cols = _header(row, ("bib",))
            continue
        entry = _entry(row, cols, line)
        if entry.bib in seen:
            raise InputError(line, f"bib {entry.bib} already on line {seen[entry.bib]}")
        seen[entry.bib] = line
        entries.append(entry)
    if cols is None:
        raise InputError(None, "empty file")
    return entries


def read_wave_starts(path: str | os.PathLike, event_date: date, tz: tzinfo) -> list[Start]:
    """A ``wave,time`` CSV; times are ISO 8601 with an offset or a time of day."""
    ctx = Context(event_date, tz)
    starts: list[Start] = []
    cols: dict[str, int] | None = None
    for line, row in _rows(path):
        if not row or not "".join(row).strip():
            continue
        if cols is None:
            cols = _header(row, ("wave", "time"))
            continue
        wave = row[cols["wave"]].strip() if cols["wave"] < len(row) else ""
        text = row[cols["time"]].strip() if cols["time"] < len(row) else ""
        if not wave or not text:
            raise InputError(line, "expected wave,time")
        try:
            us = time_us(text, ctx)
        except ValueError as exc:
            raise InputError(line, str(exc)) from None
        starts.append(Start(us / 1_000_000, wave))
    return starts
