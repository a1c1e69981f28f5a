"""What a registry file yields: one record per CSV row, a hero or the reason it was refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import NamedTuple

from .names import name_key


class HeroRow(NamedTuple):
    """One fallen hero as a registry file describes them; "" or None for whatever is unknown.

    A named tuple rather than a frozen dataclass: an import makes one per row, and building a
    frozen dataclass of twenty fields took 2 µs more each (a twentieth of an import).
    """

    line: int  # physical line where the record starts; the header is line 1
    rank: str
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    nickname: str
    k9: bool
    agency: str
    agency_key: str
    state: str
    country: str
    service: str
    end_of_watch: date | None
    incident_date: date | None
    cause: str
    source_registry: str
    source_id: str
    source_url: str
    # The record as read, hashed with what reading it depends on (`RegistryFile.rows_skipping`).
    digest: str = ""

    @property
    def name_key(self) -> str:
        return name_key(self.first_name, self.middle_name, self.last_name, self.suffix, self.k9)

    def identity(self) -> tuple[str, str, str, date | None]:
        """The duplicate key: same name, agency, state and end of watch is the same hero.

        End of watch is part of it because two different officers with the same name served
        the same agency (one ODMP pair does); the rank is not, since registries disagree on it.
        """
        return (self.name_key, self.agency_key, self.state, self.end_of_watch)


# A HeroRow from a tuple of all its fields, without the Python-level `__new__` of a named tuple.
hero_row = partial(tuple.__new__, HeroRow)


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row refused whole, with where and why; `raw` is the row as the file had it."""

    line: int
    column: str | None
    reason: str
    raw: dict[str, str]


@dataclass(frozen=True, slots=True)
class KnownRow:
    """A record read before exactly as it is now: same bytes, same reading. Not parsed again;
    it stands for the row an earlier import stored under `source_id`."""

    line: int
    source_id: str
    digest: str


@dataclass(frozen=True, slots=True)
class AgencyRow:
    """One agency from a location list such as the FBI's; `aliases` are extra matching keys."""

    line: int
    name: str
    key: str
    kind: str
    ori: str
    city: str
    county: str
    state: str
    latitude: float | None
    longitude: float | None
    aliases: tuple[str, ...] = ()


@dataclass
class RegistryFile:
    """An opened registry file; `rows` streams once, so the caller can show progress."""

    path: str
    format: str
    encoding: str
    attribution: str
    license: str
    source_registry: str
    columns: dict[str, str] = field(default_factory=dict)  # file column -> target
    # The file's line breaks: no more records follow the header (a field may hold breaks).
    records_at_most: int = 0
    rows: Iterator[HeroRow | RejectedRow] = field(default_factory=lambda: iter(()))
    _skipping: Callable[..., Iterator] | None = field(default=None, repr=False)  # (known, share)

    def rows_skipping(
        self, known: Mapping[str, str], share: tuple[int, int, int] | None = None
    ) -> Iterator[HeroRow | RejectedRow | KnownRow]:
        """The rows, except that a record whose digest is in `known` (digest -> source id, as
        an earlier import stored them) comes as a `KnownRow` without being parsed.

        A digest covers the record's fields, its ordinal when the format takes ids from it,
        the format, the options and the reader's own code: the same digest means the same
        HeroRow. Reading every row costs most of a re-import of an unchanged file; this is
        what makes that cheap. Iterate either `rows` or this, once: both read the same file.
        `share` = (mine, readers, block) keeps the records of the blocks of `block` records
        numbered `mine`, `mine + readers`, ...: processes reading one file together.
        """
        if self._skipping is None:
            if share:
                raise ValueError("this file cannot be read in shares")
            return iter(self.rows)
        return self._skipping(known, share=share)
