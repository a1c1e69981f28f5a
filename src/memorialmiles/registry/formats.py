"""The registry formats we know, and the column names a generic CSV may use.

Every format is a column mapping onto the same targets (`TARGETS`), so the built-in formats
and a user's `--map` go through one code path (`heroes.row_builder`). What differs per format
is only how a value is written (`EOW: Monday, ...`, `Agency, ST`) and where it comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TARGETS = (
    "name",
    "rank",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "agency",
    "state",
    "country",
    "service",
    "end_of_watch",
    "incident_date",
    "cause",
    "k9",
    "source_id",
    "source_url",
)
# ODMP's `Agency, ST` in one column: split on the last comma into agency and state.
AGENCY_WITH_STATE = "agency_with_state"

FIVETHIRTYEIGHT_ATTRIBUTION = (
    "Data: FiveThirtyEight (CC BY 4.0), from the Officer Down Memorial Page (odmp.org)"
)
FIVETHIRTYEIGHT_REGISTRY = "FiveThirtyEight police-deaths (ODMP)"


@dataclass(frozen=True, slots=True)
class RegistryFormat:
    """How one registry export is laid out and whom to credit for it."""

    name: str
    source_registry: str  # "" means: name the source after the file
    attribution: str
    license: str
    columns: dict[str, str]  # file column -> target
    signature: frozenset[str] = frozenset()  # header columns that identify the format
    service: str = ""  # default service for every row
    source_id_from_ordinal: bool = False  # the record number is the stable id
    # Memorial site's own content (narratives, photos): never read, never kept.
    excluded: frozenset[str] = field(default_factory=frozenset)
    prefixes: dict[str, str] = field(default_factory=dict)  # target -> prefix to strip


FORMATS: dict[str, RegistryFormat] = {
    "odmp-538-raw": RegistryFormat(
        name="odmp-538-raw",
        source_registry=FIVETHIRTYEIGHT_REGISTRY,
        attribution=FIVETHIRTYEIGHT_ATTRIBUTION,
        license="CC BY 4.0",
        columns={
            "person": "name",
            "dept": AGENCY_WITH_STATE,
            "eow": "end_of_watch",
            "cause": "cause",
        },
        signature=frozenset({"person", "dept", "eow", "cause"}),
        service="police",
        source_id_from_ordinal=True,
        prefixes={"cause": "Cause of Death:"},
    ),
    "odmp-538-clean": RegistryFormat(
        name="odmp-538-clean",
        source_registry=FIVETHIRTYEIGHT_REGISTRY,
        attribution=FIVETHIRTYEIGHT_ATTRIBUTION,
        license="CC BY 4.0",
        columns={
            "rownames": "source_id",
            "person": "name",
            "cause_of_death": "cause",
            "date": "end_of_watch",
            "canine": "k9",
            "dept_name": "agency",
            "state": "state",
        },
        signature=frozenset({"rownames", "person", "cause_of_death", "date", "dept_name"}),
        service="police",
    ),
    "odmp-2024": RegistryFormat(
        name="odmp-2024",
        source_registry="ODMP 2024 (stiles/police-end-of-watch)",
        attribution=(
            "Officer Down Memorial Page (odmp.org), compiled by stiles/police-end-of-watch"
            " (CC0 1.0); narratives and photos stay on odmp.org"
        ),
        license="CC0 1.0 (compilation); link to odmp.org for the memorial's own content",
        columns={
            "name": "name",
            "department_name": "agency",
            "state_abbreviation": "state",
            "cause": "cause",
            "date": "end_of_watch",
            "canine": "k9",
            "url": "source_url",
        },
        signature=frozenset(
            {"name", "officer_name", "title", "department_name", "state_abbreviation", "url"}
        ),
        service="police",
        excluded=frozenset({"incident_description", "photo_url"}),
    ),
    "csv": RegistryFormat(name="csv", source_registry="", attribution="", license="", columns={}),
}

_HEADER = re.compile(r"[^a-z0-9]+")


def header_key(column: str) -> str:
    """`First Name`, `first_name`, `FIRST-NAME` all read `first name`."""
    return _HEADER.sub(" ", column.lower().lstrip("\ufeff")).strip()


def _synonyms() -> dict[str, str]:
    """Column names seen in registry exports, by the target they feed (compared by header_key)."""
    table = {
        "name": ["name", "full name", "fullname", "officer", "officer name", "person", "hero",
                 "deceased", "decedent", "firefighter name"],
        "rank": ["rank", "title", "position"],
        "first_name": ["first name", "first", "firstname", "given name", "forename"],
        "middle_name": ["middle name", "middle", "middle initial", "mi"],
        "last_name": ["last name", "last", "lastname", "surname", "family name"],
        "suffix": ["suffix", "name suffix"],
        "agency": ["agency", "department", "dept", "agency name", "department name",
                   "dept name", "fire department", "organization", "employer"],
        "state": ["state", "st", "state abbreviation", "state code", "state abbr"],
        "country": ["country"],
        "service": ["service", "discipline"],
        "end_of_watch": ["end of watch", "eow", "date of death", "death date", "died", "date"],
        "incident_date": ["incident date", "date of incident", "date of injury", "injury date"],
        "cause": ["cause", "cause of death", "nature of death"],
        "k9": ["k9", "canine"],
        "source_id": ["id", "source id", "record id"],
        "source_url": ["url", "link", "source url"],
    }  # fmt: skip
    return {name: target for target, names in table.items() for name in names}


SYNONYMS = _synonyms()


def detect_format(header: list[str]) -> str | None:
    """The built-in format whose signature the header carries, else None (generic CSV)."""
    keys = {column.strip().lstrip("\ufeff").strip('"') for column in header}
    for name, fmt in FORMATS.items():
        if fmt.signature and fmt.signature <= keys:
            return name
    return None
