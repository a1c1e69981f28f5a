"""STOPS.csv: `id,name,lat,lon` and optional `earliest,latest` (ISO dates).

Every problem is reported, each with its line and column, so a file is fixed in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass

from memorialmiles.tours.model import Stop

REQUIRED = ("id", "name", "lat", "lon")
OPTIONAL = ("earliest", "latest")
MAX_STOPS = 5000


@dataclass(frozen=True)
class Problem:
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class StopsFileError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_stops(text: str) -> list[Stop]:
    """The stops of a STOPS.csv's text; raises StopsFileError listing every problem."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise StopsFileError([Problem(1, None, "the file is empty")]) from None
    except csv.Error as exc:
        raise StopsFileError([Problem(1, None, f"not CSV: {exc}")]) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise StopsFileError(
            [
                Problem(
                    1,
                    None,
                    f"missing column(s) {', '.join(missing)}: the header needs "
                    "id,name,lat,lon (earliest,latest optional)",
                )
            ]
        )
    problems: list[Problem] = []
    stops: list[Stop] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(stops) >= MAX_STOPS:
                problems.append(Problem(line, None, f"more than {MAX_STOPS} stops"))
                break
            cells = dict(zip(header, (c.strip() for c in row), strict=False))
            stop = _stop(cells, line, problems, seen)
            if stop:
                stops.append(stop)
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, None, f"not CSV: {exc}"))
    if problems:
        raise StopsFileError(problems)
    return stops


def _stop(cells: dict, line: int, problems: list[Problem], seen: dict[str, int]) -> Stop | None:
    before = len(problems)
    sid = cells.get("id", "")
    if not sid:
        problems.append(Problem(line, "id", "empty: every stop needs an id"))
    elif sid in seen:
        problems.append(Problem(line, "id", f"{sid!r} is already the id of line {seen[sid]}"))
    else:
        seen[sid] = line
    lat = _number(cells, "lat", -90, 90, line, problems)
    lon = _number(cells, "lon", -180, 180, line, problems)
    earliest = _date(cells, "earliest", line, problems)
    latest = _date(cells, "latest", line, problems)
    if earliest and latest and earliest > latest:
        problems.append(Problem(line, "latest", f"{latest} is before earliest {earliest}"))
    if len(problems) > before:
        return None
    return Stop(sid, cells.get("name", "") or sid, lat, lon, earliest, latest)


def _number(cells, column, low, high, line, problems) -> float:
    raw = cells.get(column, "")
    try:
        value = float(raw)
    except ValueError:
        problems.append(Problem(line, column, f"{raw!r} is not a number"))
        return 0.0
    if not math.isfinite(value) or not low <= value <= high:
        problems.append(Problem(line, column, f"{raw} is not between {low} and {high}"))
    return value


def _date(cells, column, line, problems) -> dt.date | None:
    raw = cells.get(column, "")
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem(line, column, f"{raw!r} is not a date like 2027-05-14"))
        return None
