"""Garmin Training Center (TCX) activities and courses, streamed.

Trackpoints without a position (a watch that has not found satellites yet) are skipped and
counted in a warning. Lap ``DistanceMeters`` and ``TotalTimeSeconds`` are summed into the
device's own totals, to be shown beside ours. Laps are splits, not pauses, so all trackpoints of
an activity form one segment; pauses show as gaps in time, which the metrics respect.
"""

from __future__ import annotations

import io

from lxml import etree

from . import xmlsafe
from .columns import Columns, number
from .errors import GpsError
from .track import Track


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def read_tcx(data: bytes, file: str) -> Track:
    xmlsafe.refuse_dtd(data, file)
    cols = Columns(file)
    segment = -1
    lap_distance = lap_time = 0.0
    laps = 0
    skipped = 0
    name: str | None = None
    sport = "running"
    tags = ("{*}Activity", "{*}Course", "{*}Trackpoint", "{*}Lap")
    ctx = etree.iterparse(
        io.BytesIO(data), events=("start", "end"), tag=tags, **xmlsafe.parser_options()
    )
    try:
        for event, el in ctx:
            kind = _local(el.tag)
            if event == "start":
                if kind in ("Activity", "Course"):
                    segment += 1
                    sport = (el.get("Sport") or sport).lower()
                continue
            if kind == "Trackpoint":
                if not _add(cols, el, max(segment, 0), file):
                    skipped += 1
                el.clear()
                parent = el.getparent()
                while el.getprevious() is not None and parent is not None:
                    del parent[0]
            elif kind == "Lap":
                laps += 1
                for child in el:
                    if _local(child.tag) == "DistanceMeters":
                        lap_distance += number(child.text, file, child.sourceline, "distance")
                    elif _local(child.tag) == "TotalTimeSeconds":
                        lap_time += number(child.text, file, child.sourceline, "time")
            elif kind in ("Activity", "Course") and name is None:
                for child in el:
                    if _local(child.tag) in ("Id", "Name"):
                        name = (child.text or "").strip() or None
                        break
    except etree.XMLSyntaxError as exc:
        raise xmlsafe.syntax_error(file, exc) from None
    if ctx.root is None or _local(ctx.root.tag) != "TrainingCenterDatabase":
        raise GpsError(file, line=1, message="not a TCX file")
    if not len(cols):
        raise GpsError(file, line=1, message="the TCX file has no trackpoint with a position")
    a = cols.arrays()
    warnings = []
    if skipped:
        warnings.append(f"{skipped} trackpoint(s) without a position were skipped")
    totals = {}
    if laps:
        totals = {"distance_m": lap_distance, "timer_s": lap_time, "laps": laps}
    return Track(
        a["lat"],
        a["lon"],
        a["ele"],
        a["time"],
        a["segment"],
        name=name,
        device_totals=totals,
        warnings=warnings,
        sport=sport,
    )


def _add(cols: Columns, el: etree._Element, segment: int, file: str) -> bool:
    lat = lon = ele = time = None
    for child in el:
        kind = _local(child.tag)
        if kind == "Position":
            for c in child:
                if _local(c.tag) == "LatitudeDegrees":
                    lat = c.text
                elif _local(c.tag) == "LongitudeDegrees":
                    lon = c.text
        elif kind == "AltitudeMeters":
            ele = child.text
        elif kind == "Time":
            time = child.text
    if lat is None or lon is None:
        return False
    line = el.sourceline
    cols.add(
        number(lat, file, line, "latitude"),
        number(lon, file, line, "longitude"),
        number(ele, file, line, "elevation") if ele and ele.strip() else float("nan"),
        (time or "").strip() or None,
        segment,
        line,
    )
    return True
