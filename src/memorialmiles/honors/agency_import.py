"""Agency locations from a list such as the FBI's: fill in where each agency is.

An agency already on the roll (from a memorial file) is matched by its normalised name within
its state, exactly or by a close spelling; its coordinates, city and identifier are filled in
where they are empty, never overwritten. Agencies not on the roll yet are added, so a mile can
later be planned at any department's location.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from memorialmiles.honors.models import Agency
from memorialmiles.registry import AgencyRow, RejectedRow, read_agencies
from memorialmiles.registry.agencies import index_agencies, loose_agency_key, match_agency

FILLED = ("identifier", "city", "latitude", "longitude")


@dataclass
class AgencyImportReport:
    counts: Counter = field(default_factory=Counter)
    rejected: list[RejectedRow] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c['created']:,} created, {c['located']:,} matched and located, "
            f"{c['unchanged']:,} unchanged, {c['rejected']:,} rejected"
        )


def _fill(agency: Agency, row: AgencyRow) -> bool:
    values = {
        "identifier": row.ori,
        "city": row.city,
        "latitude": row.latitude,
        "longitude": row.longitude,
    }
    changed = False
    for name in FILLED:
        if getattr(agency, name) in ("", None) and values[name] not in ("", None):
            setattr(agency, name, values[name])
            changed = True
    if agency.kind == "other" and row.kind != "other":
        agency.kind = row.kind
        changed = True
    return changed


def _fuzzy_match(row: AgencyRow, index) -> Agency | None:
    """A close spelling of an agency that no row of the list has claimed by its exact name.

    One that already carries another identifier is another agency of the list, however
    close the names ("Poughkeepsie City" and "Poughkeepsie Town" police are two).
    """
    for key in (row.key, *row.aliases):
        agency = match_agency(key, row.state, index)
        if agency is not None and (
            agency.key == row.key or not agency.identifier or agency.identifier == row.ori
        ):
            return agency
    return None


@transaction.atomic
def import_agencies(path: str | Path, *, progress=None) -> AgencyImportReport:
    """Identifiers first, then exact names, then close spellings, so that the same list
    imported twice changes nothing."""
    report = AgencyImportReport()
    existing = list(Agency.objects.all())
    exact = {(a.state, a.key): a for a in existing}
    by_identifier = {a.identifier: a for a in existing if a.identifier}
    touched: dict[int, Agency] = {}
    created: list[Agency] = []
    rows = read_agencies(path)
    leftover: list[AgencyRow] = []
    for row in progress(rows) if progress else rows:
        if isinstance(row, RejectedRow):
            report.rejected.append(row)
            report.counts["rejected"] += 1
            continue
        agency = by_identifier.get(row.ori) if row.ori else None
        if agency is None:
            keys = (row.key, *row.aliases)
            agency = next((exact[(row.state, k)] for k in keys if (row.state, k) in exact), None)
        if agency is None:
            leftover.append(row)
        else:
            _record(report, touched, agency, row)
    index = index_agencies((a.key, a.state, a) for a in exact.values())
    for row in leftover:
        agency = _fuzzy_match(row, index)
        if agency is not None:
            _record(report, touched, agency, row)
            continue
        agency = Agency(name=row.name, key=row.key, kind=row.kind, state=row.state, country="US")
        _fill(agency, row)
        created.append(agency)
        state_index = index.setdefault(row.state, {})
        for key in (row.key, loose_agency_key(row.key)):
            state_index.setdefault(key, agency)
        report.counts["created"] += 1
    Agency.objects.bulk_create(created, batch_size=2000)
    Agency.objects.bulk_update(touched.values(), [*FILLED, "kind"], batch_size=2000)
    return report


def _record(report: AgencyImportReport, touched: dict, agency: Agency, row: AgencyRow) -> None:
    if _fill(agency, row) and agency.pk:
        touched[agency.pk] = agency
        report.counts["located"] += 1
    else:
        report.counts["unchanged"] += 1
