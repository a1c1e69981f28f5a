"""Courses: where a memorial mile is run, measured by the pure `memorialmiles.gps` library."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse

MILE_M = 1609.344


@dataclass(frozen=True)
class MileCheck:
    """Whether a course is long enough for a memorial mile, and how the page should say it.

    ``status`` is ``ok`` (a mile or more), ``within`` (short by no more than the tolerance,
    which absorbs GPS noise), ``short`` or ``unknown`` (no distance yet).
    """

    status: str
    distance_m: float | None
    tolerance_m: float

    @property
    def short_by_m(self) -> float:
        return 0.0 if self.distance_m is None else max(0.0, MILE_M - self.distance_m)

    @property
    def passes(self) -> bool:
        return self.status in {"ok", "within"}


class CourseQuerySet(models.QuerySet):
    def for_liaison(self, user) -> CourseQuerySet:
        """Courses of the agencies this liaison acts for."""
        return self.filter(agency__liaisons__user=user)


class Course(models.Model):
    name = models.CharField(max_length=200)
    start_place = models.CharField(max_length=200, blank=True)
    finish_place = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        "honors.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="courses"
    )
    description = models.TextField(blank=True)
    illustrative = models.BooleanField(
        default=False, help_text="Drawn by hand rather than surveyed or recorded; the page says so."
    )
    geometry = models.JSONField(
        default=dict,
        blank=True,
        help_text="Simplified GeoJSON LineString (lon, lat[, ele]); a MultiLineString for a "
        "track recorded in several segments.",
    )
    distance_m = models.FloatField(null=True, blank=True)
    elevation_gain_m = models.FloatField(null=True, blank=True)
    elevation_loss_m = models.FloatField(null=True, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    splits = models.JSONField(
        default=dict,
        blank=True,
        help_text="Splits of the full recorded track: {'mile': [...], 'km': [...]}.",
    )
    original = models.FileField(upload_to="courses/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(distance_m__isnull=True) | models.Q(distance_m__gte=0),
                name="course_distance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("course", args=[self.pk])

    @property
    def distance_miles(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / MILE_M

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / 1000

    @property
    def has_geometry(self) -> bool:
        return bool((self.geometry or {}).get("coordinates"))

    def mile_check(self, tolerance_m: float | None = None) -> MileCheck:
        if tolerance_m is None:
            tolerance_m = float(getattr(settings, "COURSE_MILE_TOLERANCE_M", 0))
        d = self.distance_m
        if d is None:
            status = "unknown"
        elif d >= MILE_M:
            status = "ok"
        elif d >= MILE_M - tolerance_m:
            status = "within"
        else:
            status = "short"
        return MileCheck(status=status, distance_m=d, tolerance_m=tolerance_m)

    def track(self):
        """The stored (simplified) line as a gps Track, for pictures, splits and downloads."""
        from memorialmiles import gps

        feature = {"type": "Feature", "properties": {"name": self.name}, "geometry": self.geometry}
        data = json.dumps(feature).encode()
        return gps.read(io.BytesIO(data), name=f"course {self.pk}")
