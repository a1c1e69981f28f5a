"""``memorialmiles tours plan``: a tour from a file of stops, with no database and no Django.

Bad input exits 2 with what is wrong and where (``STOPS.csv: line 4, column lat: ...``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TextIO

from memorialmiles.tours.model import Options
from memorialmiles.tours.roads import OsrmError, roads_from_env
from memorialmiles.tours.stopsfile import StopsFileError, read_stops


class _Fail(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise _Fail(f"tours: {message}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="memorialmiles tours", description="Plan a tour of memorial miles.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("plan", help="STOPS.csv -> a day-by-day itinerary")
    c.add_argument("stops", metavar="STOPS.csv", help="id,name,lat,lon[,earliest,latest]")
    c.add_argument("--start", required=True, type=_latlon, help="LAT,LON of the first night")
    c.add_argument("--from", dest="start_date", required=True, type=_date, help="YYYY-MM-DD")
    c.add_argument("--miles-per-day", type=float, default=400.0)
    c.add_argument("--rest-every", type=int, default=7, help="every Nth day rests; 0: never")
    c.add_argument("--max-drive-hours", type=float, default=8.0)
    c.add_argument("--seconds", type=float, default=5.0, help="time the solver may take")
    c.add_argument("--json", action="store_true", help="the plan as JSON (default: a table)")
    return p


def _latlon(text: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not LAT,LON (e.g. 34.73,-86.59)") from None
    return lat, lon


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def main(argv: list[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    try:
        args = _parser().parse_args(argv)
        try:
            options = Options(
                start_lat=args.start[0],
                start_lon=args.start[1],
                start_date=args.start_date,
                miles_per_day=args.miles_per_day,
                rest_every=args.rest_every or None,
                max_drive_hours=args.max_drive_hours,
                seconds=args.seconds,
            )
        except ValueError as exc:
            raise _Fail(f"tours: {exc}") from None
        stops = _read(args.stops)
        try:
            roads = roads_from_env()
        except ValueError as exc:
            raise _Fail(f"tours: {exc}") from None
        from memorialmiles.tours.solve import plan  # the solver loads only when needed

        try:
            result = plan(stops, options, roads)
        except OsrmError as exc:
            raise _Fail(f"tours: {exc}") from None
    except _Fail as exc:
        print(exc, file=err)
        return 2
    if args.json:
        json.dump(result.as_json(), out)
        out.write("\n")
    else:
        _table(result, out)
    return 0


def _read(path: str):
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except OSError as exc:
        raise _Fail(f"{path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise _Fail(f"{path}: not UTF-8 text") from None
    try:
        return read_stops(text)
    except StopsFileError as exc:
        raise _Fail("\n".join(f"{path}: {p}" for p in exc.problems)) from None


def _table(result, out: TextIO) -> None:
    for day in result.days:
        what = "rest" if day.rest else (", ".join(day.stops) or "-")
        out.write(f"{day.date}  {day.drive_km:7.1f} km  {day.drive_hours:5.2f} h  {what}\n")
    out.write(f"total {result.total_drive_km:.1f} km\n")
    for u in result.unplanned:
        out.write(f"unplanned {u.id}: {u.reason}\n")
