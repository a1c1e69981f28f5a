"""The fast road through the usual GPX: regular expressions over bytes, columns by numpy.

Most GPX files have one shape: the GPX namespace as the default, no comments or CDATA, each
``trkpt`` with ``lat``/``lon`` attributes and ``ele`` then ``time`` as its first children. For
that shape the file is first checked by libxml2 for well-formedness (a parse that builds nothing,
in C), then the points are cut out with one regular expression per chunk and converted by numpy,
with no Python work per point. Every assumption is verified (counts of tags match what was
captured); whenever one fails this returns ``None`` and the streaming reader in ``gpx`` takes
over, which also gives exact line numbers for errors.
"""

from __future__ import annotations

import html
import re

import numpy as np
from lxml import etree

from . import xmlsafe
from .track import Track

_ATTRS = rb"((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*"
_CHILD = rb"(?:\s*<(ele|time)>([^<]*)</(?:ele|time)>)?"
_POINT = re.compile(rb"<trkpt" + _ATTRS + rb"(?:/>|>" + _CHILD + _CHILD + rb")")
_LAT = re.compile(rb"(?<![\w:.-])lat\s*=\s*[\"']([^\"']*)[\"']")
_LON = re.compile(rb"(?<![\w:.-])lon\s*=\s*[\"']([^\"']*)[\"']")
_GPX_NS = re.compile(rb"xmlns\s*=\s*[\"']http://www\.topografix\.com/GPX/1/[01][\"']")
_NAME = re.compile(rb"<name>([^<]*)</name>")
_CHUNK = 1 << 22


class _Null:
    def close(self) -> None:
        return None


def read_fast(data: bytes, file: str) -> Track | None:
    if not _usual_shape(data):
        return None
    try:
        parser = etree.XMLParser(target=_Null(), **xmlsafe.parser_options())
        for i in range(0, len(data), 1 << 20):  # libxml2 refuses one huge buffer
            parser.feed(data[i : i + (1 << 20)])
        parser.close()
    except etree.XMLSyntaxError:
        return None
    starts = [m.start() for m in re.finditer(rb"<trkseg[\s>/]", data)]
    if not starts or data.count(b"<trkpt") == 0:
        return None
    columns: list[tuple[np.ndarray, ...]] = []
    captured_ele = captured_time = 0
    for s, begin in enumerate(starts):
        end = data.find(b"</trkseg>", begin)
        end = len(data) if end < 0 else end
        pos = begin
        while pos < end:
            stop = end if end - pos <= _CHUNK else data.find(b"<trkpt", pos + _CHUNK, end)
            stop = end if stop < 0 else stop
            got = _chunk(data, pos, stop, s)
            if got is None:
                return None
            columns.append(got[0])
            captured_ele += got[1]
            captured_time += got[2]
            pos = stop
    first = data.find(b"<trkpt")
    if data.count(b"<ele") != captured_ele + data.count(b"<ele", 0, first):
        return None
    if data.count(b"<time") != captured_time + data.count(b"<time", 0, first):
        return None
    if data.find(b"<wpt", first) >= 0 or data.count(b"<wpt", 0, first):
        return None  # waypoints: leave them to the full reader
    lat, lon, ele, tm, seg = (np.concatenate(c) for c in zip(*columns, strict=True))
    _, seg = np.unique(seg, return_inverse=True)
    trk = data.find(b"<trk")
    name = _NAME.search(data, trk, first)
    name = name or _NAME.search(data, 0, first)
    title = html.unescape(name.group(1).decode("utf-8", "replace")).strip() if name else None
    return Track(lat, lon, ele, tm, seg, name=title or None)


def _usual_shape(data: bytes) -> bool:
    if b"<!--" in data or b"<![CDATA[" in data or data.find(b"<?", 5) >= 0:
        return False
    if data.count(b"xmlns=") != 1 or not _GPX_NS.search(data, 0, 4096):
        return False
    return data.count(b"topografix.com/GPX") == data.count(b"xmlns=") + _schema_mentions(data)


def _schema_mentions(data: bytes) -> int:
    head = data[: data.find(b">", data.find(b"<gpx")) + 1]
    return head.count(b"topografix.com/GPX") - 1


def _chunk(data: bytes, pos: int, stop: int, segment: int):
    found = _POINT.findall(data, pos, stop)
    if len(found) != data.count(b"<trkpt", pos, stop):
        return None
    if not found:
        return (np.empty(0),) * 4 + (np.empty(0, dtype=np.int64),), 0, 0
    attrs, tag1, text1, tag2, text2 = zip(*found, strict=True)
    joined = b"\x00".join(attrs)
    lats, lons = _LAT.findall(joined), _LON.findall(joined)
    if len(lats) != len(found) or len(lons) != len(found):
        return None
    t1, t2 = np.array(tag1), np.array(tag2)
    x1, x2 = np.array(text1), np.array(text2)
    ele_s = np.where(t1 == b"ele", x1, np.where(t2 == b"ele", x2, b"nan"))
    time_s = np.where(t1 == b"time", x1, np.where(t2 == b"time", x2, b""))
    try:
        lat = np.array(lats).astype(np.float64)
        lon = np.array(lons).astype(np.float64)
        ele = ele_s.astype(np.float64)
    except ValueError:
        return None
    times = _times(time_s)
    if times is None:
        return None
    n_ele = int(np.count_nonzero(t1 == b"ele") + np.count_nonzero(t2 == b"ele"))
    n_time = int(np.count_nonzero(t1 == b"time") + np.count_nonzero(t2 == b"time"))
    seg = np.full(lat.size, segment, dtype=np.int64)
    return (lat, lon, ele, times, seg), n_ele, n_time


def _times(texts: np.ndarray) -> np.ndarray | None:
    out = np.full(texts.size, np.nan)
    present = texts != b""
    if not present.any():
        return out
    values = texts[present]
    if not np.strings.endswith(values, b"Z").all():
        return None
    try:
        stamps = np.strings.rstrip(values, b"Z").astype("datetime64[us]")
    except ValueError:
        return None
    out[present] = stamps.astype(np.int64) / 1e6
    return out
