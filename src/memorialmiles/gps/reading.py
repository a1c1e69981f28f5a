"""``read()``: open a file, refuse what is too big, recognise the format by its content."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .errors import GpsError
from .track import Track

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def read(
    path_or_file: Any,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fast: bool = True,
) -> Track:
    """Read a GPX, TCX, FIT, GeoJSON or encoded-polyline file into a checked :class:`Track`.

    ``path_or_file`` is a path or an open file (binary or text). ``name`` is how the file is
    called in errors (defaults to the path or the file object's name). Files larger than
    ``max_bytes`` are refused before they are parsed.
    """
    label, data = _load(path_or_file, name, max_bytes)
    track = read_format(data, label, sniff(data), fast=fast)
    if not track.name and isinstance(path_or_file, str | os.PathLike):
        track.name = Path(path_or_file).stem
    return track


def read_format(data: bytes, label: str, fmt: str | None, *, fast: bool = True) -> Track:
    """Read bytes as the format given (``sniff``'s answer), check and warn: ``read`` without
    the file handling, for callers (and fuzzing harnesses) that hold the bytes already."""
    if fmt == "gpx":
        from .gpx import read_gpx

        track = read_gpx(data, label, fast=fast)
    elif fmt == "tcx":
        from .tcx import read_tcx

        track = read_tcx(data, label)
    elif fmt == "fit":
        from .fit import read_fit

        track = read_fit(data, label)
    elif fmt == "geojson":
        from .geojson import read_geojson

        track = read_geojson(data, label)
    elif fmt == "polyline":
        from .polyline import read_polyline

        track = read_polyline(data, label)
    else:
        raise GpsError(
            label,
            line=1,
            message="not a GPS file this reader knows (GPX, TCX, FIT, GeoJSON, encoded polyline)",
        )
    track.check(label)
    for i in track.excluded.tolist():
        track.warnings.append(
            f"point {i + 1}: more than 100 km from the track on both sides (impossible jump); "
            "left out of the metrics"
        )
    return track


def _load(path_or_file: Any, name: str | None, max_bytes: int) -> tuple[str, bytes]:
    if isinstance(path_or_file, str | os.PathLike):
        label = name or str(path_or_file)
        try:
            size = os.path.getsize(path_or_file)
            if size > max_bytes:
                raise GpsError(label, line=1, message=_too_big(size, max_bytes))
            with open(path_or_file, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise GpsError(label, line=1, message=f"cannot open: {exc.strerror or exc}") from None
    else:
        label = name or str(getattr(path_or_file, "name", "<stream>"))
        data = path_or_file.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise GpsError(label, line=1, message=_too_big(len(data), max_bytes))
    if not data[:4096].strip() and not data.strip():  # no copy of a big file to say no
        raise GpsError(label, line=1, message="the file is empty")
    return label, data


def _too_big(size: int, limit: int) -> str:
    return f"file is larger than the limit of {limit:,} bytes ({size:,} bytes or more); refused"


def sniff(data: bytes) -> str | None:
    """The format of a file from its first bytes, whatever its name says."""
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode()
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if b"<TrainingCenterDatabase" in head or b":TrainingCenterDatabase" in head:
            return "tcx"
        if b"<gpx" in head or b":gpx" in head:
            return "gpx"
        return "xml"
    if head.startswith((b"{", b"[")):
        return "geojson"
    from .polyline import looks_like_polyline

    if looks_like_polyline(data):
        return "polyline"
    return None
