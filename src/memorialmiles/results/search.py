"""Find runners in a results table by what a spectator types on a phone: a name or a bib.

Pure: works on the core's ``Result`` rows. Each word of the query must match the runner, a
word of digits as the start of the bib, any word as part of the name (case and accents
ignored, so "jose" finds "José"), and an optional status keeps only DNS, DNF, DQ or finishers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .compute import Result
from .records import Status

MAX_QUERY = 100  # characters of a query read; a longer one is cut, not an error


def fold(text: str) -> str:
    """Lower case, accents gone: the form both sides are compared in."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matches(row: Result, words: list[str]) -> bool:
    name = fold(row.entry.name)
    bib = fold(row.bib)
    return all(bib.startswith(w) if w.isdigit() else (w in name or w == bib) for w in words)


def find(rows: Iterable[Result], query: str = "", status: str = "") -> list[Result]:
    """The rows matching every word of ``query`` and, if given, the status (``Status`` value)."""
    words = fold(query[:MAX_QUERY]).split()
    wanted = Status(status) if status in Status._value2member_map_ else None
    return [
        r
        for r in rows
        if (wanted is None or r.status == wanted) and (not words or _matches(r, words))
    ]
