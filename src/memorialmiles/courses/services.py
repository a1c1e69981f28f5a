"""Turning an uploaded file into a course: one function for the page, the admin and the API.

The file is read once by the pure GPS library; what is kept is the simplified line (a few
hundred points, enough to draw and to measure within 0.5%), the metrics and splits of the full
recording, and the original file itself, so nothing the organizer brought is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from memorialmiles import gps
from memorialmiles.courses.models import MILE_M, Course

# Douglas-Peucker tolerance: 2 m keeps every bend of a street course; the library halves it
# further whenever the simplified line would lose more than 0.5% of the distance.
SIMPLIFY_TOLERANCE_M = 2.0
# A last split shorter than this is floating-point rounding of the total, not a real split.
SLIVER_M = 0.01


@dataclass(frozen=True)
class Measured:
    """A file read and measured, not yet saved."""

    file_name: str
    data: bytes
    geometry: dict[str, Any]
    metrics: dict[str, Any]
    splits: dict[str, list[dict[str, Any]]]

    @property
    def distance_m(self) -> float:
        return float(self.metrics["distance_m"])


def measure(data: bytes, file_name: str, *, max_bytes: int | None = None) -> Measured:
    """Read and measure a GPS file; raise ``gps.GpsError`` naming the file and line or point."""
    import io

    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    track = gps.read(io.BytesIO(data), name=file_name, max_bytes=limit)
    if len(track.clean()) < 2:
        raise gps.GpsError(file_name, line=1, message="a course needs at least two points")
    metrics = track.metrics()
    if not metrics["distance_m"]:
        raise gps.GpsError(file_name, line=1, message="the track has no length (one place only)")
    simple = track.simplify(SIMPLIFY_TOLERANCE_M)
    geometry = gps.geojson_dict(simple)
    if geometry.get("type") == "FeatureCollection":  # waypoints: keep only the line
        geometry = geometry["features"][0]
    splits = course_splits(track)
    metrics["simplified_points"] = len(simple)
    return Measured(file_name, data, geometry["geometry"], metrics, splits)


def course_splits(track: gps.Track) -> dict[str, list[dict[str, Any]]]:
    """Splits per mile and per km, without a last "split" of a few micrometres.

    A line measured as 3000.000005 m would otherwise end in a fourth kilometre split of 5 um,
    which is rounding, not road.
    """
    out = {}
    for key, unit in (("mile", MILE_M), ("km", 1000.0)):
        rows = track.splits(unit)
        if len(rows) > 1 and rows[-1]["distance_m"] < SLIVER_M:
            rows = rows[:-1]
            rows[-1] = {**rows[-1], "end_m": float(track.metrics()["distance_m"])}
        out[key] = rows
    return out


def read_upload(upload) -> Measured:
    """Measure an uploaded file (Django ``UploadedFile``), refusing one over the size limit."""
    limit = settings.MAX_UPLOAD_BYTES
    name = _base_name(upload.name or "upload")
    if upload.size is not None and upload.size > limit:
        raise gps.GpsError(
            name,
            line=1,
            message=f"file is larger than the limit of {limit:,} bytes "
            f"({upload.size:,} bytes); refused",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    return measure(data, name, max_bytes=limit)


def apply(course: Course, measured: Measured) -> Course:
    """Put a measurement on a course (new or existing); the caller saves it."""
    course.geometry = measured.geometry
    course.metrics = measured.metrics
    course.splits = measured.splits
    course.distance_m = round(measured.distance_m, 2)
    course.elevation_gain_m = measured.metrics.get("elevation_gain_m")
    course.elevation_loss_m = measured.metrics.get("elevation_loss_m")
    course.original_name = measured.file_name
    course.original.save(measured.file_name, ContentFile(measured.data), save=False)
    if not course.name:
        course.name = measured.metrics.get("name") or measured.file_name
    return course


@transaction.atomic
def create_course(measured: Measured, *, user=None, **fields: Any) -> Course:
    """Save a new course from a measured file; the view, the admin and the API all come here."""
    course = Course(created_by=user if getattr(user, "is_authenticated", False) else None)
    for key, value in fields.items():
        setattr(course, key, value)
    apply(course, measured)
    course.save()
    return course


def _base_name(name: str) -> str:
    """The file's own name without any folders a browser sent, for messages and storage."""
    return name.replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload"
