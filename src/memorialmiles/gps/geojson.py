"""GeoJSON (RFC 7946): LineString, MultiLineString, Feature, FeatureCollection; and writing.

Positions are ``[lon, lat]`` or ``[lon, lat, ele]``. Times, which GeoJSON has no place for, are
read from and written to ``properties.coordTimes`` (the convention of Mapbox's togeojson), a list
per line. Point features become waypoints.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from .errors import GpsError
from .timeparse import format_time, parse_times
from .track import Track


def read_geojson(data: bytes, file: str) -> Track:
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        raise GpsError(file, line=line, message=f"not valid JSON: {exc}") from None
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
                raise GpsError(file, point=index + 1, message=f"position {pos!r} is not [lon, lat]")
            try:
                lo, la = float(pos[0]), float(pos[1])
                el = float(pos[2]) if len(pos) > 2 and pos[2] is not None else math.nan
            except (TypeError, ValueError):
                message = f"position {pos!r} is not numeric"
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
    if not isinstance(doc, dict):
        raise GpsError(file, line=1, message="GeoJSON must be an object")
    kind = doc.get("type")
    if kind == "FeatureCollection":
        name = (doc.get("properties") or {}).get("name") or doc.get("name")
        for feature in doc.get("features") or []:
            inner = _collect(feature, lines, waypoints, file)
            name = name or inner
        return name
    if kind == "Feature":
        props = doc.get("properties") or {}
        geom = doc.get("geometry") or {}
        times = props.get("coordTimes") or (props.get("coordinateProperties") or {}).get("times")
        if geom.get("type") == "Point":
            lon, lat, *rest = (geom.get("coordinates") or [None, None]) + []
            ele = rest[0] if rest else None
            waypoints.append({"lat": lat, "lon": lon, "ele": ele, "name": props.get("name", "")})
            return None
        _geometry(geom, times, lines, file)
        return props.get("name")
    _geometry(doc, None, lines, file)
    return None


def _geometry(geom: dict, times: Any, lines: list, file: str) -> None:
    kind = geom.get("type")
    coords = geom.get("coordinates")
    if kind == "LineString":
        lines.append((coords or [], times if _flat(times) else None))
    elif kind == "MultiLineString":
        for k, part in enumerate(coords or []):
            t = times[k] if isinstance(times, list) and k < len(times) else None
            lines.append((part, t if _flat(t) else None))
    elif kind == "GeometryCollection":
        for g in geom.get("geometries") or []:
            _geometry(g, None, lines, file)


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
