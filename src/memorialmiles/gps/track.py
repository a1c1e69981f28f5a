"""The track type every reader produces: a few numpy columns, not one object per point."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .errors import GpsError

SPORTS = ("running", "walking", "cycling")


class Point(NamedTuple):
    lat: float
    lon: float
    ele: float
    time: float


class Track:
    """Points of one recorded run or planned course.

    ``lat``/``lon`` are degrees (WGS84), ``ele`` metres (NaN where unknown), ``time`` seconds since
    the Unix epoch (NaN where unknown), ``segment`` a non-decreasing segment number per point:
    distance is never measured across a segment boundary (GPX ``<trkseg>``, a FIT timer stop).
    ``device_totals`` holds what the recording device itself said (FIT session, TCX laps), shown
    beside our own figures, never mixed into them.

    A track is read once and then measured: treat the columns as read-only. The geodesic step
    lengths are computed once and kept (jump detection, distance, splits and speeds all use
    them); code that changes a column in place must build a new ``Track`` instead.
    """

    __slots__ = (
        "lat",
        "lon",
        "ele",
        "time",
        "segment",
        "name",
        "device_totals",
        "warnings",
        "waypoints",
        "sport",
        "_excluded",
        "_steps",
    )

    def __init__(
        self,
        lat: Any,
        lon: Any,
        ele: Any = None,
        time: Any = None,
        segment: Any = None,
        *,
        name: str | None = None,
        device_totals: dict[str, float] | None = None,
        warnings: list[str] | None = None,
        waypoints: list[dict[str, Any]] | None = None,
        sport: str = "running",
    ) -> None:
        self.lat = np.asarray(lat, dtype=np.float64).reshape(-1)
        self.lon = np.asarray(lon, dtype=np.float64).reshape(-1)
        n = self.lat.size
        if self.lon.size != n:
            raise ValueError("lat and lon must have the same length")
        self.ele = _column(ele, n)
        self.time = _column(time, n)
        if segment is None:
            self.segment = np.zeros(n, dtype=np.int64)
        else:
            self.segment = np.asarray(segment, dtype=np.int64).reshape(-1)
            if self.segment.size != n:
                raise ValueError("segment must have one entry per point")
        self.name = name
        self.device_totals = dict(device_totals or {})
        self.warnings = list(warnings or [])
        self.waypoints = list(waypoints or [])
        # The sports whose resting speed we know; any other reads as running.
        self.sport = sport if sport in SPORTS else "running"
        self._excluded: np.ndarray | None = None
        self._steps: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.lat.size)

    def __repr__(self) -> str:
        return f"<Track {self.name!r}: {len(self)} points, {self.segment_count} segments>"

    def __getitem__(self, key: int | slice) -> Point | Track:
        if isinstance(key, slice):
            seg = self.segment[key]
            _, seg = np.unique(seg, return_inverse=True) if seg.size else (None, seg)
            return Track(
                self.lat[key],
                self.lon[key],
                self.ele[key],
                self.time[key],
                seg,
                name=self.name,
                waypoints=self.waypoints,
                sport=self.sport,
            )
        i = int(key)
        return Point(
            float(self.lat[i]), float(self.lon[i]), float(self.ele[i]), float(self.time[i])
        )

    @property
    def segment_count(self) -> int:
        return int(np.unique(self.segment).size)

    @property
    def has_time(self) -> bool:
        return bool(np.isfinite(self.time).any())

    @property
    def has_elevation(self) -> bool:
        return bool(np.isfinite(self.ele).any())

    @property
    def excluded(self) -> np.ndarray:
        """Indices of points left out of the metrics as impossible jumps."""
        if self._excluded is None:
            from .jumps import excursions

            self._excluded = excursions(self.lat, self.lon, self.step_lengths())
        return self._excluded

    def step_lengths(self) -> np.ndarray:
        """WGS84 geodesic length in metres from each point to the next (n - 1 values, read-only).

        Computed once per track; segment boundaries and jumps are not taken out here.
        """
        if self._steps is None:
            from .geodesy import step_distances

            steps = step_distances(self.lat, self.lon)
            steps.flags.writeable = False
            self._steps = steps
        return self._steps

    def distance_m(self) -> float:
        """2D distance in metres, as ``metrics()["distance_m"]``, without the other figures."""
        from .metrics import step_arrays

        return float(step_arrays(self.clean())[0].sum())

    def elevation_gain_loss(self) -> tuple[float, float] | None:
        """Gain and loss in metres, as in ``metrics()``, or None when there is no elevation."""
        from . import elevation

        t = self.clean()
        if not t.has_elevation:
            return None
        return elevation.gain_loss(elevation.smooth(t.ele))

    def clean(self) -> Track:
        """The track without its impossible jumps (itself when there are none)."""
        if self.excluded.size == 0:
            return self
        keep = np.ones(len(self), dtype=bool)
        keep[self.excluded] = False
        out = Track(
            self.lat[keep],
            self.lon[keep],
            self.ele[keep],
            self.time[keep],
            self.segment[keep],
            name=self.name,
            device_totals=self.device_totals,
            waypoints=self.waypoints,
            sport=self.sport,
        )
        out._excluded = np.empty(0, dtype=np.int64)
        return out

    def check(self, file: str) -> None:
        """Refuse values no receiver produces, naming the first bad point; warn of clock faults.

        Time going backwards, repeated or gapped is what real devices do (a watch steps its
        clock back at a multisport transition): a warning, see ``clock``.
        """
        problems = [
            (~np.isfinite(self.lat), "latitude is not a number"),
            (~np.isfinite(self.lon), "longitude is not a number"),
            (np.abs(self.lat) > 90, "latitude {lat} is outside -90..90"),
            (np.abs(self.lon) > 180, "longitude {lon} is outside -180..180"),
            (np.isinf(self.ele), "elevation is infinite"),
            (np.isinf(self.time), "time is infinite"),
        ]
        first: tuple[int, str] | None = None
        for mask, text in problems:
            hits = np.flatnonzero(mask)
            if hits.size and (first is None or hits[0] < first[0]):
                first = (int(hits[0]), text)
        if first is not None:
            i, text = first
            raise GpsError(file, point=i + 1, message=text.format(lat=self.lat[i], lon=self.lon[i]))
        if np.any(np.diff(self.segment) < 0):
            raise ValueError("segment numbers must not decrease")
        # A device's clock faults are its own, not the runner's: kept, measured around, named.
        from .clock import clock_warnings

        self.warnings.extend(clock_warnings(self.time, self.segment))

    def metrics(self) -> dict[str, Any]:
        from .metrics import compute

        return compute(self)

    def splits(self, unit_m: float = 1609.344) -> list[dict[str, Any]]:
        from .metrics import splits

        return splits(self, unit_m)

    def simplify(self, tolerance_m: float = 5.0) -> Track:
        from .simplify import simplify

        return simplify(self, tolerance_m)

    def reversed(self) -> Track:
        """The same course run the other way; times mirrored so durations are kept."""
        t = self.time[::-1]
        if np.isfinite(t).any():
            t = np.nanmax(self.time) + np.nanmin(self.time) - t
        seg = self.segment[::-1]
        seg = seg.max() - seg if seg.size else seg
        return Track(
            self.lat[::-1],
            self.lon[::-1],
            self.ele[::-1],
            t,
            seg,
            name=self.name,
            device_totals={},
            waypoints=self.waypoints,
            sport=self.sport,
        )


def _column(values: Any, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, np.nan)
    out = np.asarray(values, dtype=np.float64).reshape(-1)
    if out.size != n:
        raise ValueError("every column must have one entry per point")
    return out
