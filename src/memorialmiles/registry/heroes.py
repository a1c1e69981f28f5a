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
from .rows import HeroRow, RejectedRow
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


def build_hero(
    values: dict[str, str],
    line: int,
    ordinal: int,
    raw: Callable[[], dict[str, str]],
    ctx: RowContext,
    *,
    digest: str = "",
) -> HeroRow | RejectedRow:
    """One row's values by target -> HeroRow, or RejectedRow naming the column at fault;
    `raw` gives the row as the file had it, asked for only when the row is refused."""

    def reject(target: str, reason: str) -> RejectedRow:
        return RejectedRow(line, ctx.columns.get(target, target), reason, raw())

    for target, prefix in ctx.prefixes.items():
        if target in values:
            values[target] = values[target].strip().removeprefix(prefix)
    get = values.get
    if AGENCY_WITH_STATE in values:
        agency, state, agency_key, state_text = _place_with_state(values[AGENCY_WITH_STATE])
    else:
        state_text = get("state", "")
        agency, state, agency_key = _place(get("agency", ""), state_text)
    if state is None:
        target = AGENCY_WITH_STATE if AGENCY_WITH_STATE in values else "state"
        return reject(target, f"unknown state code {state_text.strip()!r}")

    parts = _name_parts(values)
    k9_text = _repeated(get("k9", "")).lower()
    if k9_text not in _TRUE and k9_text not in _FALSE:
        return reject("k9", f"k9 must be true or false, not {get('k9', '')!r}")
    k9 = parts.k9 or k9_text in _TRUE
    if not parts.last_name:
        if parts.first_name:  # a single given name: keep it as the name we sort on
            parts = parts._replace(first_name="", last_name=parts.first_name)
        else:
            column = "name" if "name" in ctx.columns else "last_name"
            return reject(column, "the name is missing")

    dates: list[date | None] = []
    for target in ("end_of_watch", "incident_date"):
        try:
            when = parse_date(values[target], ctx.date_format) if target in values else None
        except DateError as exc:
            return reject(target, str(exc))
        if when is not None and when > ctx.today:
            label = "end of watch" if target == "end_of_watch" else "incident date"
            return reject(target, f"{label} {when.isoformat()} is in the future")
        dates.append(when)

    service = service_value(get("service", "")) if "service" in values else ""
    if service is None:
        return reject("service", f"unknown service {get('service')!r} (use police, fire, ems,"
                      " corrections or other)")  # fmt: skip
    country_text = _repeated(get("country", ""))
    country = _country(country_text)
    if country is None:
        return reject("country", f"unknown country {country_text!r}")

    source_url = _clean(get("source_url", ""))
    source_id = _clean(get("source_id", ""))
    if not source_id and source_url and (m := _ODMP_ID.search(source_url)):
        source_id = m[2] if m[1] == "officer" else f"k9-{m[2]}"  # two numbering series
    if not source_id and ordinal:
        source_id = str(ordinal)
    return HeroRow(
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
        service or ctx.service,
        dates[0],
        dates[1],
        _repeated(get("cause", "")),
        ctx.source_registry,
        source_id,
        source_url,
        digest,
    )


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


def _name_parts(values: dict[str, str]) -> NameParts:
    """Split `name` when there is one; explicit name columns win over what the split found."""
    parts = split_full_name(_clean(values["name"])) if "name" in values else NameParts()
    explicit = {
        target: _clean(values[target])
        for target in ("rank", "first_name", "middle_name", "last_name", "suffix")
        if target in values and _clean(values[target])
    }
    if not explicit:
        return parts
    nickname = parts.nickname
    for target in ("first_name", "middle_name", "last_name"):
        if target in explicit and (m := _QUOTED.search(explicit[target])):
            nickname = nickname or m[1].strip()
            explicit[target] = _QUOTED.sub(" ", explicit[target]).strip()
    last = explicit.get("last_name")
    if last and "suffix" not in explicit and (m := _TRAILING_SUFFIX.match(last)):
        explicit["last_name"], explicit["suffix"] = m[1].rstrip(","), m[2]
    return parts._replace(nickname=nickname, **explicit)
