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
from memorialmiles.registry.agencies import index_agencies, match_agency

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


@transaction.atomic
def import_agencies(path: str | Path, *, progress=None) -> AgencyImportReport:
    report = AgencyImportReport()
    existing = list(Agency.objects.all())
    index = index_agencies((a.key, a.state, a) for a in existing)
    touched: dict[int, Agency] = {}
    created: dict[tuple[str, str], Agency] = {}
    rows = read_agencies(path)
    for row in progress(rows) if progress else rows:
        if isinstance(row, RejectedRow):
            report.rejected.append(row)
            report.counts["rejected"] += 1
            continue
        agency = match_agency(row.key, row.state, index)
        if agency is None:
            agency = created.get((row.state, row.key))
        if agency is None:
            agency = Agency(
                name=row.name, key=row.key, kind=row.kind, state=row.state, country="US"
            )
            _fill(agency, row)
            created[(row.state, row.key)] = agency
            report.counts["created"] += 1
        elif agency.pk and _fill(agency, row):
            touched[agency.pk] = agency
            report.counts["located"] += 1
        else:
            report.counts["unchanged"] += 1
    Agency.objects.bulk_create(created.values(), batch_size=2000)
    Agency.objects.bulk_update(touched.values(), [*FILLED, "kind"], batch_size=2000)
    return report
