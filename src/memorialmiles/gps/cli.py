"""``memorialmiles gps ...``: stats, convert, svg.

A file that cannot be read ends the command with status 2 and one line on stderr
(``FILE: line L: what`` or ``FILE: point N: what``), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .errors import GpsError
from .reading import read

_TABLE_ROWS = [
    ("points", "points", "{:d}"),
    ("distance_m", "distance (m)", "{:.1f}"),
    ("distance_3d_m", "distance 3D (m)", "{:.1f}"),
    ("elevation_gain_m", "elevation gain (m)", "{:.1f}"),
    ("elevation_loss_m", "elevation loss (m)", "{:.1f}"),
    ("elapsed_s", "elapsed", "duration"),
    ("moving_s", "moving", "duration"),
    ("avg_pace_s_per_mile", "pace /mile", "duration"),
    ("avg_pace_s_per_km", "pace /km", "duration"),
    ("max_speed_mps", "max speed (m/s)", "{:.2f}"),
    ("start", "start", "latlon"),
    ("finish", "finish", "latlon"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="memorialmiles gps", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    stats = sub.add_parser("stats", help="print the metrics of one or more files")
    stats.add_argument("files", nargs="+", metavar="FILE")
    stats.add_argument("--json", action="store_true", help="JSON (one object, or a list)")
    convert = sub.add_parser("convert", help="convert to GPX or GeoJSON (by OUT's extension)")
    convert.add_argument("input", metavar="IN")
    convert.add_argument("output", metavar="OUT")
    svg = sub.add_parser("svg", help="draw the course (or its elevation profile) as SVG")
    svg.add_argument("file", metavar="FILE")
    svg.add_argument("output", metavar="OUT")
    svg.add_argument("--profile", action="store_true", help="draw the elevation profile")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.command == "stats":
            return _stats(args.files, args.json)
        if args.command == "convert":
            return _convert(args.input, args.output)
        return _svg(args.file, args.output, args.profile)
    except GpsError as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _stats(files: list[str], as_json: bool) -> int:
    results = [read(f).metrics() for f in files]
    if as_json:
        doc: Any = results[0] if len(results) == 1 else results
        print(json.dumps(doc, indent=2, allow_nan=False, default=_jsonable))
        return 0
    header = ["", *(Path(f).name for f in files)]
    rows = [header]
    for key, label, fmt in _TABLE_ROWS:
        rows.append([label, *(_cell(m.get(key), fmt) for m in results)])
    for key in sorted({k for m in results for k in (m.get("device") or {})}):
        rows.append(
            [f"device {key}", *(_cell((m.get("device") or {}).get(key), "{:g}") for m in results)]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    for f, m in zip(files, results, strict=True):
        for w in m["warnings"]:
            print(f"{f}: warning: {w}")
    return 0


def _cell(value: Any, fmt: str) -> str:
    if value is None:
        return "-"
    if fmt == "duration":
        s = round(value)
        return (
            f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
            if s >= 3600
            else f"{s // 60}:{s % 60:02d}"
        )
    if fmt == "latlon":
        return f"{value[0]:.5f},{value[1]:.5f}"
    return fmt.format(value)


def _jsonable(value: Any) -> Any:
    return float(value) if hasattr(value, "__float__") else str(value)


def _convert(source: str, target: str) -> int:
    from .geojson import write_geojson
    from .gpx import write_gpx

    suffix = Path(target).suffix.lower()
    if suffix not in (".gpx", ".geojson", ".json"):
        raise GpsError(target, line=1, message="unknown output format: use .gpx, .geojson or .json")
    track = read(source)
    try:
        (write_gpx if suffix == ".gpx" else write_geojson)(track, target)
    except OSError as exc:
        raise GpsError(target, line=1, message=f"cannot write: {exc.strerror or exc}") from None
    return 0


def _svg(source: str, target: str, profile: bool) -> int:
    from .svg import course_svg, elevation_svg

    track = read(source)
    text = elevation_svg(track) if profile else course_svg(track)
    try:
        Path(target).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GpsError(target, line=1, message=f"cannot write: {exc.strerror or exc}") from None
    return 0
