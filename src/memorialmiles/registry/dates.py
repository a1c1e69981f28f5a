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
_PREFIX = re.compile(r"^\s*(?:eow|end of watch|date of death|date)\s*:\s*", re.IGNORECASE)


class DateError(ValueError):
    """A date we cannot read; the message is meant for the person fixing the file."""


def parse_date(text: str, date_format: str | None = None) -> date | None:
    """The date in `text`, None for blank or an explicit unknown; DateError when unreadable."""
    text = text.strip()
    return _parse(text, date_format) if text else None


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
