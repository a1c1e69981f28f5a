"""Reading agency location lists such as the FBI's Crime Data Explorer agencies export.

The FBI names state agencies without the state ("State Police", "Highway Patrol: Troop A")
where memorial registries write "California Highway Patrol"; such rows get an alias key with
the state's name in front so that the two meet. Coordinates are often a county's centre and
556 FBI rows have none: they come through as None, never as 0.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from .agencies import agency_kind, normalise_agency
from .errors import RegistryError
from .formats import header_key
from .reader import DEFAULT_MAX_BYTES
from .rows import AgencyRow, RejectedRow
from .sources import csv_records, header_record, read_text
from .states import STATE_NAMES, state_code

_COLUMNS = {
    "name": ("agency name", "agency", "name", "department", "department name"),
    "state": ("state abbr", "state", "state code", "state abbreviation"),
    "ori": ("ori", "ori9", "id"),
    "city": ("city",),
    "county": ("county name", "county"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng", "long"),
    "type": ("agency type name", "agency type", "type", "kind"),
}
_STATEWIDE = re.compile(
    r"^(state police|highway patrol|state patrol|department of public safety|state troopers?)\b",
    re.IGNORECASE,
)
_CITY_SUFFIX = re.compile(
    r"\s+(police department|police dept\.?|police|department of public safety|public safety|"
    r"marshal'?s office|city marshal)$",
    re.IGNORECASE,
)
_TYPE_KINDS = {"tribal": "tribal", "state police": "police", "city": "police"}


def read_agencies(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[AgencyRow | RejectedRow]:
    """Stream an agency list; the header is checked before the first row comes out."""
    name = str(path)
    text, _ = read_text(path, max_bytes)
    records = csv_records(name, text)
    _, header = header_record(name, records)
    keys = [header_key(column) for column in header]
    where = {
        field: next((keys.index(k) for k in names if k in keys), None)
        for field, names in _COLUMNS.items()
    }
    for field in ("name", "state"):
        if where[field] is None:
            raise RegistryError(name, f"missing required column: agency {field}", line=1)
    return _agencies(records, header, where)


def _agencies(
    records: Iterator[tuple[int, list[str]]], header: list[str], where: dict[str, int | None]
) -> Iterator[AgencyRow | RejectedRow]:
    for line, fields in records:
        raw = dict(zip(header, fields, strict=False))

        def cell(field: str, fields: list[str] = fields) -> str:
            i = where[field]
            return fields[i].strip() if i is not None and i < len(fields) else ""

        agency = cell("name")
        state = state_code(cell("state"), aliases=True)
        if not agency:
            yield RejectedRow(line, header[where["name"] or 0], "the agency name is missing", raw)
            continue
        if not state:
            reason = f"unknown state code {cell('state')!r}"
            yield RejectedRow(line, header[where["state"] or 0], reason, raw)
            continue
        try:
            latitude, longitude = _coordinate(cell("latitude")), _coordinate(cell("longitude"))
        except ValueError as exc:
            yield RejectedRow(line, "latitude", f"bad coordinate: {exc}", raw)
            continue
        agency_type = cell("type").lower()
        kind = agency_kind(agency, state)
        if kind == "other":
            kind = _TYPE_KINDS.get(agency_type, "other")
        key = normalise_agency(agency)
        aliases: tuple[str, ...] = ()
        if _STATEWIDE.match(agency) and state in STATE_NAMES:
            statewide = agency.split(":", 1)[0]
            aliases = (normalise_agency(f"{STATE_NAMES[state]} {statewide}"),)
        city = cell("city")
        if not city and agency_type == "city":
            city = _CITY_SUFFIX.sub("", agency)
        yield AgencyRow(
            line=line,
            name=agency,
            key=key,
            kind=kind,
            ori=cell("ori"),
            city=city,
            county=cell("county").title(),
            state=state,
            latitude=latitude,
            longitude=longitude,
            aliases=aliases,
        )


def _coordinate(text: str) -> float | None:
    if not text:
        return None
    value = float(text)
    if value != value or abs(value) > 180:
        raise ValueError(f"{text!r} is not a coordinate")
    return value
