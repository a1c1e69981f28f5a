"""Garmin FIT activities through fitdecode.

Positions are semicircles (degrees = value * 180 / 2**31). A timer stop followed by a start
begins a new segment, so a paused watch never adds the distance walked while paused. The
session message's totals (distance, ascent, descent, timer time) are kept as the device's own
figures. A truncated or corrupt file yields the records read so far and a warning saying where
reading stopped.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
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
        for frame in _frames(stream):
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            name = frame.name
            if name == "record":
                records += 1
                lat = _number(_get(frame, "position_lat"))
                lon = _number(_get(frame, "position_long"))
                if lat is None or lon is None:
                    no_position += 1
                    continue
                if paused:
                    segment, paused = segment + 1, False
                ele = _number(_get(frame, "enhanced_altitude"))
                if ele is None:
                    ele = _number(_get(frame, "altitude"))
                stamp = _get(frame, "timestamp")
                cols.add(
                    lat * _SEMICIRCLE,
                    lon * _SEMICIRCLE,
                    ele if ele is not None else math.nan,
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
                lap_distance += _number(_get(frame, "total_distance")) or 0.0
            elif name == "session":
                value = _get(frame, "sport")
                sport = value if isinstance(value, str) else sport
                for field, key in _SESSION_FIELDS.items():
                    value = _number(_get(frame, field))
                    if value is not None:
                        totals[key] = totals.get(key, 0.0) + value
    except _Damaged as damaged:
        exc = damaged.cause
        why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if records == 0 and not len(cols):
            message = f"not a readable FIT file: {str(exc) or why}"
            raise GpsError(file, line=1, message=message) from None
        warnings.append(
            f"FIT file ends early or is damaged at byte {stream.tell()} after {records} "
            f"records ({why}); the points read so far are kept"
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


class _Damaged(Exception):
    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _frames(stream: io.BytesIO) -> Iterator[object]:
    """fitdecode's frames; whatever it raises on bad bytes means a damaged file.

    Fuzzing found it failing with more than its own FitError: an AssertionError for a record
    running past the declared data size, among others. Our own handling of the frames stays
    outside this guard, so a mistake of ours is never taken for a damaged file.
    """
    reader = fitdecode.FitReader(stream, check_crc=fitdecode.CrcCheck.WARN, keep_raw_chunks=False)
    frames = iter(reader)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - a third-party decoder's failure on bad bytes
            raise _Damaged(exc) from None
        yield frame


def _number(value: object) -> float | None:
    """A field's value as a finite float, or None: a damaged file gives arrays and strings
    where numbers belong (fuzzing found a position that was a tuple)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _get(frame: fitdecode.FitDataMessage, field: str):
    try:
        return frame.get_value(field, fallback=None)
    except KeyError:
        return None
