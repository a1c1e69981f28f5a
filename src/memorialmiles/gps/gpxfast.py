"""The fast road through the usual GPX: one regular expression over bytes, columns by numpy.

Almost every GPX file has one shape: ``trkpt`` elements with ``lat`` and ``lon`` attributes whose
first children are ``ele`` and ``time``. For that shape the numbers are cut out of the bytes by
one regular expression and converted by numpy, with no Python work per point, while libxml2
checks that the whole file is well-formed XML in one pass that builds nothing. The rest of the
file (the skeleton: everything but the insides of the track segments, a few hundred bytes in a
recording) is read by the streaming reader itself, so names and waypoints come out the same.

The result must be exactly what the streaming reader in ``gpx`` gives, or ``None`` so that the
streaming reader takes over (it also gives line numbers for errors). What the regular
expression does not see is made impossible, not assumed away:

* markup hidden from it: comments and processing instructions are reported by libxml2 during
  the check; CDATA sections are looked for (a ``[`` is rare in GPX, so that search is memchr);
* points it does not match (other attribute layouts, a prefixed ``<g:trkpt>``, a point outside
  a ``trkseg``): every occurrence of the letters ``trkpt`` after the root must belong to a
  matched point (start tag, and end tag unless it is self-closed);
* an ``ele`` or ``time`` that is not among the first children: a point must end right after
  them unless it has both (both roads take the first ``ele`` and ``time`` child);
* segments: every occurrence of ``trkseg`` must be a plain start or end tag, alternating;
* waypoints after the track: there must be no ``wpt`` after the first segment.

Each check is one pass of C over the bytes (``bytes.count``/``find``, ``re``), never a Python
loop per point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import itemgetter

import numpy as np
from lxml import etree

from . import xmlsafe
from .timeparse import parse_time_column
from .track import Track

_Q = rb"\s*+=\s*+\"([^\"]*+)\""
# Groups: 1 lat, 2 lon (lat first) | 3 lon, 4 lat (lon first); 5 "/" if self-closed; 6 ele; 7 time.
# A point that does not have both ele and time must end right after what was read.
_POINT = re.compile(
    rb"<trkpt\s+(?:lat" + _Q + rb"\s+lon" + _Q + rb"|lon" + _Q + rb"\s+lat" + _Q + rb")\s*"
    rb"(?:(/)>|>\s*+(?:<ele>([^<]*+)</ele>\s*+)?(?:<time>([^<]*+)</time>\s*+)?"
    rb"(?(6)(?(7)|(?=</trkpt>))|(?=</trkpt>)))"
)
# The layout nearly every writer uses, tried first because it is the quickest to match: four
# groups (lat, lon, ele, time); a point that has both needs nothing after them checked.
_USUAL_POINT = re.compile(
    rb'<trkpt lat="([^"]*+)" lon="([^"]*+)">\s*+<ele>([^<]*+)</ele>\s*+<time>([^<]*+)</time>'
)
_SEGMENT_WORD = re.compile(rb"trkseg")
_SEGMENT_TAG = re.compile(rb"<(/?)trkseg\s*>")
_CHUNK = 1 << 22  # bytes of points converted at a time: bounds the Python objects alive


class _Watch:
    """libxml2 target that builds nothing and notes markup the regular expression cannot see."""

    def __init__(self) -> None:
        self.hidden = False

    def comment(self, text: str) -> None:
        self.hidden = True

    def pi(self, target: str, data: str | None = None) -> None:
        self.hidden = True

    def close(self) -> bool:
        return self.hidden


def read_fast(data: bytes, file: str, root: int | None = None) -> Track | None:
    """The track of a usual GPX file, or None to hand it to the streaming reader.

    ``root`` is where the root element starts, from :func:`xmlsafe.refuse_dtd`.
    """
    if root is None:
        root = xmlsafe.refuse_dtd(data, file)
    if root < 0:
        return None
    if _has_cdata(data, root):
        return None
    segments = _segments(data, root)
    if not segments or data.rfind(b"wpt") > segments[0][0]:
        return None
    if not _well_formed(data):
        return None
    expected = data.count(b"trkpt", root)
    for pattern in (_USUAL_POINT, _POINT):
        got = _points(data, segments, pattern)
        if got is None:
            return None
        columns, points, closed = got
        if points and expected == 2 * points - closed:
            break
    else:
        return None
    bounds = [0, *(x for segment in segments for x in segment), len(data)]
    skeleton = b"".join(data[bounds[k] : bounds[k + 1]] for k in range(0, len(bounds), 2))
    from .gpx import collect, waypoints

    try:
        parsed = collect(skeleton, file)
    except Exception:
        return None
    if len(parsed.kinds["trkpt"]):
        return None
    lat, lon, ele, tm, seg = (np.concatenate(c) for c in zip(*columns, strict=True))
    seg = np.cumsum(np.diff(seg, prepend=seg[:1]) != 0)  # empty segments leave no hole
    return Track(lat, lon, ele, tm, seg, name=parsed.name, waypoints=waypoints(parsed))


def _points(data: bytes, segments: list[tuple[int, int]], pattern: re.Pattern[bytes]):
    columns: list[tuple[np.ndarray, ...]] = []
    points = closed = 0
    for s, (begin, end) in enumerate(segments):
        pos = begin
        while pos < end:
            stop = end if end - pos <= _CHUNK else data.find(b"<trkpt", pos + _CHUNK, end)
            stop = end if stop < 0 else stop
            got = _chunk(pattern.findall(data, pos, stop), s)
            if got is None:
                return None
            columns.append(got[0])
            points += got[0][0].size
            closed += got[1]
            pos = stop
    return columns, points, closed


def _has_cdata(data: bytes, root: int) -> bool:
    i = data.find(b"[", root)
    for _ in range(1000):
        if i < 0:
            return False
        if data[i - 2 : i + 1] == b"<![":
            return True
        i = data.find(b"[", i + 1)
    return data.find(b"<![", root) >= 0


def _segments(data: bytes, root: int) -> list[tuple[int, int]] | None:
    """(start, end) of the inside of each ``trkseg``, if every mention of one is a plain tag."""
    marks = [m.start() for m in _SEGMENT_WORD.finditer(data, root)]
    tags = [_SEGMENT_TAG.match(data, i - 2 if data[i - 2 : i] == b"</" else i - 1) for i in marks]
    out = []
    for k, tag in enumerate(tags):
        if tag is None or bool(tag.group(1)) != bool(k % 2):
            return None  # prefixed, self-closed, in text, or nested
        if k % 2:
            out.append((tags[k - 1].end(), tag.start()))
    return out if len(tags) % 2 == 0 else None


def _well_formed(data: bytes) -> bool:
    watch = _Watch()
    parser = etree.XMLParser(
        target=watch, resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        for i in range(0, len(data), 1 << 20):
            parser.feed(data[i : i + (1 << 20)])
        hidden = parser.close()
    except etree.XMLSyntaxError:
        return False
    return not hidden


def _chunk(found: list[tuple[bytes, ...]], segment: int):
    """Columns of the points one ``findall`` returned (4 or 7 groups, see the patterns)."""
    if not found:
        return (np.empty(0),) * 4 + (np.empty(0, dtype=np.int64),), 0
    if len(found[0]) == 4:
        lat, lon, ele, time = (map(itemgetter(k), found) for k in range(4))
        closed = 0
    else:
        lat1, lon1, lon2, lat2, slash, ele, time = ([x[k] for x in found] for k in range(7))
        lat = [a or b for a, b in zip(lat1, lat2, strict=True)]
        lon = [a or b for a, b in zip(lon1, lon2, strict=True)]
        closed = slash.count(b"/")
    n = len(found)
    try:
        columns = (_numbers(lat, n), _numbers(lon, n), _elevations(list(ele), n))
    except ValueError:
        return None
    times, bad = parse_time_column(np.array(list(time)))
    if bad is not None:
        return None
    return (*columns, times, np.full(len(found), segment, dtype=np.int64)), closed


def _numbers(texts: Iterable[bytes], n: int) -> np.ndarray:
    """float() of each text, the very function the streaming reader uses ("" raises)."""
    return np.fromiter(map(float, texts), np.float64, n)


def _elevations(texts: list[bytes], n: int) -> np.ndarray:
    """Elevation text as the streaming reader reads it: blank is unknown (NaN)."""
    try:
        return _numbers(texts, n)
    except ValueError:
        return _numbers([t.strip() or b"nan" for t in texts], n)
