"""A tiny FIT encoder for tests: the few messages a watch writes for a run, nothing more.

Real FIT files are what the reader must take, but none of the shared ones has the faults we
need (a clock step back at a multisport transition), so tests write their own with the same
layout a Garmin uses: 14-byte header, definition then data messages, CRC-16 at the end. The
fuzzing seeds come from here too.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence

FIT_EPOCH = 631065600  # 1989-12-31T00:00:00Z in Unix seconds
SEMICIRCLES = 2**31 / 180.0
SPORTS = {"running": 1, "cycling": 2, "transition": 3, "swimming": 5, "walking": 11}

_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip

# global message number, local type, fields (number, struct code, FIT base type)
_FILE_ID = (0, 0, [(0, "B", 0x00), (1, "H", 0x84), (4, "I", 0x86)])
_RECORD = (20, 1, [(253, "I", 0x86), (0, "i", 0x85), (1, "i", 0x85), (2, "H", 0x84)])
_EVENT = (21, 2, [(253, "I", 0x86), (0, "B", 0x00), (1, "B", 0x00)])
_SESSION = (
    18,
    3,
    [(253, "I", 0x86), (5, "B", 0x00), (7, "I", 0x86), (8, "I", 0x86), (9, "I", 0x86)],
)


def crc16(data: bytes, crc: int = 0) -> int:
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def _definition(message) -> bytes:
    number, local, fields = message
    out = struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(fields))
    for field, code, base in fields:
        out += struct.pack("<BBB", field, struct.calcsize(code), base)
    return out


def _data(message, values: Sequence[int]) -> bytes:
    _, local, fields = message
    return bytes([local]) + struct.pack("<" + "".join(c for _, c, _ in fields), *values)


def fit_file(
    points: Iterable[tuple[float, float, float, float]],
    *,
    sessions: Sequence[tuple[str, float, float]] = (),
    stops: Iterable[tuple[float, str]] = (),
) -> bytes:
    """FIT bytes of an activity.

    ``points`` are (unix time, lat, lon, elevation m); ``sessions`` (sport, unix start, unix
    end), one per sport of a multisport file; ``stops`` (unix time, "stop_all" or "start")
    timer events, placed before the first point at or after their time.
    """
    points = list(points)
    body = _definition(_FILE_ID) + _data(_FILE_ID, [4, 1, int(points[0][0]) - FIT_EPOCH])
    body += _definition(_RECORD) + _definition(_EVENT)
    events = sorted(stops)
    kinds = {"start": 0, "stop_all": 4}
    for stamp, lat, lon, ele in points:
        while events and events[0][0] <= stamp:
            when, kind = events.pop(0)
            body += _data(_EVENT, [int(when) - FIT_EPOCH, 0, kinds[kind]])
        body += _data(
            _RECORD,
            [
                int(stamp) - FIT_EPOCH,
                round(lat * SEMICIRCLES),
                round(lon * SEMICIRCLES),
                round((ele + 500) * 5),
            ],
        )
    if sessions:
        body += _definition(_SESSION)
        for sport, start, end in sessions:
            seconds = round((end - start) * 1000)
            body += _data(_SESSION, [int(end) - FIT_EPOCH, SPORTS[sport], seconds, seconds, 0])
    header = struct.pack("<BBHI4s", 14, 0x20, 2093, len(body), b".FIT")
    header += struct.pack("<H", crc16(header))
    data = header + body
    return data + struct.pack("<H", crc16(data))
