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
        self._texts: list[bytes | str | None] = []

    def __len__(self) -> int:
        return len(self.lat)

    def add(self, lat, lon, ele, time_text, segment: int, line: int = 0) -> None:
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

    def arrays(self) -> dict[str, np.ndarray]:
        self._flush()
        return {
            "lat": np.frombuffer(self.lat, dtype=np.float64).copy(),
            "lon": np.frombuffer(self.lon, dtype=np.float64).copy(),
            "ele": np.frombuffer(self.ele, dtype=np.float64).copy(),
            "time": np.frombuffer(self.time, dtype=np.float64).copy(),
            "segment": np.frombuffer(self.segment, dtype=np.int64).copy(),
        }


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
