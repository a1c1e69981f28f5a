"""``results compute``: results from files alone, as a timer on a laptop at a finish line.

Bad input exits 2 with ``FILE: line L: what`` on stderr and no traceback; unreadable read
lines are listed on stderr and skipped (``--strict`` makes them fatal).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, tzinfo
from typing import TextIO

from . import chipfiles
from .chipfiles.base import load_zone
from .compute import MILE_M, compute
from .export import write_csv
from .inputs import InputError, read_entries, read_wave_starts
from .records import Start, Status
from .table import ReadTable


class _Fail(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise _Fail(f"results: {message}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="results", description="Compute results from files, without a database.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("compute", help="entries + reads + start -> results")
    c.add_argument("--entries", required=True, help="CSV: bib,first_name,last_name,sex,age,...")
    c.add_argument("--reads", required=True, action="append", help="chip file (repeatable)")
    c.add_argument("--format", choices=sorted(chipfiles.FORMATS), help="default: detected")
    c.add_argument("--start", required=True, help="gun time, ISO 8601 with offset")
    c.add_argument("--wave-starts", help="CSV: wave,time")
    c.add_argument("--distance", type=float, default=MILE_M, help="metres (default one mile)")
    c.add_argument("--divisions", default="5y", help="e.g. 18-34,35-39,...,80+ or 5y, 10y")
    c.add_argument("--tags", help="CSV: tag,bib")
    c.add_argument("--offset", type=float, default=0.0, help="seconds added to read times")
    c.add_argument("--tz", help="IANA zone for times of day (default: --start's offset)")
    c.add_argument("--min-time", type=float, default=0.0, help="ignore finishes sooner (s)")
    c.add_argument("--rank-by", choices=("gun", "net"), default="gun")
    c.add_argument("--csv", action="store_true", help="CSV on stdout (default: a text table)")
    c.add_argument("--columns", choices=("full", "upload"), default="full")
    c.add_argument("--strict", action="store_true", help="unreadable read lines are fatal")
    return p


def _start(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Fail(f"--start: {text!r} is not ISO 8601") from None
    if moment.tzinfo is None:
        raise _Fail(f"--start: {text!r} needs a UTC offset, e.g. {text}-05:00")
    return moment


def _zone(args, start: datetime) -> tzinfo:
    if args.tz is None:
        return start.tzinfo  # type: ignore[return-value]
    try:
        return load_zone(args.tz)  # type: ignore[return-value]
    except ValueError as exc:
        raise _Fail(f"--tz: {exc}") from None


def _load_reads(args, day, zone, err: TextIO) -> ReadTable:
    tags = None
    if args.tags:
        try:
            tags = chipfiles.load_tags(args.tags)
        except OSError as exc:
            raise _Fail(f"{args.tags}: {exc.strerror}") from None
        except ValueError as exc:
            raise _Fail(f"{args.tags}: {exc}") from None
    reads = []
    for path in args.reads:
        try:
            parsed = chipfiles.parse(
                path, args.format, event_date=day, tz=zone, offset_s=args.offset, tags=tags
            )
        except OSError as exc:
            raise _Fail(f"{path}: {exc.strerror}") from None
        except ValueError as exc:
            raise _Fail(f"{path}: {exc}") from None
        for rej in parsed.rejected:
            where = f"line {rej.line}" + (f", column {rej.column}" if rej.column else "")
            print(f"{path}: {where}: {rej.reason}", file=err)
        if parsed.rejected and args.strict:
            raise _Fail(f"{path}: {len(parsed.rejected)} unreadable line(s)")
        reads.extend(parsed.reads)
    return ReadTable.from_reads(reads)


def _text_table(results, out: TextIO) -> None:
    out.write(f"{'place':>5} {'bib':>6}  {'name':<28} {'div':<8} {'gun':>11} {'net':>11}  status\n")
    for r in results:
        out.write(
            f"{r.place or '':>5} {r.bib:>6}  {r.entry.name[:28]:<28} {r.division or '':<8} "
            f"{r.gun_time:>11} {r.net_time:>11}  {r.status}\n"
        )


def _compute(args, out: TextIO, err: TextIO) -> int:
    start = _start(args.start)
    zone = _zone(args, start)
    day = start.astimezone(zone).date()
    try:
        entries = read_entries(args.entries)
    except OSError as exc:
        raise _Fail(f"{args.entries}: {exc.strerror}") from None
    except InputError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise _Fail(f"{args.entries}: {where}{exc.message}") from None
    starts = [Start(start)]
    if args.wave_starts:
        try:
            starts += read_wave_starts(args.wave_starts, day, zone)
        except OSError as exc:
            raise _Fail(f"{args.wave_starts}: {exc.strerror}") from None
        except InputError as exc:
            where = f"line {exc.line}: " if exc.line else ""
            raise _Fail(f"{args.wave_starts}: {where}{exc.message}") from None
    table = _load_reads(args, day, zone, err)
    try:
        results = compute(
            entries, table, starts, distance_m=args.distance, divisions=args.divisions,
            min_time_s=args.min_time, rank_by=args.rank_by,
        )  # fmt: skip
    except ValueError as exc:
        raise _Fail(f"results: {exc}") from None
    if args.csv:
        write_csv(results, out, columns=args.columns, rank_by=args.rank_by)
    else:
        _text_table(results, out)
    done = sum(1 for r in results if r.status == Status.FINISHED)
    print(
        f"{len(results)} entrants, {done} finished; {results.reads_used} reads used, "
        f"{results.unmatched_reads} unmatched, {results.before_start} before the start",
        file=err,
    )
    return 0


def main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Entry point; ``argv`` excludes the program name (``["compute", "--entries", ...]``)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = _parser().parse_args(argv)
        return _compute(args, out, err)
    except _Fail as exc:
        print(exc, file=err)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
