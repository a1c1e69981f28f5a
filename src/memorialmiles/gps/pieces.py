"""Is a course one line? Disjoint pieces, and a finish away from the end of the main line.

A course is stored as a LineString, or a MultiLineString when it was recorded in segments (a
watch paused, a GPX with several ``<trkseg>``). Segments that meet (the next starts within
``JOIN_M`` of where the last ended) are one piece. Several pieces mean the map shows broken
line: a stretch recorded on the drive home, a second loop from another day, a gap in the file.
The finish marker is drawn at the file's last point; when that point is not the end of the
longest piece (the course proper), the marker stands ``finish_off_m`` away from where the
runners actually stop, and the organizer should know before printing a map.

Pure numpy on a Track's columns; no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .geodesy import inverse, step_distances

JOIN_M = 50.0  # segments closer than this are one piece (a watch paused at a crossing)
FAR_FINISH_M = 200.0


@dataclass(frozen=True)
class Piece:
    first: int  # index of its first point
    last: int  # index of its last point
    length_m: float


@dataclass(frozen=True)
class Shape:
    pieces: tuple[Piece, ...]
    gaps_m: tuple[float, ...]  # between consecutive pieces
    finish_off_m: float  # from the file's last point to the end of the longest piece

    @property
    def main(self) -> Piece | None:
        return max(self.pieces, key=lambda p: p.length_m, default=None)

    def warnings(self, far_m: float = FAR_FINISH_M) -> list[str]:
        out = []
        if len(self.pieces) > 1:
            gaps = ", ".join(f"{g:,.0f} m" for g in self.gaps_m)
            out.append(
                f"The course is {len(self.pieces)} separate pieces (gaps of {gaps}): "
                "check that the file holds only the course."
            )
        if self.finish_off_m > far_m:
            out.append(
                f"The finish (the file's last point) is {self.finish_off_m:,.0f} m from the end "
                "of the course's main line: the file may hold a stretch recorded after the run."
            )
        return out


def shape(lat, lon, segment=None, join_m: float = JOIN_M) -> Shape:
    """The pieces of a line given as columns (``segment``: a segment number per point)."""
    lat = np.asarray(lat, dtype=np.float64)
    lon = np.asarray(lon, dtype=np.float64)
    n = lat.size
    if n == 0:
        return Shape((), (), 0.0)
    seg = np.zeros(n, dtype=np.int64) if segment is None else np.asarray(segment)
    steps = step_distances(lat, lon)
    new_segment = np.flatnonzero(np.diff(seg) != 0) + 1  # first point of each later segment
    breaks = [int(i) for i in new_segment if steps[i - 1] > join_m]
    bounds = [0, *breaks, n]
    walked = np.concatenate([[0.0], np.cumsum(np.where(np.diff(seg) != 0, 0.0, steps))])
    pieces = tuple(
        Piece(int(a), int(b - 1), float(walked[b - 1] - walked[a]))
        for a, b in zip(bounds, bounds[1:], strict=False)
    )
    gaps = tuple(float(steps[i - 1]) for i in breaks)
    main = max(pieces, key=lambda p: p.length_m)
    off = 0.0
    if main.last != n - 1:
        off = float(inverse(lat[main.last], lon[main.last], lat[-1], lon[-1]))
    return Shape(pieces, gaps, off)


def track_shape(track) -> Shape:
    return shape(track.lat, track.lon, track.segment)
