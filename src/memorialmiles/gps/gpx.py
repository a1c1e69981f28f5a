"""GPX 1.0 and 1.1: reading (streamed) and writing.

Reading keeps track points (``trk/trkseg/trkpt``, one segment per ``trkseg``); a file with no
track falls back to its routes (one segment per ``rte``), then to its waypoints. Waypoints are
kept as a small list beside the track. Extensions (heart rate, cadence...) are skipped.

The reference reader streams with lxml's ``iterparse`` and clears each point as soon as it is
read, so memory holds the columns and not a tree. ``gpxfast`` reads the common shape of file
several times faster and hands anything unusual back to this reader.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any, NamedTuple
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from lxml import etree

from . import xmlsafe
from .columns import Columns, number
from .errors import GpsError
from .timeparse import format_time
from .track import Track

_POINTS = ("trkpt", "rtept", "wpt")


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def read_gpx(data: bytes, file: str, *, fast: bool = True) -> Track:
    root = xmlsafe.refuse_dtd(data, file)
    if fast and root >= 0:
        from .gpxfast import read_fast

        track = read_fast(data, file, root)
        if track is not None:
            return track
    parsed = collect(data, file)
    for kind in _POINTS:
        if len(parsed.kinds[kind]):
            cols = parsed.kinds[kind].arrays()
            _, seg = np.unique(cols["segment"], return_inverse=True)  # empty <trkseg> leave no hole
            return Track(
                cols["lat"],
                cols["lon"],
                cols["ele"],
                cols["time"],
                seg,
                name=parsed.name,
                waypoints=waypoints(parsed),
            )
    raise GpsError(file, line=1, message="the GPX file has no track, route or waypoint points")


class Parsed(NamedTuple):
    kinds: dict[str, Columns]
    names: dict[str, list[str]]
    name: str | None
    segments: int  # trkseg elements seen (the fast road checks it found the same ones)


def collect(data: bytes, file: str) -> Parsed:
    """Stream through a GPX document: columns of each kind of point, their names, the name."""
    kinds = {k: Columns(file) for k in _POINTS}
    names: dict[str, list[str]] = {k: [] for k in _POINTS}
    seg = {"trkpt": -1, "rtept": -1, "wpt": 0}
    started = dict.fromkeys(_POINTS, 0)
    open_points: dict[str, list[int]] = {k: [] for k in _POINTS}
    track_name: str | None = None
    meta_name: str | None = None
    tags = ("{*}trk", "{*}trkseg", "{*}rte", "{*}name", *(f"{{*}}{k}" for k in _POINTS))
    ctx = etree.iterparse(
        io.BytesIO(data), events=("start", "end"), tag=tags, **xmlsafe.parser_options()
    )
    try:
        for event, el in ctx:
            kind = _local(el.tag)
            if event == "start":
                if kind == "trkseg":
                    seg["trkpt"] += 1
                elif kind == "rte":
                    seg["rtept"] += 1
                elif kind in _POINTS:
                    open_points[kind].append(started[kind])
                    started[kind] += 1
                continue
            if kind in _POINTS:
                order = open_points[kind].pop()
                _add_point(kinds[kind], names[kind], el, seg[kind], file, order)
                el.clear()
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
            elif kind == "name":
                owner = _local(el.getparent().tag) if el.getparent() is not None else ""
                if owner == "trk" and track_name is None:
                    track_name = (el.text or "").strip() or None
                elif owner in ("metadata", "gpx") and meta_name is None:
                    meta_name = (el.text or "").strip() or None
    except etree.XMLSyntaxError as exc:
        raise xmlsafe.syntax_error(file, exc) from None
    root = ctx.root
    if root is None or _local(root.tag) != "gpx":
        raise GpsError(file, line=1, message="not a GPX file (the root element is not <gpx>)")
    return Parsed(kinds, names, track_name or meta_name, seg["trkpt"] + 1)


def _add_point(
    cols: Columns, names: list[str], el: Any, segment: int, file: str, order: int
) -> None:
    line = el.sourceline
    lat = el.get("lat")
    lon = el.get("lon")
    if lat is None or lon is None:
        raise GpsError(file, line=line, message=f"<{_local(el.tag)}> without lat and lon")
    ele = time = None
    seen_ele = seen_time = False
    name = ""
    for child in el:
        kind = _local(child.tag)
        if kind == "ele" and not seen_ele:  # the first one, as the fast reader takes it
            ele, seen_ele = child.text, True
        elif kind == "time" and not seen_time:
            time, seen_time = child.text, True
        elif kind == "name":
            name = (child.text or "").strip()
    names.append(name)
    cols.add(
        number(lat, file, line, "latitude"),
        number(lon, file, line, "longitude"),
        number(ele, file, line, "elevation") if ele and ele.strip() else float("nan"),
        (time or "").strip() or None,
        segment,
        line,
        order,
    )


def waypoints(parsed: Parsed) -> list[dict[str, Any]]:
    wpt = parsed.kinds["wpt"].arrays()
    pick = parsed.kinds["wpt"].permutation()
    names = parsed.names["wpt"] if pick is None else [parsed.names["wpt"][i] for i in pick]
    return [
        {"lat": float(a), "lon": float(b), "ele": None if np.isnan(e) else float(e), "name": nm}
        for a, b, e, nm in zip(wpt["lat"], wpt["lon"], wpt["ele"], names, strict=True)
    ]


GPX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gpx version="1.1" creator="Memorial Miles" xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 '
    'http://www.topografix.com/GPX/1/1/gpx.xsd">\n'
)


def gpx_text(track: Track) -> str:
    """The track as a GPX 1.1 document (one ``trkseg`` per segment, waypoints first)."""
    return "".join(_gpx_parts(track))


def write_gpx(track: Track, path_or_file: Any) -> None:
    _write(path_or_file, _gpx_parts(track))


def _gpx_parts(track: Track) -> Iterable[str]:
    yield GPX_HEAD
    if track.name:
        yield f"<metadata><name>{escape(track.name)}</name></metadata>\n"
    for w in track.waypoints:
        yield f"<wpt lat={quoteattr(repr(w['lat']))} lon={quoteattr(repr(w['lon']))}>"
        if w.get("ele") is not None:
            yield f"<ele>{w['ele']!r}</ele>"
        if w.get("name"):
            yield f"<name>{escape(w['name'])}</name>"
        yield "</wpt>\n"
    yield "<trk>"
    if track.name:
        yield f"<name>{escape(track.name)}</name>"
    yield "\n"
    lat, lon, ele, tm = (a.tolist() for a in (track.lat, track.lon, track.ele, track.time))
    seg = track.segment.tolist()
    for i in range(len(lat)):
        if i == 0 or seg[i] != seg[i - 1]:
            yield "<trkseg>\n" if i == 0 else "</trkseg>\n<trkseg>\n"
        inner = ""
        if ele[i] == ele[i]:  # not NaN
            inner += f"<ele>{ele[i]!r}</ele>"
        if tm[i] == tm[i]:
            inner += f"<time>{format_time(tm[i])}</time>"
        yield f'<trkpt lat="{lat[i]!r}" lon="{lon[i]!r}">{inner}</trkpt>\n'
    if lat:
        yield "</trkseg>\n"
    yield "</trk>\n</gpx>\n"


def _write(path_or_file: Any, parts: Iterable[str]) -> None:
    if hasattr(path_or_file, "write"):
        for part in parts:
            path_or_file.write(part)
        return
    with open(path_or_file, "w", encoding="utf-8") as fh:
        fh.writelines(parts)
