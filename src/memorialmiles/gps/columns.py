"""Growing numeric columns for streaming readers: raw doubles, no object per point."""

from __future__ import annotations

from array import array

import numpy as np

from .errors import GpsError
from .timeparse import parse_times

_CHUNK = 65536


class Columns:
    """lat, lon, ele, time and segment appended point by point while a file streams past.

    Times arrive as text and are converted a chunk at a time (vectorised), so at most
    ``_CHUNK`` strings are alive at once.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.lat = array("d")
        self.lon = array("d")
        self.ele = array("d")
        self.time = array("d")
        self.segment = array("q")
        self.line = array("q")
        self.order = array("q")  # number of the point's start tag, see permutation()
        self._texts: list[bytes | str | None] = []

    def __len__(self) -> int:
        return len(self.lat)

    def add(
        self, lat, lon, ele, time_text, segment: int, line: int = 0, order: int | None = None
    ) -> None:
        self.order.append(len(self.order) if order is None else order)
        self.lat.append(lat)
        self.lon.append(lon)
        self.ele.append(ele)
        self.segment.append(segment)
        self.line.append(line)
        self._texts.append(time_text)
        if len(self._texts) >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self._texts:
            return
        values, bad = parse_times(self._texts)
        if bad is not None:
            i = len(self.time) + bad
            raise GpsError(
                self.file,
                line=self.line[i] or None,
                point=i + 1,
                message=f"time {self._texts[bad]!r} is not an ISO 8601 time",
            )
        self.time.extend(values.tolist() if values.size < 16 else array("d", values.tobytes()))
        self._texts.clear()

    def permutation(self) -> np.ndarray | None:
        """Rows in the order their start tags came, when that differs from the order added.

        Points are added when their element ends; only a point nested in another one (inside
        its extensions) ends before a point that started earlier. Document order of start tags
        is what the fast GPX reader gives, so both roads agree even then.
        """
        order = np.frombuffer(self.order, dtype=np.int64)
        if order.size < 2 or (np.diff(order) > 0).all():
            return None
        return np.argsort(order, kind="stable")

    def arrays(self) -> dict[str, np.ndarray]:
        self._flush()
        pick = self.permutation()
        columns = {
            "lat": np.frombuffer(self.lat, dtype=np.float64),
            "lon": np.frombuffer(self.lon, dtype=np.float64),
            "ele": np.frombuffer(self.ele, dtype=np.float64),
            "time": np.frombuffer(self.time, dtype=np.float64),
            "segment": np.frombuffer(self.segment, dtype=np.int64),
        }
        return {k: v.copy() if pick is None else v[pick] for k, v in columns.items()}


def number(text: str | bytes | None, file: str, line: int | None, what: str) -> float:
    """A float from element text or an attribute, or a GpsError naming the line."""
    if text is None:
        return float("nan")
    try:
        return float(text)
    except ValueError:
        shown = text.decode(errors="replace") if isinstance(text, bytes) else text
        message = f"{what} {shown.strip()!r} is not a number"
        raise GpsError(file, line=line, message=message) from None
