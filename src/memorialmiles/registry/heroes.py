"""Turning one row's mapped values into a HeroRow, or into the reason it is refused.

A row is refused whole rather than half-kept: an honor roll entry with a wrong date or state is
worse than a visible reject the organizer can fix and import again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .agencies import normalise_agency, split_agency_state
from .dates import DateError, parse_date
from .formats import AGENCY_WITH_STATE
from .names import NameParts, split_full_name
from .rows import HeroRow, RejectedRow, hero_row
from .states import state_code

_TRUE = frozenset({"true", "t", "yes", "y", "1", "k9", "canine"})
_FALSE = frozenset({"false", "f", "no", "n", "0", ""})
_UNKNOWN = frozenset({"not available", "n/a", "na", "unknown", "none", "null"})
_SERVICES = {
    "police": "police", "law enforcement": "police", "le": "police", "sheriff": "police",
    "fire": "fire", "firefighter": "fire", "fire service": "fire", "fire rescue": "fire",
    "ems": "ems", "emt": "ems", "paramedic": "ems", "emergency medical services": "ems",
    "corrections": "corrections", "correction": "corrections", "correctional": "corrections",
    "other": "other",
}  # fmt: skip
_COUNTRIES = {"us": "US", "usa": "US", "u s": "US", "u s a": "US", "united states": "US",
              "united states of america": "US"}  # fmt: skip
_TRAILING_SUFFIX = re.compile(r"^(.+?)[\s,]+(jr|sr|ii|iii|iv|2nd|3rd)\.?$", re.IGNORECASE)
_QUOTED = re.compile(r"\s*[\"“”(]([^\"“”()]*)[\"“”)]\s*")
_ODMP_ID = re.compile(r"odmp\.org/(officer|k9)/(\d+)")
_SPACES = re.compile(r"\s+")


def service_value(text: str) -> str | None:
    """The service code for a cell, "" for blank, None when it names no service we know."""
    key = _SPACES.sub(" ", text.strip().lower())
    return "" if not key else _SERVICES.get(key)


@dataclass(slots=True)
class RowContext:
    """What stays the same for every row of one file."""

    source_registry: str
    service: str
    date_format: str | None
    today: date
    prefixes: dict[str, str]
    columns: dict[str, str]  # target -> the file's column name, for messages


def row_builder(
    positions: dict[str, int], ctx: RowContext, raw: Callable[[list[str]], dict[str, str]]
) -> Callable[[list[str], int, int, str], HeroRow | RejectedRow]:
    """A function of one record's fields -> HeroRow, or RejectedRow naming the column at fault.

    Made once per file: which targets the file maps (`positions`: target -> field index) is
    decided here, so a row pays only for its own cells (a dict of targets per row, asked which
    targets it had, was a sixth of the time to read the ODMP file). The function takes
    (fields, line, ordinal, digest); `raw(fields)` is the row as the file had it, asked for only
    when the row is refused.
    """
    at = positions.get
    prefixed = [(positions[t], prefix) for t, prefix in ctx.prefixes.items() if t in positions]
    i_place = at(AGENCY_WITH_STATE)
    i_agency, i_state, i_name = at("agency"), at("state"), at("name")
    explicit = [
        (target, positions[target])
        for target in ("rank", "first_name", "middle_name", "last_name", "suffix")
        if target in positions
    ]
    i_k9, i_service, i_country = at("k9"), at("service"), at("country")
    i_cause, i_source_url, i_source_id = at("cause"), at("source_url"), at("source_id")
    dated = [
        (positions[target], target, label)
        for target, label in (("end_of_watch", "end of watch"), ("incident_date", "incident date"))
        if target in positions
    ]
    date_format, today, default_service = ctx.date_format, ctx.today, ctx.service
    source_registry = ctx.source_registry

    def column(target: str) -> str:
        return ctx.columns.get(target, target)

    place_column = column(AGENCY_WITH_STATE if i_place is not None else "state")
    name_column = column("name" if "name" in ctx.columns else "last_name")

    def build(cells: list[str], line: int, ordinal: int, digest: str) -> HeroRow | RejectedRow:
        fields = cells  # `raw` is given the cells as the file had them
        if prefixed:
            fields = cells.copy()
            for i, prefix in prefixed:
                fields[i] = fields[i].strip().removeprefix(prefix)
        if i_place is not None:
            agency, state, agency_key, state_text = _place_with_state(fields[i_place])
        else:
            state_text = "" if i_state is None else fields[i_state]
            agency, state, agency_key = _place(
                "" if i_agency is None else fields[i_agency], state_text
            )
        if state is None:
            return RejectedRow(
                line, place_column, f"unknown state code {state_text.strip()!r}", raw(cells)
            )

        if explicit:
            parts = _name_parts(None if i_name is None else fields[i_name], explicit, fields)
        elif i_name is not None:
            parts = split_full_name(_clean(fields[i_name]))
        else:
            parts = _NO_NAME
        if i_k9 is None:
            k9 = parts.k9
        else:
            k9_text = _repeated(fields[i_k9]).lower()
            if k9_text not in _TRUE and k9_text not in _FALSE:
                return RejectedRow(
                    line,
                    column("k9"),
                    f"k9 must be true or false, not {fields[i_k9]!r}",
                    raw(cells),
                )
            k9 = parts.k9 or k9_text in _TRUE
        if not parts.last_name:
            if parts.first_name:  # a single given name: keep it as the name we sort on
                parts = parts._replace(first_name="", last_name=parts.first_name)
            else:
                return RejectedRow(line, name_column, "the name is missing", raw(cells))

        end_of_watch = incident_date = None
        for i, target, label in dated:
            try:
                when = parse_date(fields[i], date_format)
            except DateError as exc:
                return RejectedRow(line, column(target), str(exc), raw(cells))
            if when is not None and when > today:
                reason = f"{label} {when.isoformat()} is in the future"
                return RejectedRow(line, column(target), reason, raw(cells))
            if target == "end_of_watch":
                end_of_watch = when
            else:
                incident_date = when

        service = ""
        if i_service is not None:
            service = service_value(fields[i_service])
            if service is None:
                return RejectedRow(line, column("service"), f"unknown service "
                                   f"{fields[i_service]!r} (use police, fire, ems, corrections or"
                                   " other)", raw(cells))  # fmt: skip
        country = "US"
        if i_country is not None and (country_text := _repeated(fields[i_country])):
            country = _country(country_text)
            if country is None:
                return RejectedRow(
                    line, column("country"), f"unknown country {country_text!r}", raw(cells)
                )

        source_url = "" if i_source_url is None else _clean(fields[i_source_url])
        source_id = "" if i_source_id is None else _clean(fields[i_source_id])
        if not source_id and source_url and (m := _ODMP_ID.search(source_url)):
            source_id = m[2] if m[1] == "officer" else f"k9-{m[2]}"  # two numbering series
        if not source_id and ordinal:
            source_id = str(ordinal)
        return hero_row(
            (
                line,
                parts.rank,
                parts.first_name,
                parts.middle_name,
                parts.last_name,
                parts.suffix,
                parts.nickname,
                k9,
                agency,
                agency_key,
                state,
                country,
                service or default_service,
                end_of_watch,
                incident_date,
                "" if i_cause is None else _repeated(fields[i_cause]),
                source_registry,
                source_id,
                source_url,
                digest,
            )
        )

    return build


_NO_NAME = NameParts()


# A registry repeats its agencies (22,800 rows name 5,525), causes and flags: each cell is
# read once. The caches are bounded, so a file of all-different cells costs a little more.
@lru_cache(maxsize=16384)
def _place(agency_text: str, state_text: str) -> tuple[str, str | None, str]:
    """(agency, state code or None when unknown, the agency's matching key)."""
    agency = _clean(agency_text)
    return agency, state_code(_clean(state_text)), normalise_agency(agency) if agency else ""


@lru_cache(maxsize=16384)
def _place_with_state(text: str) -> tuple[str, str | None, str, str]:
    """`_place` of an `Agency, ST` cell, and the state as written."""
    agency_text, state_text = split_agency_state(text)
    return (*_place(agency_text, state_text), state_text)


def _clean(text: str) -> str:
    if not text:
        return text
    text = " ".join(text.split())
    return "" if len(text) < 14 and text.lower() in _UNKNOWN else text


_repeated = lru_cache(maxsize=4096)(_clean)  # for the columns of few values (cause, k9)


def _country(text: str) -> str | None:
    if not text:
        return "US"
    key = re.sub(r"[^a-z]+", " ", text.lower()).strip()
    if key in _COUNTRIES:
        return _COUNTRIES[key]
    return text.upper() if len(text) == 2 and text.isalpha() else None


def _name_parts(name: str | None, explicit: list[tuple[str, int]], fields: list[str]) -> NameParts:
    """Split `name` when there is one; explicit name columns win over what the split found."""
    parts = split_full_name(_clean(name)) if name is not None else _NO_NAME
    given = {target: text for target, i in explicit if (text := _clean(fields[i]))}
    if not given:
        return parts
    nickname = parts.nickname
    for target in ("first_name", "middle_name", "last_name"):
        if target in given and (m := _QUOTED.search(given[target])):
            nickname = nickname or m[1].strip()
            given[target] = _QUOTED.sub(" ", given[target]).strip()
    last = given.get("last_name")
    if last and "suffix" not in given and (m := _TRAILING_SUFFIX.match(last)):
        given["last_name"], given["suffix"] = m[1].rstrip(","), m[2]
    return parts._replace(nickname=nickname, **given)
