"""Results as CSV: the full table, and the upload columns results sites take.

Every text cell is defused against spreadsheet formulas (a leading ``= + - @`` or a tab or
carriage return gets an apostrophe), because runner names come from a public sign-up form.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from .compute import Result
from .records import Status

FULL_COLUMNS = (
    "place", "bib", "name", "first_name", "last_name", "sex", "age", "sex_place", "division",
    "division_place", "agency", "agency_place", "gun_time", "net_time", "pace_per_mile",
    "pace_per_km", "status",
)  # fmt: skip
UPLOAD_COLUMNS = ("place", "bib", "first", "last", "age", "sex", "time", "division")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _full_row(r: Result) -> list[object]:
    e = r.entry
    return [
        r.place, r.bib, e.name, e.first_name, e.last_name, e.sex, e.age, r.sex_place,
        r.division, r.division_place, e.agency, r.agency_place, r.gun_time, r.net_time,
        r.pace_per_mile, r.pace_per_km, str(r.status),
    ]  # fmt: skip


def _upload_row(r: Result, rank_by: str) -> list[object]:
    e = r.entry
    time = r.gun_time if rank_by == "gun" else r.net_time
    return [r.place, r.bib, e.first_name, e.last_name, e.age, e.sex, time, r.division]


def write_csv(
    results: Iterable[Result], out: TextIO, *, columns: str = "full", rank_by: str = "gun"
) -> None:
    """``columns="full"`` writes every runner; ``"upload"`` only ranked finishers."""
    writer = csv.writer(out, lineterminator="\n")
    if columns == "full":
        writer.writerow(FULL_COLUMNS)
        rows = (_full_row(r) for r in results)
    elif columns == "upload":
        writer.writerow(UPLOAD_COLUMNS)
        rows = (_upload_row(r, rank_by) for r in results if r.status == Status.FINISHED)
    else:
        raise ValueError("columns must be 'full' or 'upload'")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
