"""Garmin FIT activities through fitdecode.

Positions are semicircles (degrees = value * 180 / 2**31). A timer stop followed by a start
begins a new segment, so a paused watch never adds the distance walked while paused. The
session message's totals (distance, ascent, descent, timer time) are kept as the device's own
figures. A truncated or corrupt file yields the records read so far and a warning saying where
reading stopped.
"""

from __future__ import annotations

import io
from datetime import datetime

import fitdecode

from .columns import Columns
from .errors import GpsError
from .track import Track

_SEMICIRCLE = 180.0 / 2**31
_SESSION_FIELDS = {
    "total_distance": "distance_m",
    "total_ascent": "ascent_m",
    "total_descent": "descent_m",
    "total_timer_time": "timer_s",
    "total_elapsed_time": "elapsed_s",
}


def read_fit(data: bytes, file: str) -> Track:
    cols = Columns(file)
    segment = 0
    paused = False
    totals: dict[str, float] = {}
    lap_distance = 0.0
    laps = 0
    no_position = 0
    records = 0
    warnings: list[str] = []
    stream = io.BytesIO(data)
    sport = "running"
    try:
        reader = fitdecode.FitReader(
            stream, check_crc=fitdecode.CrcCheck.WARN, keep_raw_chunks=False
        )
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            name = frame.name
            if name == "record":
                records += 1
                lat = _get(frame, "position_lat")
                lon = _get(frame, "position_long")
                if lat is None or lon is None:
                    no_position += 1
                    continue
                if paused:
                    segment, paused = segment + 1, False
                ele = _get(frame, "enhanced_altitude")
                if ele is None:
                    ele = _get(frame, "altitude")
                stamp = _get(frame, "timestamp")
                cols.add(
                    lat * _SEMICIRCLE,
                    lon * _SEMICIRCLE,
                    float(ele) if ele is not None else float("nan"),
                    stamp.timestamp() if isinstance(stamp, datetime) else None,
                    segment,
                )
            elif name == "event" and _get(frame, "event") == "timer":
                kind = _get(frame, "event_type")
                if kind in ("stop", "stop_all", "stop_disable", "stop_disable_all"):
                    paused = True
                elif kind == "start":
                    paused = False if not len(cols) else paused
            elif name == "lap":
                laps += 1
                lap_distance += float(_get(frame, "total_distance") or 0.0)
            elif name == "session":
                sport = str(_get(frame, "sport") or sport)
                for field, key in _SESSION_FIELDS.items():
                    value = _get(frame, field)
                    if value is not None:
                        totals[key] = totals.get(key, 0.0) + float(value)
    except (fitdecode.FitError, EOFError, ValueError, KeyError, IndexError) as exc:
        if records == 0 and not len(cols):
            message = f"not a readable FIT file: {exc}"
            raise GpsError(file, line=1, message=message) from None
        warnings.append(
            f"FIT file ends early or is damaged at byte {stream.tell()} after {records} "
            f"records ({type(exc).__name__}: {exc}); the points read so far are kept"
        )
    if not len(cols):
        raise GpsError(file, line=1, message="the FIT file has no record with a position")
    if no_position:
        warnings.append(f"{no_position} record(s) without a position were skipped")
    if laps and "distance_m" not in totals:
        totals["distance_m"] = lap_distance
    a = cols.arrays()
    return Track(
        a["lat"],
        a["lon"],
        a["ele"],
        a["time"],
        a["segment"],
        device_totals=totals,
        warnings=warnings,
        sport=sport,
    )


def _get(frame: fitdecode.FitDataMessage, field: str):
    try:
        return frame.get_value(field, fallback=None)
    except KeyError:
        return None
