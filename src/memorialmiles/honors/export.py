"""The honor roll as a CSV file, the heaviest public page: served from the shared cache.

Writing the whole roll (22,800 heroes) costs about a second of CPU; a stranger could ask for it
in a loop. The file is kept in the shared cache under its filters and a version of the roll,
so each version is written once per filter for every app server, then served as stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from django.core.cache import cache
from django.db.models import Count, Max

from memorialmiles.core.csvsafe import csv_stream
from memorialmiles.honors.models import SORTS, Agency, Hero, ImportRun

EXPORT_HEADER = ["id", "rank", "name", "agency", "state", "service", "end_of_watch", "cause", "k9"]
EXPORT_PARAMS = ("q", "state", "service", "agency", "year", "cause", "status", "k9", "sort")
# An export is served from the shared cache for this long at most; a change to a hero or an
# agency changes the roll version at once, a run's status (for ?status=) within this time.
EXPORT_SECONDS = 600


def roll_version() -> str:
    """Changes when a hero or an agency is added, removed or edited, or a registry file is
    imported: three aggregates, milliseconds against the second of writing the roll out."""
    heroes = Hero.objects.aggregate(n=Count("id"), last=Max("id"), edited=Max("updated_at"))
    agencies = Agency.objects.aggregate(n=Count("id"), last=Max("id"))
    imports = ImportRun.objects.aggregate(last=Max("id"))  # registry updates skip updated_at
    return ".".join(str(v) for v in [*heroes.values(), *agencies.values(), imports["last"]])


def export_key(params) -> str:
    wanted = [(name, str(params.get(name) or "").strip()) for name in EXPORT_PARAMS]
    digest = hashlib.sha256(repr((roll_version(), wanted)).encode()).hexdigest()[:32]
    return f"honors:export:{digest}"


def export_rows(params):
    """The CSV's columns straight from the database: no model instances, no mile-status
    annotations or prefetches the file does not show."""
    order = SORTS.get(params.get("sort") or "name", SORTS["name"])
    fields = ["pk", "rank", "first_name", "nickname", "middle_name", "last_name", "suffix"]
    fields += ["agency__name", "state", "service", "end_of_watch", "cause", "k9"]
    rows = Hero.objects.filter_wall(params).order_by(*order).values_list(*fields)[:100_000]
    for (
        pk,
        rank,
        first,
        nick,
        middle,
        last,
        suffix,
        agency,
        state,
        service,
        eow,
        cause,
        k9,
    ) in rows.iterator(chunk_size=2000):
        name = " ".join(p for p in (first, f'"{nick}"' if nick else "", middle, last) if p)
        name = f"{name}, {suffix}" if suffix else name
        eow = eow.isoformat() if eow else ""
        yield [pk, rank, name, agency or "", state, service, eow, cause, "yes" if k9 else ""]


def csv_chunks(params) -> Iterator[bytes]:
    """The honor roll as CSV for these wall filters: from the shared cache when another
    request (on any app server) already wrote it for this version of the roll."""
    key = export_key(params)
    body = cache.get(key)
    if body is not None:
        return iter([body])
    return _stream_and_keep(key, csv_stream(EXPORT_HEADER, export_rows(params)))


def _stream_and_keep(key: str, chunks) -> Iterator[bytes]:
    """Stream the file as it is written, and keep it in the shared cache once complete (a
    client that hangs up halfway keeps nothing)."""
    kept = []
    for chunk in chunks:
        data = chunk.encode()
        kept.append(data)
        yield data
    cache.set(key, b"".join(kept), EXPORT_SECONDS)
