"""The fast road through the usual GPX: regular expressions over bytes, columns by numpy.

Almost every GPX file has one shape: ``trkpt`` elements with ``lat`` and ``lon`` attributes whose
first children are ``ele`` and ``time``, perhaps followed by the same few extension elements on
every point. For that shape the numbers are cut out of the bytes by a regular expression and
converted by numpy, with no Python work per point. The rest of the file (the skeleton: everything
but the insides of the track segments, a few hundred bytes in a recording) is read by the
streaming reader itself, so names and waypoints come out the same and libxml2 checks it.

The result must be exactly what the streaming reader in ``gpx`` gives, or ``None`` so that the
streaming reader takes over (it also gives line numbers for errors). The insides of the segments
are never handed to an XML parser; they are proved well-formed by coverage instead:

* the point patterns accept only well-formed markup: ``lat``/``lon`` in double quotes (no other
  attribute), then optionally ``<ele>`` and ``<time>``, then child elements without attributes
  nested at most four deep, whose names are plain or carry a prefix declared on the root element
  (so that namespaces are in scope), and whose text is printable ASCII without ``<``, ``&`` (but
  for the five predefined entities) or ``]``. Comments, CDATA, processing instructions, character
  references, other attributes, other quotes, control characters and non-ASCII bytes do not match;
* consecutive matches must cover every byte of each segment: each pattern ends with an
  alternative that swallows the rest of the chunk, with no latitude, so anything unmatched
  turns into a number that does not parse and the file is handed over;
* names the streaming reader reacts to at any depth (``trkpt``, ``trkseg``, ``name``, ``ele``,
  ``time``...) are refused inside a point, so it cannot see a point or a name we do not;
* the segments found by their bytes must be the ones libxml2 finds in the skeleton (same count,
  every mention a plain tag), so no "segment" sits inside a comment or CDATA of the skeleton.

A file declaring an encoding that is not a superset of ASCII is handed over. The first point
of a file gives a literal template of its extension tags that is quicker to match than the
general pattern; points that do not fit it are matched by the general pattern.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from operator import itemgetter

import numpy as np

from . import xmlsafe
from .timeparse import parse_time_column
from .track import Track

_W = rb"[ \t\r\n]"  # XML white space (not \s: \v and \f are not even allowed characters)
# Printable ASCII and XML white space, without < & ] (text) and also without " (attribute value).
_TEXT = rb"[\t\n\r\x20-\x25\x27-\x3b\x3d-\x5c\x5e-\x7e]"
_ATTR = rb"[\t\n\r\x20\x21\x23-\x25\x27-\x3b\x3d-\x5c\x5e-\x7e]"
_MIXED = rb"(?:" + _TEXT + rb"++|&(?:amp|lt|gt|quot|apos);)*+"
_LOCAL = rb"[A-Za-z_][A-Za-z0-9_.\-]*+"
# Local names the streaming reader acts on wherever they stand (or as a point's children).
_RESERVED = rb"(?!(?:gpx|metadata|trk|trkseg|trkpt|rte|rtept|wpt|name|ele|time)[ \t\r\n/>])"
_DEPTH = 4  # element levels allowed inside a point (extensions > TrackPointExtension > hr ...)
_REST = rb"|[\s\S]+"  # no latitude: the chunk is not covered, hand the file over

_HEAD = (
    rb"<trkpt" + _W + rb"++"
    rb'(?:lat="(' + _ATTR + rb'*+)"' + _W + rb'++lon="(' + _ATTR + rb'*+)"'
    rb'|lon="(' + _ATTR + rb'*+)"' + _W + rb'++lat="(' + _ATTR + rb'*+)")' + _W + rb"*+"
)
_USUAL_HEAD = (
    rb"<trkpt"
    + _W
    + rb'++lat="('
    + _ATTR
    + rb'*+)"'
    + _W
    + rb'++lon="('
    + _ATTR
    + rb'*+)"'
    + _W
    + rb"*+>"
    + _W
    + rb"*+<ele>("
    + _TEXT
    + rb"*+)</ele>"
    + _W
    + rb"*+<time>("
    + _TEXT
    + rb"*+)</time>"
)
_END = _W + rb"*+</trkpt" + _W + rb"*+>" + _W + rb"*+"
_LEADING = re.compile(_W + rb"*+")
_TAG = re.compile(rb"<[^>]*+>")
_ROOT = re.compile(
    rb"<gpx((?:"
    + _W
    + rb"++[A-Za-z_:][A-Za-z0-9_.:\-]*+"
    + _W
    + rb"*+="
    + _W
    + rb"""*+(?:"[^"<&]*+"|'[^'<&]*+'))*+)"""
    + _W
    + rb"*+>"
)
_PREFIX = re.compile(rb"xmlns:(" + _LOCAL + rb")" + _W + rb"*+=" + _W + rb"""*+(?:"[^"]|'[^'])""")
_ENCODING = re.compile(rb"""encoding""" + _W + rb"*+=" + _W + rb"""*+["']([A-Za-z0-9._\-]+)""")
_ASCII_SUPERSETS = {
    b"utf-8",
    b"utf8",
    b"us-ascii",
    b"ascii",
    b"iso-8859-1",
    b"latin1",
    b"iso-8859-15",
    b"windows-1252",
}
_SEGMENT_TAG = re.compile(rb"<(/?)trkseg\s*>")
_CHUNK = 1 << 22  # bytes of points converted at a time: bounds the Python objects alive


@functools.lru_cache(maxsize=32)
def _general(prefixes: tuple[bytes, ...]) -> re.Pattern[bytes]:
    """Any point of the accepted language. Groups: lat, lon | lon, lat; ele; time; then names."""
    name = _RESERVED + _LOCAL
    if prefixes:
        alternatives = b"|".join(re.escape(p) for p in prefixes)
        name = rb"(?:(?:" + alternatives + rb"):)?" + name

    def element(depth: int) -> bytes:
        group = b"n%d" % depth
        inner = _MIXED
        if depth < _DEPTH:
            inner += rb"(?:" + element(depth + 1) + _MIXED + rb")*+"
        return (
            rb"<(?P<" + group + rb">" + name + rb")" + _W + rb"*+"
            rb"(?:/>|>" + inner + rb"</(?P=" + group + rb")" + _W + rb"*+>)"
        )

    body = (
        rb">" + _W + rb"*+(?:<ele>(" + _TEXT + rb"*+)</ele>" + _W + rb"*+)?"
        rb"(?:<time>(" + _TEXT + rb"*+)</time>" + _W + rb"*+)?"
        rb"(?:" + element(1) + _W + rb"*+)*+</trkpt" + _W + rb"*+>"
    )
    return re.compile(_HEAD + rb"(?:/>|" + body + rb")" + _W + rb"*+" + _REST)


def _template(first: re.Match[bytes]) -> re.Pattern[bytes] | None:
    """A pattern for points tagged exactly like ``first`` (lat first, ele, time, same children).

    Its tags are copied from a match of the general pattern, so they are balanced and named as
    that pattern allows; only the texts vary. Four groups: lat, lon, ele, time.
    """
    if first.start(1) < 0 or first.start(5) < 0 or first.start(6) < 0:
        return None
    tags = _TAG.findall(first.group(0), first.end(6) - first.start(0))
    if not tags or not tags[0].startswith(b"</time"):
        return None
    parts = [_USUAL_HEAD]
    depth = 0
    for tag in tags[1:-1]:
        parts += [_W + rb"*+" if depth == 0 else _TEXT + rb"*+", re.escape(tag)]
        if tag.startswith(b"</"):
            depth -= 1
        elif not tag.endswith(b"/>"):
            depth += 1
    return re.compile(b"".join(parts) + _END + _REST)


def read_fast(data: bytes, file: str, root: int | None = None) -> Track | None:
    """The track of a usual GPX file, or None to hand it to the streaming reader.

    ``root`` is where the root element starts, from :func:`xmlsafe.refuse_dtd`.
    """
    if root is None:
        root = xmlsafe.refuse_dtd(data, file)
    if root < 0:
        return None
    encoding = _ENCODING.search(data, 0, root)
    if encoding and encoding.group(1).lower() not in _ASCII_SUPERSETS:
        return None
    head = _ROOT.match(data, root)
    if head is None:
        return None
    general = _general(tuple(sorted(set(_PREFIX.findall(head.group(1))))))
    segments = _one_segment(data, root)
    got = None if segments is None else _points(data, segments, general)
    if got is None:
        segments = _segments(data, root)
        got = _points(data, segments, general) if segments else None
    if not got:
        return None
    bounds = [0, *(x for segment in segments for x in segment), len(data)]
    parts = [data[bounds[k] : bounds[k + 1]] for k in range(0, len(bounds), 2)]
    skeleton = b"".join(parts)
    if skeleton.rfind(b"wpt") > len(parts[0]):
        return None  # a waypoint after the track: left to the streaming reader, as before
    from .gpx import collect, waypoints

    try:
        parsed = collect(skeleton, file)
    except Exception:
        return None
    if len(parsed.kinds["trkpt"]) or parsed.segments != len(segments):
        return None
    lat, lon, ele, tm, seg = (np.concatenate(c) for c in zip(*got, strict=True))
    if not lat.size:
        return None
    seg = np.cumsum(np.diff(seg, prepend=seg[:1]) != 0)  # empty segments leave no hole
    return Track(lat, lon, ele, tm, seg, name=parsed.name, waypoints=waypoints(parsed))


def _points(data: bytes, segments: list[tuple[int, int]], general: re.Pattern[bytes]):
    """Columns of every point, or None unless the points cover each segment byte for byte."""
    columns: list[tuple[np.ndarray, ...]] = []
    usual: re.Pattern[bytes] | None = None
    for s, (begin, end) in enumerate(segments):
        pos = _LEADING.match(data, begin, end).end()
        if usual is None and pos < end:
            first = general.match(data, pos, end)
            usual = _template(first) if first else None
        while pos < end:
            stop = end if end - pos <= _CHUNK else data.find(b"<trkpt", pos + _CHUNK, end)
            stop = end if stop < 0 else stop
            got = None if usual is None else _chunk(usual.findall(data, pos, stop), s)
            if got is None:
                got = _chunk(general.findall(data, pos, stop), s)
            if got is None:
                return None
            columns.append(got)
            pos = stop
    return columns


def _one_segment(data: bytes, root: int) -> list[tuple[int, int]] | None:
    """The inside of the one ``trkseg`` most recordings have, guessed from the first and last
    mention of one without scanning the file between them.

    The guess is safe: the points must cover all that lies between (no segment tag can be among
    them) and libxml2 must find exactly one segment in the skeleton.
    """
    first, last = data.find(b"trkseg", root), data.rfind(b"trkseg")
    if first < 0 or first == last:
        return None
    start = _SEGMENT_TAG.match(data, first - 1)
    end = _SEGMENT_TAG.match(data, last - 2)
    if start is None or end is None or start.group(1) or not end.group(1):
        return None
    return [(start.end(), end.start())]


def _segments(data: bytes, root: int) -> list[tuple[int, int]] | None:
    """(start, end) of the inside of each ``trkseg``, if every mention of one is a plain tag."""
    marks = []
    i = data.find(b"trkseg", root)  # bytes.find skips ahead far quicker than a regex search
    while i >= 0:
        marks.append(i)
        i = data.find(b"trkseg", i + 6)
    tags = [_SEGMENT_TAG.match(data, i - 2 if data[i - 2 : i] == b"</" else i - 1) for i in marks]
    out = []
    for k, tag in enumerate(tags):
        if tag is None or bool(tag.group(1)) != bool(k % 2):
            return None  # prefixed, self-closed, in text, or nested
        if k % 2:
            out.append((tags[k - 1].end(), tag.start()))
    return out if len(tags) % 2 == 0 else None


def _chunk(found: list[tuple[bytes, ...]], segment: int):
    """Columns of the points one ``findall`` returned (see the patterns for the groups)."""
    if not found:
        return (np.empty(0),) * 4 + (np.empty(0, dtype=np.int64),)
    if len(found[0]) == 4:
        lat, lon, ele, time = (map(itemgetter(k), found) for k in range(4))
    else:
        lat1, lon1, lon2, lat2, ele, time = ([x[k] for x in found] for k in range(6))
        lat = [a or b for a, b in zip(lat1, lat2, strict=True)]
        lon = [a or b for a, b in zip(lon1, lon2, strict=True)]
    n = len(found)
    try:  # the uncovered rest of a chunk has no latitude: float(b"") raises
        columns = (_numbers(lat, n), _numbers(lon, n), _elevations(list(ele), n))
    except ValueError:
        return None
    times, bad = parse_time_column(np.array(list(time)))
    if bad is not None:
        return None
    return (*columns, times, np.full(n, segment, dtype=np.int64))


def _numbers(texts: Iterable[bytes], n: int) -> np.ndarray:
    """float() of each text, the very function the streaming reader uses ("" raises)."""
    return np.fromiter(map(float, texts), np.float64, n)


def _elevations(texts: list[bytes], n: int) -> np.ndarray:
    """Elevation text as the streaming reader reads it: blank is unknown (NaN)."""
    try:
        return _numbers(texts, n)
    except ValueError:
        return _numbers([t.strip() or b"nan" for t in texts], n)
