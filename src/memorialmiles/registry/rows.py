"""What a registry file yields: one record per CSV row, a hero or the reason it was refused."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from .names import name_key


@dataclass(frozen=True, slots=True)
class HeroRow:
    """One fallen hero as a registry file describes them; "" or None for whatever is unknown."""

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

    @property
    def name_key(self) -> str:
        return name_key(self.first_name, self.middle_name, self.last_name, self.suffix, self.k9)

    def identity(self) -> tuple[str, str, str, date | None]:
        """The duplicate key: same name, agency, state and end of watch is the same hero.

        End of watch is part of it because two different officers with the same name served
        the same agency (one ODMP pair does); the rank is not, since registries disagree on it.
        """
        return (self.name_key, self.agency_key, self.state, self.end_of_watch)


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row refused whole, with where and why; `raw` is the row as the file had it."""

    line: int
    column: str | None
    reason: str
    raw: dict[str, str]


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
    rows: Iterator[HeroRow | RejectedRow] = field(default_factory=lambda: iter(()))
