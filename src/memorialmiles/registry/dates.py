"""Dates as memorial registries write them.

Seen in real exports: ISO (`1999-12-31`), ODMP's `EOW: Friday, December 31, 1999`, fire
registries' `Dec 31, 1999`, and US `12/31/1999`. Day-first numeric dates are never guessed: a
file that uses them must say so with `date_format`, because 01/02 is ambiguous.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.+Z-]*)?")
_MONTH_FIRST = re.compile(r"(?:[a-z]+,\s*)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ODMP = re.compile(r"EOW: [A-Za-z]+, ([A-Za-z]+) ([0-9]{1,2}), ([0-9]{4})")  # the common form
_PREFIX = re.compile(r"^\s*(?:eow|end of watch|date of death|date)\s*:\s*", re.IGNORECASE)


class DateError(ValueError):
    """A date we cannot read; the message is meant for the person fixing the file."""


def parse_date(text: str, date_format: str | None = None) -> date | None:
    """The date in `text`, None for blank or an explicit unknown; DateError when unreadable."""
    text = text.strip()
    if not text:
        return None
    if date_format is None and text.isascii() and (when := _common(text)) is not None:
        return when
    return _parse(text, date_format)


def _common(text: str) -> date | None:
    """The two forms whole registries use, ISO and ODMP's `EOW: Friday, December 31, 1999`,
    read without `_parse`'s prefix and case folding or its cache (most dates of a file differ):
    the date, or None for anything else, even a small variation, which `_parse` then reads or
    refuses. `text` is ASCII, so `isdigit` means what `_parse`'s `\\d` does.
    """
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            if (text[:4] + text[5:7] + text[8:]).isdigit():
                return date(int(text[:4]), int(text[5:7]), int(text[8:]))
        elif m := _ODMP.fullmatch(text):
            number = _MONTHS.get(m[1].lower())
            if number:
                return date(int(m[3]), number, int(m[2]))
    except ValueError:  # not a real date: `_parse` says why
        pass
    return None


@lru_cache(maxsize=65536)
def _parse(text: str, date_format: str | None) -> date | None:
    if not text or text.lower() in {"not available", "unknown", "n/a", "na", "none", "null"}:
        return None
    if date_format:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            raise DateError(f"date {text!r} does not match the format {date_format!r}") from None
    text = _PREFIX.sub("", text).lower()
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH_FIRST.fullmatch(text):
            return _named(m[1], m[2], m[3])
        if m := _DAY_FIRST.fullmatch(text):
            return _named(m[2], m[1], m[3])
        if m := _US.fullmatch(text):
            return date(int(m[3]), int(m[1]), int(m[2]))
    except ValueError as exc:
        raise DateError(f"date {text!r} is not a real date ({exc})") from None
    raise DateError(
        f"cannot read the date {text!r} (expected e.g. 1999-12-31, Dec 31, 1999 or 12/31/1999;"
        " give --date-format for others)"
    )


def _named(month: str, day: str, year: str) -> date:
    number = _MONTHS.get(month)
    if number is None:
        raise ValueError(f"unknown month {month!r}")
    return date(int(year), number, int(day))
