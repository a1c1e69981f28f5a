"""GeoJSON (RFC 7946): LineString, MultiLineString, Feature, FeatureCollection; and writing.

Positions are ``[lon, lat]`` or ``[lon, lat, ele]``. Times, which GeoJSON has no place for, are
read from and written to ``properties.coordTimes`` (the convention of Mapbox's togeojson), a list
per line. Point features become waypoints.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np

from .errors import GpsError
from .timeparse import format_time, parse_times
from .track import Track

# A real GeoJSON file nests about seven deep (collection, feature, geometry, a MultiPolygon's
# four arrays); a hand-nested GeometryCollection a few more. Anything deeper is an attack on the
# parser's recursion (100,000 brackets took the server down with a RecursionError), so it is
# refused before json sees it, with room to spare for any real file.
MAX_DEPTH = 100
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_OPEN = frozenset(b"[{")


def nesting_depth(data: bytes) -> tuple[int, int]:
    """The deepest nesting of arrays and objects, and the line where it first passes MAX_DEPTH
    (or first reaches its deepest, in a file within the limit).

    Strings are blanked first (a bracket in a name is text, not structure), then brackets are
    counted with numpy, so a 50 MB file costs a few regular-expression passes, not a Python loop.
    """
    bare = _STRING.sub(b'""', data)
    raw = np.frombuffer(bare, dtype=np.uint8)
    step = np.zeros(raw.size, dtype=np.int32)
    step[(raw == 0x5B) | (raw == 0x7B)] = 1
    step[(raw == 0x5D) | (raw == 0x7D)] = -1
    if not step.any():
        return 0, 1
    depth = np.cumsum(step)
    deepest = int(depth.max())
    where = int(np.argmax(depth > MAX_DEPTH) if deepest > MAX_DEPTH else np.argmax(depth))
    return deepest, bare[:where].count(b"\n") + 1


def read_geojson(data: bytes, file: str) -> Track:
    depth, line = nesting_depth(data)
    if depth > MAX_DEPTH:
        message = f"JSON nested {depth:,} deep; GeoJSON is never deeper than {MAX_DEPTH}: refused"
        raise GpsError(file, line=line, message=message)
    try:
        doc = json.loads(data)
    except ValueError as exc:  # bad JSON, bad UTF-8, or an integer of over 4,300 digits
        line = getattr(exc, "lineno", 1)
        raise GpsError(file, line=line, message=f"not valid JSON: {exc}") from None
    except RecursionError:  # the depth check above should make this unreachable
        raise GpsError(file, line=1, message="JSON nested too deep: refused") from None
    lines: list[tuple[list, list | None]] = []
    waypoints: list[dict[str, Any]] = []
    name = _collect(doc, lines, waypoints, file)
    if not lines:
        raise GpsError(file, line=1, message="no LineString or MultiLineString in the GeoJSON")
    lat, lon, ele, times, seg = [], [], [], [], []
    index = 0
    for s, (coords, tms) in enumerate(lines):
        for k, pos in enumerate(coords):
            if not isinstance(pos, list | tuple) or len(pos) < 2:
                message = f"position {_short(pos)} is not [lon, lat]"
                raise GpsError(file, point=index + 1, message=message)
            try:
                lo, la = float(pos[0]), float(pos[1])
                el = float(pos[2]) if len(pos) > 2 and pos[2] is not None else math.nan
            except (TypeError, ValueError, OverflowError):  # 1e400 is an int too big for float
                message = f"position {_short(pos)} is not numeric"
                raise GpsError(file, point=index + 1, message=message) from None
            lon.append(lo)
            lat.append(la)
            ele.append(el)
            times.append(tms[k] if tms and k < len(tms) else None)
            seg.append(s)
            index += 1
    t, bad = parse_times([x if isinstance(x, str) else None for x in times])
    if bad is not None:
        raise GpsError(file, point=bad + 1, message=f"time {times[bad]!r} is not an ISO 8601 time")
    return Track(lat, lon, ele, t, seg, name=name, waypoints=waypoints)


def _collect(doc: Any, lines: list, waypoints: list, file: str) -> str | None:
    """Gather lines and waypoints; a member of the wrong JSON type is the file's fault, said
    as such (fuzzing found each of ``"features": 5``, ``"geometry": 5``, ``"coordinates": 5``
    escaping as a TypeError)."""
    if not isinstance(doc, dict):
        raise GpsError(file, line=1, message="GeoJSON must be an object")
    kind = doc.get("type")
    if kind == "FeatureCollection":
        name = _text(_object(doc.get("properties")).get("name")) or _text(doc.get("name"))
        for feature in _array(doc.get("features"), "features", file):
            inner = _collect(feature, lines, waypoints, file)
            name = name or inner
        return name
    if kind == "Feature":
        props = _object(doc.get("properties"))
        geom = doc.get("geometry")
        if geom is None:  # RFC 7946: a feature may have no geometry
            return None
        if not isinstance(geom, dict):
            raise GpsError(file, line=1, message="a Feature's geometry is not an object")
        times = props.get("coordTimes") or _object(props.get("coordinateProperties")).get("times")
        if geom.get("type") == "Point":
            pos = geom.get("coordinates")
            if not _position(pos):
                message = f"a Point's coordinates {_short(pos)} are not [lon, lat]"
                raise GpsError(file, line=1, message=message)
            ele = pos[2] if len(pos) > 2 and _number(pos[2]) else None
            name = _text(props.get("name")) or ""
            waypoints.append({"lat": pos[1], "lon": pos[0], "ele": ele, "name": name})
            return None
        _geometry(geom, times, lines, file)
        return _text(props.get("name"))
    _geometry(doc, None, lines, file)
    return None


def _geometry(geom: Any, times: Any, lines: list, file: str) -> None:
    if not isinstance(geom, dict):
        raise GpsError(file, line=1, message="a geometry is not an object")
    kind = geom.get("type")
    coords = geom.get("coordinates")
    if kind == "LineString":
        lines.append((_array(coords, "coordinates", file), times if _flat(times) else None))
    elif kind == "MultiLineString":
        for k, part in enumerate(_array(coords, "coordinates", file)):
            t = times[k] if isinstance(times, list) and k < len(times) else None
            lines.append((_array(part, "a MultiLineString's line", file), t if _flat(t) else None))
    elif kind == "GeometryCollection":
        for g in _array(geom.get("geometries"), "geometries", file):
            _geometry(g, None, lines, file)


def _array(value: Any, what: str, file: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise GpsError(file, line=1, message=f"{what} is not an array")
    return value


def _object(value: Any) -> dict:
    """Properties are optional metadata: anything but an object reads as none."""
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _position(pos: Any) -> bool:
    return isinstance(pos, list) and len(pos) >= 2 and _number(pos[0]) and _number(pos[1])


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _flat(times: Any) -> bool:
    return isinstance(times, list) and all(isinstance(t, str | None) for t in times)


def geojson_dict(track: Track) -> dict[str, Any]:
    """A Feature with a LineString (one segment) or MultiLineString, times in coordTimes."""
    with_ele = bool(len(track)) and bool(np.isfinite(track.ele).all())
    parts, times = [], []
    cuts = np.flatnonzero(np.diff(track.segment)) + 1
    for idx in np.split(np.arange(len(track)), cuts):
        if with_ele:
            pos = np.column_stack([track.lon[idx], track.lat[idx], track.ele[idx]]).tolist()
        else:
            pos = np.column_stack([track.lon[idx], track.lat[idx]]).tolist()
        parts.append(pos)
        times.append([format_time(t) if np.isfinite(t) else None for t in track.time[idx]])
    multi = len(parts) > 1
    props: dict[str, Any] = {"name": track.name}
    if track.has_time:
        props["coordTimes"] = times if multi else times[0]
    feature = {
        "type": "Feature",
        "properties": props,
        "geometry": {
            "type": "MultiLineString" if multi else "LineString",
            "coordinates": parts if multi else (parts[0] if parts else []),
        },
    }
    if not track.waypoints:
        return feature
    points = [
        {
            "type": "Feature",
            "properties": {"name": w.get("name", "")},
            "geometry": {"type": "Point", "coordinates": [w["lon"], w["lat"]]},
        }
        for w in track.waypoints
    ]
    return {"type": "FeatureCollection", "features": [feature, *points]}


def geojson_text(track: Track) -> str:
    return json.dumps(geojson_dict(track), separators=(",", ":"))


def write_geojson(track: Track, path_or_file: Any) -> None:
    text = geojson_text(track)
    if hasattr(path_or_file, "write"):
        path_or_file.write(text)
        return
    with open(path_or_file, "w", encoding="utf-8") as fh:
        fh.write(text)
